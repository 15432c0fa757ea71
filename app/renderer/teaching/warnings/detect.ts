/**
 * Warnings a teacher would give while watching a run, computed from the live
 * statistics a training frame carries. Pure functions of plain numbers: no
 * React, no store, so each rule can be tested on crafted input.
 *
 * - saturated sigmoid / tanh units: `nodeStats[id].saturated` (share of
 *   outputs where f′ < 0.06) above SATURATED;
 * - dead ReLUs: `nodeStats[id].dead` (share of units with z ≤ 0 for every
 *   sample) above DEAD;
 * - vanishing / exploding gradients: ‖∂L/∂W‖ of the first dense layer over the
 *   last's below VANISHING_RATIO or above EXPLODING_RATIO, or any norm above
 *   EXPLODING_NORM;
 * - an oscillating loss: over the last OSCILLATION_WINDOW epochs the loss
 *   turns up and down repeatedly with steps large next to its level.
 *
 * The words come from the catalogue (area `warnings`) in the language current
 * when a rule fires; the monitor runs the rules again on a language switch.
 */
import type { EpochRecord } from '#src/model/types';
import { own } from '#src/engine/table';
import { formatNumber, t, tKey } from '#src/i18n';
import type { TeachingWarning, WarningKind } from '../../store/teaching';

export const SATURATED = 0.5;
/** Training accuracy from which a classifier counts as fitted: its saturated units are confidence, not a problem. */
export const FITTED_ACCURACY = 0.98;
/**
 * Saturation is flagged while the epoch loss is still above this share of its
 * first value: units that saturate as the loss falls are sharpening what the
 * network learned; units saturated while the loss stays put are the problem.
 */
export const SATURATION_PROGRESS = 0.5;
export const DEAD = 0.5;
export const VANISHING_RATIO = 1e-3;
export const EXPLODING_RATIO = 1e3;
export const EXPLODING_NORM = 1e3;
export const OSCILLATION_WINDOW = 10;
/**
 * Direction changes (of OSCILLATION_WINDOW − 2 possible) that count as oscillating: a
 * too-large step flips nearly every epoch, while mini-batch noise flips about 5 times in 8.
 */
export const OSCILLATION_TURNS = 6;
/** Mean |step| relative to the mean loss over the window that counts as large. */
export const OSCILLATION_AMPLITUDE = 0.1;
/**
 * …and at least this share of the largest loss of the run: a converged loss
 * (1e-9 next to a start of 0.7) wobbles by float rounding, which is no oscillation.
 */
export const OSCILLATION_FLOOR = 0.02;

const percent = (v: number) => formatNumber(v, { style: 'percent', maximumFractionDigits: 0 });

/** Each kind's title and fix (catalogue keys); the explanation is the rule's own. */
const WORDS: Record<WarningKind, { title: string; fix: string }> = {
  saturated: { title: tKey('warnings.saturated.title'), fix: tKey('warnings.saturated.fix') },
  dead: { title: tKey('warnings.dead.title'), fix: tKey('warnings.dead.fix') },
  vanishing: { title: tKey('warnings.vanishing.title'), fix: tKey('warnings.vanishing.fix') },
  exploding: { title: tKey('warnings.exploding.title'), fix: tKey('warnings.exploding.fix') },
  oscillating: {
    title: tKey('warnings.oscillating.title'),
    fix: tKey('warnings.oscillating.fix'),
  },
};

/** A warning of `kind` on a node, worded now; `titleValues` fill in the title's placeholders. */
function warning(
  kind: WarningKind,
  nodeId: string,
  explanation: string,
  titleValues?: Record<string, unknown>,
): TeachingWarning {
  const words = WORDS[kind];
  const title = t(words.title, titleValues);
  return { key: `${kind}:${nodeId}`, kind, nodeId, title, explanation, fix: t(words.fix) };
}

export type NodeStats = Record<string, { saturated?: number; dead?: number }>;

/**
 * Saturated sigmoid / tanh units on hidden activation nodes. The output node is
 * left out: a classifier's output sigmoid sitting in its tails means it is
 * confident, which is what training is for. So is a classifier that already
 * fits its training data (`accuracy` ≥ FITTED_ACCURACY), and a run whose epoch
 * loss (`losses`) has fallen below SATURATION_PROGRESS of its first value: its
 * hidden units saturate as its boundaries sharpen.
 */
export function detectSaturation(
  stats: NodeStats,
  fnById: Record<string, string | undefined>,
  outputId?: string,
  accuracy?: number,
  losses: readonly number[] = [],
): TeachingWarning[] {
  const out: TeachingWarning[] = [];
  if (accuracy !== undefined && accuracy >= FITTED_ACCURACY) return out;
  const first = losses.find((v) => Number.isFinite(v));
  const last = losses[losses.length - 1];
  if (first !== undefined && last < SATURATION_PROGRESS * first) return out;
  for (const [id, s] of Object.entries(stats)) {
    const fn = own(fnById, id);
    if (id === outputId || (fn !== 'sigmoid' && fn !== 'tanh')) continue;
    const v = s.saturated;
    if (v === undefined || !Number.isFinite(v) || v <= SATURATED) continue;
    const explanation = t('warnings.saturated.explanation', { share: percent(v), fn });
    out.push(warning('saturated', id, explanation, { fn }));
  }
  return out;
}

