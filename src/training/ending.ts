/**
 * Why a run ended, in words, from its facts (`FrameHeader.ending`): the session
 * words its `message` in its own language, and a window words the same facts in
 * the window's (the host's language may differ from the window's).
 */
import { formatNumber, t, tKey } from '../i18n';
import type { LossRise, RunEnding } from './frame';

/** A run whose loss rose this many times above its first epoch's ended badly even if it came back. */
export const ROSE_FACTOR = 100;

/** Counts as the session has always written them, without group separators (`1000 epochs`). */
const count = (n: number) => formatNumber(n, { useGrouping: false });

/** A loss or a learning rate as the session writes it (`0.523`, `1e-7`): values people copy. */
const value = (v: number) => String(Number(v.toPrecision(3)));

/** A loss's rise and the learning rate to try instead. */
export function roseText(r: LossRise): string {
  const shared = {
    first: value(r.first),
    last: value(r.last),
    rate: String(r.learningRate),
    smaller: String(r.learningRate / 10),
  };
  return r.how === 'ended'
    ? t('training.end.roseEnded', shared)
    : t('training.end.roseOnTheWay', {
        ...shared,
        max: value(r.max),
        factor: count(Math.round(r.max / r.first)),
      });
}

const PASS = {
  forward: tKey('training.end.passForward'),
  backward: tKey('training.end.passBackward'),
  weights: tKey('training.end.passWeights'),
};

export function endingText(e: RunEnding): string {
  switch (e.kind) {
    case 'done': {
      const n = { count: e.epochs, n: count(e.epochs) };
      return e.rose
        ? t('training.end.doneRose', { ...n, rose: roseText(e.rose) })
        : t('training.end.done', n);
    }
    case 'target':
      return t('training.end.target', {
        target: String(e.targetLoss),
        epoch: count(e.epoch),
      });
    case 'stopped':
      return t('training.end.stopped');
    case 'diverged':
      return t('training.end.diverged', {
        epoch: count(e.epoch),
        step: count(e.step),
        what: e.cause === 'loss' ? t('training.end.whatLoss') : t('training.end.whatWeights'),
        value:
          e.loss === null
            ? t('training.end.nonFinite')
            : e.loss === 'Infinity'
              ? t('training.end.infinity')
              : t('training.end.minusInfinity'),
        name: e.node
          ? t('training.end.node', { label: t(e.node.label), id: e.node.id })
          : t('training.end.network'),
        pass: t(PASS[e.pass]),
        rate: String(e.learningRate),
        smaller: String(e.learningRate / 10),
        safe: count(e.safeStep),
      });
  }
}

/**
 * Why a run that trained all its epochs did not learn, or null when it did: its loss (per epoch)
 * ended above where it started, or rose ROSE_FACTOR times on the way. The text suggests a
 * smaller learning rate (NaN is `diverge`'s business).
 */
export function lossRose(
  loss: { first: number; max: number; last: number },
  learningRate: number,
): string | null {
  const rise = lossRise(loss, learningRate);
  return rise && roseText(rise);
}

/** The same as facts (the window words them in its language), or null when the loss did not rise. */
export function lossRise(
  loss: { first: number; max: number; last: number },
  learningRate: number,
): LossRise | null {
  const { first, max, last } = loss;
  if (!(first > 0)) return null;
  if (last > first) return { how: 'ended', first, max, last, learningRate };
  if (max >= ROSE_FACTOR * first) return { how: 'rose', first, max, last, learningRate };
  return null;
}
