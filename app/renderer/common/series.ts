/**
 * The time series the plots draw, outside React state: every weight's history
 * of the current run (from the frames' `trace`, see src/training/trace.ts),
 * each dense layer's gradient norm at the same updates, and one loss curve per
 * training run of the document.
 */
import type { Frame } from '#src/training/frame';
import type { EpochRecord, RunRecord } from '#src/model/types';
import { runCurves } from '#src/model/runs';

/** Longest series kept; past it every other sample is dropped (the shape survives, memory does not grow). */
export const MAX_POINTS = 4000;

/** One dense layer's parameters over the run: `series` holds W (row-major), b, then ∂L/∂W, ∂L/∂b. */
export interface LayerHistory {
  rows: number;
  cols: number;
  bias: boolean;
  /** Parameters (W and b); `series` has twice as many (values, then gradients). */
  size: number;
  /** Samples held. */
  n: number;
  /** The update each sample was taken after. */
  steps: Float64Array;
  series: Float32Array[];
}

export interface LossSeries {
  epoch: number[];
  loss: number[];
  valLoss: (number | null)[];
  accuracy: (number | null)[];
  valAccuracy: (number | null)[];
}

/** One run's loss curve: `epoch` counts from 1 within the run, as the progress line does. */
export interface RunLoss {
  id: number;
  run: RunRecord | null;
  series: LossSeries;
  /** How `series` stays short. */
  decimated: Decimated;
}

function runLoss(id: number, run: RunRecord | null): RunLoss {
  const series = emptyLoss();
  const { epoch, loss, valLoss, accuracy, valAccuracy } = series;
  return {
    id,
    run,
    series,
    decimated: new Decimated([epoch, loss, valLoss, accuracy, valAccuracy]),
  };
}

export function emptyLoss(): LossSeries {
  return { epoch: [], loss: [], valLoss: [], accuracy: [], valAccuracy: [] };
}

/**
 * Parallel arrays kept under MAX_POINTS however long a run grows: they hold
 * every `stride`-th sample (the stride doubles, and every other kept sample
 * goes, each time they fill), plus the newest sample, so old and new parts of
 * a curve stay equally detailed and its end is exact.
 */
export class Decimated {
  private stride = 1;
  private seen = 0;
  /** Whether the last element is the newest sample, kept off the stride. */
  private extra = false;

  constructor(readonly arrays: unknown[][]) {}

  push(values: unknown[]): void {
    const arrays = this.arrays;
    if (this.extra) for (const a of arrays) a.pop();
    arrays.forEach((a, i) => a.push(values[i]));
    this.extra = this.seen % this.stride !== 0;
    this.seen++;
    if (arrays[0].length <= MAX_POINTS) return;
    const tail = this.extra ? arrays.map((a) => a.pop()) : null;
    for (const a of arrays) {
      let j = 0;
      for (let i = 0; i < a.length; i += 2) a[j++] = a[i];
      a.length = j;
    }
    this.stride *= 2;
    if (tail) arrays.forEach((a, i) => a.push(tail[i]));
  }
}

/** Drops every other sample of typed series holding `n`; returns the new count. */
function halve(arrays: (Float32Array | Float64Array)[], n: number): number {
  let j = 0;
  for (let i = 0; i < n; i += 2, j++) for (const a of arrays) a[j] = a[i];
  if (n % 2 === 0) {
    for (const a of arrays) a[j] = a[n - 1];
    j++;
  }
  return j;
}

function grown<T extends Float32Array | Float64Array>(a: T, capacity: number): T {
  const b = new (a.constructor as new (n: number) => T)(capacity);
  b.set(a);
  return b;
}

export class WeightSeries {
  layers = new Map<string, LayerHistory>();
  /** Updates at which gradient norms were sampled, and the norms per dense layer. */
  gradSteps: number[] = [];
  gradNorms = new Map<string, (number | null)[]>();
  private norms = new Decimated([]);

  clear(): void {
    this.layers = new Map();
    this.gradSteps = [];
    this.gradNorms = new Map();
    this.norms = new Decimated([]);
  }

  /** Appends the samples a frame carries. Returns whether it carried any. */
  take(frame: Frame): boolean {
    const t = frame.header.trace;
    const data = frame.trace;
    if (!t || !data || !t.steps.length) return false;
    const count = t.steps.length;
    // A run's dense layers do not change: their series start with its first samples.
    if (!this.gradSteps.length) {
      this.gradNorms = new Map(t.normIds.map((id) => [id, []]));
      this.norms = new Decimated([this.gradSteps, ...this.gradNorms.values()]);
    }
    const ids = [...this.gradNorms.keys()];
    t.steps.forEach((step, s) => {
      const values = ids.map((id) => {
        const v = data.norms[s * t.normIds.length + t.normIds.indexOf(id)];
        return Number.isFinite(v) ? v : null;
      });
      this.norms.push([step, ...values]);
    });

    const stride = t.layers.reduce(
      (sum, l) => sum + 2 * (l.rows * l.cols + (l.bias ? l.rows : 0)),
      0,
    );
    let offset = 0;
    for (const layer of t.layers) {
      const size = layer.rows * layer.cols + (layer.bias ? layer.rows : 0);
      let h = this.layers.get(layer.id);
      if (!h || h.rows !== layer.rows || h.cols !== layer.cols || h.bias !== layer.bias) {
        h = {
          ...layer,
          size,
          n: 0,
          steps: new Float64Array(256),
          series: Array.from({ length: 2 * size }, () => new Float32Array(256)),
        };
        this.layers.set(layer.id, h);
      }
      if (h.n + count > h.steps.length) {
        const capacity = Math.max(h.steps.length * 2, h.n + count);
        h.steps = grown(h.steps, capacity);
        h.series = h.series.map((a) => grown(a, capacity));
      }
      for (let s = 0; s < count; s++) {
        h.steps[h.n] = t.steps[s];
        const base = s * stride + offset;
        for (let k = 0; k < 2 * size; k++) h.series[k][h.n] = data.values[base + k];
        h.n++;
      }
      if (h.n > MAX_POINTS) h.n = halve([h.steps, ...h.series], h.n);
      offset += 2 * size;
    }
    return true;
  }
}

/** The document's loss curves, one per run, and the run that is training now. */
export class RunLosses {
  runs: RunLoss[] = [];
  /** The run frames' epoch records belong to (the last one started). */
  current: RunLoss | null = null;

  /** Rebuilds the curves from a document's history and run list. */
  load(history: EpochRecord[], runs: RunRecord[] = []): void {
    this.runs = runCurves(history, runs).map((c) => {
      const curve = runLoss(c.id, c.run);
      append(curve, c.records);
      return curve;
    });
    this.current = this.runs[this.runs.length - 1] ?? null;
  }

  /** A run starts: its curve is empty until its first epoch ends. */
  begin(run: RunRecord): void {
    const existing = this.runs.find((r) => r.id === run.id);
    this.current = existing ?? runLoss(run.id, run);
    if (!existing) this.runs.push(this.current);
  }

  /** Epoch records of the current run. */
  append(records: EpochRecord[]): void {
    if (!records.length) return;
    if (!this.current) {
      this.current = runLoss(0, null);
      this.runs.push(this.current);
    }
    append(this.current, records);
  }
}

function append(curve: RunLoss, records: EpochRecord[]): void {
  const from = curve.run?.fromEpoch ?? 0;
  for (const r of records)
    curve.decimated.push([
      r.epoch - from,
      r.loss,
      r.valLoss ?? null,
      r.accuracy ?? null,
      r.valAccuracy ?? null,
    ]);
}
