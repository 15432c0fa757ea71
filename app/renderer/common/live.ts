/**
 * The live training buffer: the latest frame and the time series the panels
 * plot, kept in plain module state, never in React state. Frames arrive about
 * 30 times a second; listeners (edges, the loss node, progress, charts) are
 * told once per animation frame at most, and read what they draw from here.
 */
import { decodeFrame, type Frame, type FrameHeader } from '#src/training/frame';
import type { ModelFile, RunRecord } from '#src/model/types';
import { weightsEpoch } from '#src/model/runs';
import { emptyLoss, RunLosses, WeightSeries, type LossSeries } from './series';

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
export { MAX_POINTS } from './series';
/** Paces at or below this many updates a second play each update's two halves once, in step. */
export const SLOW_PACE = 1000 / (2 * PHASE_MS);

export type Phase = 'forward' | 'backward' | null;

class LiveStore {
  /** The latest frame, or null before the first frame of a document. */
  frame: Frame | null = null;
  /** Edge id → index into `edgeStats` (from the first frame of a run). */
  private edgeIndex = new Map<string, number>();
  /** One loss curve per run of the document. */
  readonly losses = new RunLosses();
  /** Every weight's history and the layers' gradient norms, of the current run. */
  readonly weights = new WeightSeries();
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

  /** The loss curve of the current run (the last one), which the progress line and warnings read. */
  get loss(): LossSeries {
    return this.losses.current?.series ?? EMPTY_LOSS;
  }

  /** Starts from a document's history and runs (open, reset weights) with no frame. */
  reset(model: Pick<ModelFile, 'history' | 'runs' | 'weights'> = {}): void {
    this.frame = null;
    this.edgeIndex = new Map();
    this.weights.clear();
    this.lastStep = -1;
    this.phase = null;
    this.runStartEpoch = weightsEpoch(model);
    this.clearStepTimers();
    this.losses.load(model.history ?? [], model.runs);
    this.changed();
  }

  /** A run is starting: a new loss curve and weight history; progress counts from the run's first epoch. */
  beginRun(run: RunRecord): void {
    this.runStartEpoch = run.fromEpoch;
    this.edgeIndex = new Map();
    this.lastStep = -1;
    this.weights.clear();
    this.losses.begin(run);
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
    this.losses.append(h.history);
    this.weights.take(frame);
    const previousStep = this.lastStep;
    this.lastStep = h.step;
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

const EMPTY_LOSS: LossSeries = emptyLoss();

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
