/**
 * The live training buffer: the latest frame and the time series the panels
 * plot, kept in plain module state, never in React state. Frames arrive about
 * 30 times a second; listeners (edges, the loss node, progress, charts) are
 * told once per animation frame at most, and read what they draw from here.
 */
import { decodeFrame, type Frame, type FrameHeader } from '../../../src/training/frame';
import type { EpochRecord } from '../../../src/model/types';

/** Which per-edge number the canvas shows (index into a frame's 3 numbers per edge). */
export type OverlayStat = 'activation' | 'gradient' | 'update';
export const STAT_INDEX: Record<OverlayStat, number> = { activation: 0, gradient: 1, update: 2 };

/** How long each half of the direction animation lasts: forward dashes, then backward dashes. */
export const PHASE_MS = 450;
/**
 * How often listeners redraw while frames stream. Sessions send about 30 frames a second; numbers
 * that change faster than this cannot be read, and every redraw repaints the canvas's edges.
 */
export const DISPLAY_HZ = 20;
/** Paces at or below this many updates a second play each update's two halves once, in step. */
export const SLOW_PACE = 1000 / (2 * PHASE_MS);
/** Longest series kept; past it every other point is dropped (the shape survives, memory does not grow). */
export const MAX_POINTS = 4000;
/** Layers with more parameters than this are not tracked weight by weight. */
export const MAX_TRACKED_PARAMS = 256;

export type Phase = 'forward' | 'backward' | null;

export interface LayerTrace {
  rows: number;
  cols: number;
  bias: boolean;
  /** Steps at which the values were sampled. */
  x: number[];
  /** One series per parameter: W row-major (rows × cols), then b. */
  values: number[][];
}

export interface LossSeries {
  epoch: number[];
  loss: number[];
  valLoss: (number | null)[];
  accuracy: (number | null)[];
  valAccuracy: (number | null)[];
}

function emptyLoss(): LossSeries {
  return { epoch: [], loss: [], valLoss: [], accuracy: [], valAccuracy: [] };
}

/** Keeps a set of parallel arrays under MAX_POINTS by dropping every other sample. */
function thin(arrays: unknown[][]): void {
  if (arrays[0].length <= MAX_POINTS) return;
  for (const a of arrays) {
    let j = 0;
    for (let i = 0; i < a.length; i += 2) a[j++] = a[i];
    // Keep the newest sample exactly.
    if (a.length % 2 === 0) a[j++] = a[a.length - 1];
    a.length = j;
  }
}

class LiveStore {
  /** The latest frame, or null before the first frame of a document. */
  frame: Frame | null = null;
  /** Edge id → index into `edgeStats` (from the first frame of a run). */
  private edgeIndex = new Map<string, number>();
  loss: LossSeries = emptyLoss();
  /** Steps at which grad norms were sampled, and the norms per dense layer. */
  gradSteps: number[] = [];
  gradNorms = new Map<string, (number | null)[]>();
  layers = new Map<string, LayerTrace>();
  /** Bumped on every change; what listeners compare against. */
  version = 0;
  phase: Phase = null;
  /** The epoch the document's history had when the run started (progress counts from it). */
  runStartEpoch = 0;
  private lastStep = -1;
  private listeners = new Set<() => void>();
  private lastNotify = -Infinity;
  private scheduled = false;
  private stepTimers: ReturnType<typeof setTimeout>[] = [];
  private stepAnimationUntil = 0;
  /** Whether the direction animation plays (a user setting, mirrored here for the rAF loop). */
  animate = true;
  /** A phase held while one update is shown part by part (undefined: the clock decides). */
  private held: Phase | undefined;

  /** Starts from a document's history (open, reset) with no frame. */
  reset(history: EpochRecord[] = []): void {
    this.frame = null;
    this.edgeIndex = new Map();
    this.loss = emptyLoss();
    this.gradSteps = [];
    this.gradNorms = new Map();
    this.layers = new Map();
    this.lastStep = -1;
    this.phase = null;
    this.runStartEpoch = history.length ? history[history.length - 1].epoch : 0;
    this.clearStepTimers();
    this.appendHistory(history);
    this.changed();
  }

  /** A run is starting: progress counts from the document's last epoch. */
  beginRun(history: EpochRecord[] = []): void {
    this.runStartEpoch = history.length ? history[history.length - 1].epoch : 0;
    this.edgeIndex = new Map();
    this.lastStep = -1;
  }

  /** Decodes and takes one frame from the session. */
  pushBuffer(buffer: ArrayBuffer): Frame {
    const frame = decodeFrame(buffer);
    this.push(frame);
    return frame;
  }

  push(frame: Frame): void {
    const h = frame.header;
    if (h.edgeIds) this.edgeIndex = new Map(h.edgeIds.map((id, i) => [id, i]));
    this.appendHistory(h.history);
    const previousStep = this.lastStep;
    if (h.step !== this.lastStep) {
      this.lastStep = h.step;
      this.sample(frame);
    }
    this.frame = frame;
    // One update taken by Step, or a slow pace's update: play the forward then the backward half once.
    const slow = h.state === 'running' && (h.updatesPerSecond ?? Infinity) <= SLOW_PACE;
    if (
      (h.state === 'paused' || slow) &&
      previousStep >= 0 &&
      h.step > previousStep &&
      (slow || h.step === previousStep + 1)
    )
      this.playStep();
    this.updatePhase();
    this.changed();
  }

