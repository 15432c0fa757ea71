import { beforeEach, describe, expect, it } from 'vitest';
import { setLanguage } from '#src/i18n';
import { exampleById } from '#src/model/examples';
import type { FrameHeader } from '#src/training/frame';
import { useDocument } from '../../store/document';
import { live } from '../../common/live';
import { testFrame } from '../../common/test-frame';
import { useTeaching } from '../../store/teaching';
import { evaluate, startWarningMonitor } from './monitor';

const frame = (patch: Partial<FrameHeader>) =>
  testFrame({
    gradNorms: { dense1: 0.1, dense2: 0.2 },
    nodeStats: { act1: { saturated: 0.1 }, act2: { saturated: 0.9 } },
    ...patch,
  });

const shown = () => useTeaching.getState().warnings.map((w) => `${w.kind}:${w.nodeId}`);

describe('the warning monitor', () => {
  beforeEach(() => {
    useDocument.getState().load(exampleById('xor')!.model());
    live.reset();
    useTeaching.setState({ warnings: [] });
    evaluate(0);
  });

  it('shows what the latest frame’s statistics call for, on the nodes of the open graph', () => {
    live.push(frame({}));
    evaluate(1000);
    expect(shown()).toEqual([]);
    live.push(frame({ step: 2, nodeStats: { act1: { saturated: 0.8 } } }));
    evaluate(2000);
    expect(shown()).toEqual(['saturated:act1']);
  });

  it('holds a warning briefly after its rule goes quiet, then drops it', () => {
    live.push(frame({ nodeStats: { act1: { saturated: 0.8 } } }));
    evaluate(1000);
    live.push(frame({ step: 2 }));
    evaluate(1500);
    expect(shown()).toEqual(['saturated:act1']);
    evaluate(4000);
    expect(shown()).toEqual([]);
  });

  it('clears with the live buffer (a document load or a weight reset)', () => {
    live.push(frame({ gradNorms: { dense1: 5e3, dense2: 1 } }));
    evaluate(1000);
    expect(shown()).toEqual(['exploding:dense1']);
    live.reset();
    evaluate(1100);
    expect(shown()).toEqual([]);
  });

  it('words the warnings again when the language changes', () => {
    live.push(frame({ nodeStats: { act1: { saturated: 0.8 } } }));
    const stop = startWarningMonitor();
    try {
      expect(useTeaching.getState().warnings[0].title).toBe('Saturated tanh units');
      setLanguage('zh-CN');
      const [w] = useTeaching.getState().warnings;
      expect(w.title).toBe('tanh 神经元饱和');
      expect(w.explanation).toContain('80%');
      expect(w.fix).toContain('学习率');
    } finally {
      setLanguage('en');
      stop();
    }
    expect(useTeaching.getState().warnings[0].title).toBe('Saturated tanh units');
  });
});
