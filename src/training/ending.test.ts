/**
 * A run's ending is worded from its facts: the session's message is those
 * words in the session's language (English in tests), and a window in Chinese
 * says the same facts in Chinese.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { setLanguage } from '../i18n';
import { exampleById } from '../model/examples';
import { prepareModel } from '../model/prepare';
import type { ModelFile } from '../model/types';
import { endingText } from './ending';
import { lossRose, Runner } from './runner';

afterEach(() => setLanguage('en'));

/** Runs `model` to its end (or `stop`s it first) and returns the last frame's header. */
async function ended(model: ModelFile, stop?: boolean) {
  const prepared = await prepareModel(model);
  if (!prepared.ok) throw new Error(JSON.stringify(prepared.problems));
  let t = 0;
  const runner = new Runner({
    net: prepared.net,
    data: prepared.data,
    config: prepared.model.training,
    now: () => t++,
  });
  if (stop) {
    runner.runFor(10);
    runner.stop();
  }
  while (runner.state === 'idle' || runner.state === 'running') runner.runFor(1000);
  return runner.frame().header;
}

function diverging(): ModelFile {
  const model = exampleById('article')!.model();
  model.graph.nodes = model.graph.nodes.filter((n) => n.kind !== 'activation');
  model.graph.edges = [
    { id: 'a', source: 'input', target: 'dense1' },
    { id: 'b', source: 'dense1', target: 'dense2' },
    { id: 'c', source: 'dense2', target: 'loss' },
  ];
  model.training = { ...model.training, optimizer: 'sgd', learningRate: 1e6 };
  return model;
}

function rising(): ModelFile {
  const model = exampleById('article')!.model();
  model.training = { ...model.training, learningRate: 100, epochs: 500 };
  return model;
}

function targeted(): ModelFile {
  const model = exampleById('xor')!.model();
  model.training = { ...model.training, targetLoss: 0.2 };
  return model;
}

describe('a run’s ending, worded by the window', () => {
  const cases: [string, () => ModelFile, boolean?][] = [
    ['done', () => exampleById('xor')!.model()],
    ['done, the loss rose', rising],
    ['the target loss reached', targeted],
    ['diverged', diverging],
    ['stopped by the user', () => exampleById('xor')!.model(), true],
  ];
  for (const [name, model, stop] of cases) {
    it(`sends the facts its message words: ${name}`, async () => {
      const header = await ended(model(), stop);
      expect(header.ending).toBeDefined();
      expect(endingText(header.ending!)).toBe(header.message);
    });
  }

  it('words a loss that rose on the way as the session does', () => {
    const rose = { how: 'rose', first: 0.5, max: 60, last: 0.1, learningRate: 3 } as const;
    expect(endingText({ kind: 'done', epochs: 3, rose })).toBe(
      `Trained 3 epochs, but ${lossRose(rose, 3)}`,
    );
  });

  it('says the same facts in Chinese', async () => {
    const diverged = await ended(diverging());
    const rose = await ended(rising());
    setLanguage('zh-CN');
    const text = endingText(diverged.ending!);
    expect(text).toMatch(new RegExp(`^训练在第 \\d+ 轮、第 \\d+ 步停止：`));
    expect(text).toContain(`节点“${diverged.nodeId}”`);
    expect(text).toContain('学习率太高（现在是 1000000）：试试 100000。');
    expect(endingText(rose.ending!)).toMatch(
      /^已训练 500 轮，但损失最终高于起点：[\d.]+ → [\d.]+。学习率（100）可能太高了：试试 10。$/,
    );
    expect(endingText({ kind: 'stopped' })).toBe('训练已停止。');
  });
});