/** ReLU nodes where more than DEAD of the units never fire on the batch. */
export function detectDeadRelu(stats: NodeStats): TeachingWarning[] {
  const out: TeachingWarning[] = [];
  for (const [id, s] of Object.entries(stats)) {
    const v = s.dead;
    if (v === undefined || !Number.isFinite(v) || v <= DEAD) continue;
    out.push(warning('dead', id, t('warnings.dead.explanation', { share: percent(v) })));
  }
  return out;
}

const sci = (v: number) => v.toExponential(0).replace('e+', 'e');

/**
 * Per-layer ‖∂L/∂W‖ in order from the input to the output (`layers`, dense node
 * ids in topological order). Norms of 0 or non-finite norms are not judged
 * (no step yet; divergence is reported by the session itself).
 */
export function detectGradientFlow(
  norms: Record<string, number>,
  layers: string[],
): TeachingWarning[] {
  const out: TeachingWarning[] = [];
  const norm = (id: string) => own(norms, id) ?? NaN;
  const known = layers.filter((id) => Number.isFinite(norm(id)));
  const huge = known.filter((id) => norm(id) > EXPLODING_NORM);
  for (const id of huge) {
    out.push(
      warning('exploding', id, t('warnings.exploding.explanationNorm', { norm: sci(norm(id)) })),
    );
  }
  if (known.length < 2) return out;
  const first = known[0];
  const last = known[known.length - 1];
  const a = norm(first);
  const b = norm(last);
  if (!(a > 0) || !(b > 0)) return out;
  const ratio = a / b;
  if (ratio < VANISHING_RATIO) {
    out.push(
      warning('vanishing', first, t('warnings.vanishing.explanation', { ratio: sci(ratio) })),
    );
  } else if (ratio > EXPLODING_RATIO && !huge.includes(first)) {
    out.push(
      warning('exploding', first, t('warnings.exploding.explanationRatio', { ratio: sci(ratio) })),
    );
  }
  return out;
}

/**
 * Whether the last OSCILLATION_WINDOW epoch losses (of `losses`, the run's
 * history) go up and down repeatedly with large steps: at least
 * OSCILLATION_TURNS changes of direction, and a mean step of at least
 * OSCILLATION_AMPLITUDE × the mean loss and OSCILLATION_FLOOR × the largest loss.
 */
export function lossOscillates(losses: readonly number[]): boolean {
  const w = losses.slice(-OSCILLATION_WINDOW).filter((v) => Number.isFinite(v));
  if (w.length < OSCILLATION_WINDOW) return false;
  let turns = 0;
  let step = 0;
  let prev = 0;
  for (let i = 1; i < w.length; i++) {
    const d = w[i] - w[i - 1];
    step += Math.abs(d);
    const sign = Math.sign(d);
    if (sign !== 0 && prev !== 0 && sign !== prev) turns++;
    if (sign !== 0) prev = sign;
  }
  const mean = w.reduce((s, v) => s + Math.abs(v), 0) / w.length;
  if (mean === 0) return false;
  let largest = 0;
  for (const v of losses) if (Number.isFinite(v)) largest = Math.max(largest, Math.abs(v));
  const meanStep = step / (w.length - 1);
  return (
    turns >= OSCILLATION_TURNS &&
    meanStep >= OSCILLATION_AMPLITUDE * mean &&
    meanStep >= OSCILLATION_FLOOR * largest
  );
}

/** The oscillation warning, shown on the loss node. */
export function detectOscillation(losses: readonly number[], lossId: string): TeachingWarning[] {
  if (!lossOscillates(losses)) return [];
  return [
    warning(
      'oscillating',
      lossId,
      t('warnings.oscillating.explanation', { epochs: OSCILLATION_WINDOW }),
    ),
  ];
}

/** What the rules read: a frame's statistics, the epoch losses so far, and the graph's shape. */
export interface WarningInput {
  nodeStats: NodeStats;
  gradNorms: Record<string, number>;
  /** Epoch losses, oldest first. */
  losses: readonly number[];
  /** Activation function by activation node id. */
  fnById: Record<string, string | undefined>;
  /** Dense node ids from input to output. */
  denseOrder: string[];
  /** The node whose output is the prediction. */
  outputId?: string;
  lossId?: string;
  /** Training accuracy of the last epoch (classification only). */
  accuracy?: number;
}

export function detectWarnings(input: WarningInput): TeachingWarning[] {
  return [
    ...detectSaturation(
      input.nodeStats,
      input.fnById,
      input.outputId,
      input.accuracy,
      input.losses,
    ),
    ...detectDeadRelu(input.nodeStats),
    ...detectGradientFlow(input.gradNorms, input.denseOrder),
    ...(input.lossId ? detectOscillation(input.losses, input.lossId) : []),
  ];
}

/** Loss values of epoch records (what `lossOscillates` reads). */
export const epochLosses = (history: readonly EpochRecord[]) => history.map((r) => r.loss);