  private appendHistory(records: EpochRecord[]): void {
    if (!records.length) return;
    const l = this.loss;
    for (const r of records) {
      l.epoch.push(r.epoch);
      l.loss.push(r.loss);
      l.valLoss.push(r.valLoss ?? null);
      l.accuracy.push(r.accuracy ?? null);
      l.valAccuracy.push(r.valAccuracy ?? null);
    }
    thin([l.epoch, l.loss, l.valLoss, l.accuracy, l.valAccuracy]);
  }

  private sample(frame: Frame): void {
    const h = frame.header;
    const ids = Object.keys(h.gradNorms);
    const n = this.gradSteps.length;
    this.gradSteps.push(h.step);
    for (const id of ids) {
      let series = this.gradNorms.get(id);
      if (!series) {
        series = new Array<number | null>(n).fill(null);
        this.gradNorms.set(id, series);
      }
      const v = h.gradNorms[id];
      series.push(Number.isFinite(v) ? v : null);
    }
    for (const series of this.gradNorms.values()) if (series.length === n) series.push(null);
    thin([this.gradSteps, ...this.gradNorms.values()]);

    for (const layer of h.layers) {
      const p = frame.params[layer.id];
      const size = layer.rows * layer.cols + (layer.bias ? layer.rows : 0);
      if (!p || size > MAX_TRACKED_PARAMS) continue;
      let trace = this.layers.get(layer.id);
      if (!trace || trace.rows !== layer.rows || trace.cols !== layer.cols) {
        trace = {
          rows: layer.rows,
          cols: layer.cols,
          bias: layer.bias,
          x: [],
          values: Array.from({ length: size }, () => []),
        };
        this.layers.set(layer.id, trace);
      }
      trace.x.push(h.step);
      const w = layer.rows * layer.cols;
      for (let i = 0; i < w; i++) trace.values[i].push(p.W[i]);
      if (layer.bias) for (let i = 0; i < layer.rows; i++) trace.values[w + i].push(p.b[i]);
      thin([trace.x, ...trace.values]);
    }
  }

  /** One of the three numbers of an edge, NaN when unknown. */
  edgeValue(edgeId: string, stat: OverlayStat): number {
    const i = this.edgeIndex.get(edgeId);
    if (i === undefined || !this.frame) return NaN;
    return this.frame.edgeStats[i * 3 + STAT_INDEX[stat]] ?? NaN;
  }

  get header(): FrameHeader | null {
    return this.frame?.header ?? null;
  }

  /** The loss to show: the last epoch's mean, or the last batch's before an epoch completes. */
  currentLoss(): number | null {
    const l = this.loss.loss;
    if (l.length) return l[l.length - 1];
    const b = this.frame?.header.batchLoss;
    return b !== undefined && Number.isFinite(b) ? b : null;
  }

  private playStep(): void {
    this.clearStepTimers();
    this.stepAnimationUntil = now() + 2 * PHASE_MS;
    this.stepTimers.push(
      setTimeout(() => this.refreshPhase(), PHASE_MS),
      setTimeout(() => this.refreshPhase(), 2 * PHASE_MS + 10),
    );
  }

  private clearStepTimers(): void {
    for (const t of this.stepTimers) clearTimeout(t);
    this.stepTimers = [];
    this.stepAnimationUntil = 0;
  }

  private refreshPhase(): void {
    const before = this.phase;
    this.updatePhase();
    if (before !== this.phase) this.changed();
  }

  /**
   * Forward dashes during the forward half, backward during the backward half. While running,
   * halves alternate on the clock (frames come 30 times a second, too fast to read one by one);
   * after a Step they play once.
   */
  private updatePhase(): void {
    const t = now();
    const header = this.frame?.header;
    if (!this.animate) this.phase = null;
    else if (this.held !== undefined) this.phase = this.held;
    else if (t < this.stepAnimationUntil)
      this.phase = t < this.stepAnimationUntil - PHASE_MS ? 'forward' : 'backward';
    else if (header?.state === 'running' && !((header.updatesPerSecond ?? Infinity) <= SLOW_PACE))
      this.phase = Math.floor(t / PHASE_MS) % 2 ? 'backward' : 'forward';
    else this.phase = null;
  }

  /** Holds the direction animation at one phase (undefined: back to the clock). */
  holdPhase(phase: Phase | undefined): void {
    this.held = phase;
    this.refreshPhase();
  }

  setAnimate(on: boolean): void {
    this.animate = on;
    this.refreshPhase();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private changed(): void {
    this.version++;
    if (this.scheduled) return;
    this.scheduled = true;
    const run = () => {
      this.scheduled = false;
      this.lastNotify = now();
      for (const l of [...this.listeners]) l();
    };
    const frame = () =>
      typeof requestAnimationFrame === 'function'
        ? requestAnimationFrame(run)
        : setTimeout(run, 16);
    // At most DISPLAY_HZ redraws a second, each in an animation frame.
    const wait = 1000 / DISPLAY_HZ - (now() - this.lastNotify);
    if (wait > 4) setTimeout(frame, wait);
    else frame();
  }

  /** Tells listeners now (tests; and after a document load so stale overlays clear at once). */
  flush(): void {
    this.scheduled = false;
    for (const l of [...this.listeners]) l();
  }
}

const now = () => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/** The one live buffer of the window (one document per window). */
export const live = new LiveStore();

/** Numbers as edge labels show them: `3.2e-2`, `0.53`, `12.4`. */
export function formatNorm(v: number): string {
  if (!Number.isFinite(v)) return '—';
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 0.01 && a < 99.5) {
    const s = v.toPrecision(2);
    return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
  }
  const [m, e] = v.toExponential(1).split('e');
  return `${m}e${Number(e)}`;
}
