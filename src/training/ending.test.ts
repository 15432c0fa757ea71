import { afterEach, describe, expect, it } from 'vitest';
import { exampleById } from '../model/examples';
import { exampleDocument } from '../model/testing/documents';
import type { ModelFile } from '../model/types';
import { setLanguage } from '../i18n';
import { endingText, lossRose } from './ending';
import { diverging, runnerFor, xor } from './testing/runners';

describe('honest endings', () => {
  it('warns when the article network ends with a loss above its start (learning rate 100)', async () => {
    const model = exampleDocument('article', { learningRate: 100, epochs: 500 });
    const { runner } = await runnerFor(model);
    const history = [];
    while (runner.state === 'idle' || runner.state === 'running') {
      runner.runFor(1000);
      history.push(...runner.frame().header.history);
    }
    expect(runner.state).toBe('done');
    const first = history[0].loss;
    const last = history[history.length - 1].loss;
    expect(last).toBeGreaterThan(first);
    const header = runner.frame().header;
    expect(header.warning).toBe(true);
    expect(header.message).toContain(
      'Trained 500 epochs, but the loss ended above where it started',
    );
    expect(header.message).toContain(
      `${Number(first.toPrecision(3))} → ${Number(last.toPrecision(3))}`,
    );
    expect(header.message).toContain('The learning rate (100) is probably too high: try 10.');
  });

  it('also warns when the loss rose a hundredfold on the way, and not for a small bump', () => {
    expect(lossRose({ first: 0.5, max: 60, last: 0.1 }, 3)).toBe(
      'the loss rose 120-fold on the way (0.5 → 60, ended at 0.1). The learning rate (3) is probably too high: try 0.3.',
    );
    expect(lossRose({ first: 0.5, max: 40, last: 0.1 }, 3)).toBeNull();
    expect(lossRose({ first: 0.5, max: 0.5, last: 0.5 }, 3)).toBeNull();
    expect(lossRose({ first: 0, max: 1, last: 1 }, 3)).toBeNull();
  });

  it('does not warn when the loss falls', async () => {
    const { runner } = await runnerFor(xor());
    while (runner.state !== 'done') runner.runFor(1000);
    const header = runner.frame().header;
    expect(header.warning).toBeUndefined();
    expect(header.message).toBe('Trained 500 epochs.');
  });
});

/** Runs `model` to its end (or `stop`s it first) and returns the last frame's header. */
async function ended(model: ModelFile, stop?: boolean) {
  const { runner } = await runnerFor(model);
  if (stop) {
    runner.runFor(10);
    runner.stop();
  }
  while (runner.state === 'idle' || runner.state === 'running') runner.runFor(1000);
  return runner.frame().header;
}

const rising = (): ModelFile => exampleDocument('article', { learningRate: 100, epochs: 500 });

const targeted = (): ModelFile => exampleDocument('xor', { targetLoss: 0.2 });

describe('a run’s ending, worded from its facts', () => {
  // The session words its message in its language (English here); a Chinese window, the same facts in Chinese.
  afterEach(() => setLanguage('en'));

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
