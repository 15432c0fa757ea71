/**
 * One training run, sliced in time so that its host (a worker thread) stays
 * responsive: `runFor(ms)` trains for about that long, `frame()` reads what
 * the canvas draws. Pure TypeScript over the engine; the worker is a thin
 * adapter around it.
 */
import type { ThreadGroup } from '../engine/parallel';
import type { Network, Param } from '../engine/network';
import { Trainer, type TrainConfig } from '../engine/train';
import type { LoadedData } from '../model/data';
import { resumeFromTrainer, resumeTrainer } from '../model/resume';
import type { EpochRecord, ResumeState } from '../model/types';
import { KINDS } from '../engine/registry';
import type { Frame, FrameHeader, RunEnding, SessionState } from './frame';
import { idTable, own } from '../engine/table';
import { endingText, lossRise } from './ending';
import { activationStatistics, edgeStatistics, gradientNorms, streamedTensors } from './measure';
import { normedTensors, WeightTrace } from './trace';

export interface RunnerOptions {
  net: Network;
  data: LoadedData;
  config: TrainConfig;
  /** The epoch number the document's history has reached (training continues from it). */
  firstEpoch?: number;
  /** What the document's weights were saved with: the run continues the optimizer and shuffle. */
  resume?: ResumeState;
  /** Updates per second; Infinity (the default) trains as fast as it can. */
  pace?: number;
  /** Threads to split each batch across (the network must be made on the group's backend). */
  threads?: ThreadGroup;
  now?: () => number;
}

export class Runner {
  state: SessionState = 'idle';
  message: string | undefined;
  ending: RunEnding | undefined;
  divergedAt: string | undefined;
  readonly net: Network;
  readonly trainer: Trainer;
  private readonly data: LoadedData;
  private readonly firstEpoch: number;
  private readonly now: () => number;
  /** The last parameters known finite, and a buffer to check the next ones in. */
  private safe: Float64Array;
  private spare: Float64Array;
  private pending: EpochRecord[] = [];
  private lastLoss = NaN;
  private sentEdgeIds = false;
  private readonly edgeIds: string[];
  /** Every tensor of the network (trainable and state), in the order of `snapshot`. */
  private readonly tensors: Param[];
  /** Per node that trains tensors, the ones its gradient and update norms are taken over (`normedTensors`). */
  private readonly normed = new Map<string, Param[]>();
  /** Per edge: whether it feeds a node that trains tensors (only those carry a weight update). */
  private readonly intoTrained: boolean[];
  private readonly updateNorms = idTable<number>();
  private rate = { samples: 0, ms: 0, value: 0 };
  /** The epoch the current update belongs to, counted from 1. */
  private stepEpoch = 1;
  /** Updates applied when `safe` was taken. */
  private safeStep = 0;
  /** Every weight's history, sampled every k-th update. */
  private readonly trace: WeightTrace;
  /** Updates per second (Infinity: full speed), and the paced clock: when it started, updates since. */
  private pace = Infinity;
  private paceStart = 0;
  private paceUpdates = 0;
  private paceSeen = 0;
  /** The last update was a single step: frames carry the weights from before it (`safe`). */
  private stepped = false;
  /** This run's first and largest epoch loss, to tell a run that made things worse. */
  private firstLoss = NaN;
  private maxLoss = -Infinity;
  /** Set when a run ends with its loss above where it started (see FrameHeader.warning). */
  warning = false;

  constructor(options: RunnerOptions) {
    this.net = options.net;
    this.data = options.data;
    this.firstEpoch = options.firstEpoch ?? 0;
    this.now = options.now ?? (() => performance.now());
    this.trainer = new Trainer(this.net, options.data.train, options.config, {
      threads: options.threads,
    });
    if (options.resume) resumeTrainer(this.trainer, options.resume);
    this.safe = this.net.snapshot();
    this.spare = new Float64Array(this.safe.length);
    this.edgeIds = this.net.graph.edges.map((e) => e.id);
    this.tensors = this.net.graph.nodes.flatMap((n) => Object.values(this.net.nodeParams(n.id)));
    for (const node of this.net.graph.nodes) {
      const normed = normedTensors(Object.values(this.net.nodeParams(node.id)));
      if (normed.length > 0) this.normed.set(node.id, normed);
    }
    this.intoTrained = this.net.graph.edges.map((e) => this.normed.has(e.target));
    const perEpoch = Math.ceil(options.data.train.m / this.trainer.batchSize);
    this.trace = new WeightTrace(this.net, options.config.epochs * perEpoch);
    this.setPace(options.pace ?? Infinity);
  }

  /**
   * What a next run continues from, taken with the current weights; undefined once the run
   * diverged (its weights went back to the last finite ones, its optimizer did not).
   */
  resumeState(): ResumeState | undefined {
    return this.state === 'diverged' ? undefined : resumeFromTrainer(this.trainer);
  }

  get config(): TrainConfig {
    return this.trainer.config;
  }

  setLearningRate(value: number): void {
    this.trainer.setLearningRate(value);
  }

  /** Updates per second from now on; Infinity for full speed. */
  setPace(updatesPerSecond: number): void {
    this.pace = updatesPerSecond > 0 ? updatesPerSecond : Infinity;
    this.paceStart = this.now();
    this.paceUpdates = 0;
    this.paceSeen = this.samplesSeen;
  }

  get updatesPerSecond(): number {
    return this.pace;
  }

  /** Milliseconds until the next update is due at this pace (0 at full speed). */
  untilNextUpdate(): number {
    if (this.pace === Infinity) return 0;
    return Math.max(0, this.paceStart + (this.paceUpdates * 1000) / this.pace - this.now());
  }

  /** Samples trained so far in this run (what samples per second counts, whatever the batch mode). */
  private get samplesSeen(): number {
    return this.trainer.epoch * this.data.train.m + this.trainer.position;
  }

  /**
   * Trains for about `ms` milliseconds or until the run ends. With `display`,
   * the last update also records what only the overlay needs (gradients on
   * the input's edges, the size of each weight update).
   */
  runFor(ms: number, display = false): void {
    if (this.state === 'idle') this.state = 'running';
    if (this.state !== 'running') return;
    if (this.pace !== Infinity) return this.runPaced(ms);
    this.stepped = false;
    const start = this.now();
    const seen = this.samplesSeen;
    let first = true;
    do {
      this.update(false, first);
      first = false;
    } while (this.now() - start < ms && this.state === 'running');
    if (display && this.state === 'running') this.update(true, true);
    this.measure(this.samplesSeen - seen, this.now() - start);
  }

  /**
   * The updates due at this pace (within `ms`), each with what the overlay shows. A run that
   * falls behind (updates slower than the pace) is not made to catch up in a burst.
   */
  private runPaced(ms: number): void {
    this.stepped = false;
    const start = this.now();
    const period = 1000 / this.pace;
    if (start - (this.paceStart + this.paceUpdates * period) > 2 * period) {
      this.paceStart = start - this.paceUpdates * period;
    }
    const seen = this.samplesSeen;
    while (
      this.state === 'running' &&
      this.untilNextUpdate() === 0 &&
      (this.now() - start < ms || this.samplesSeen === seen)
    ) {
      this.update(true, true);
      this.paceUpdates++;
    }
    // At a pace, samples per second is what the clock sees: the pace, not the speed of an update.
    const elapsed = Math.max(this.now() - this.paceStart, this.paceUpdates * period);
    if (elapsed > 0) this.rate.value = ((this.samplesSeen - this.paceSeen) / elapsed) * 1000;
  }

  /** One update, with every value the canvas shows computed for it. Leaves the run paused. */
  stepOnce(): void {
    if (this.state === 'done' || this.state === 'diverged' || this.state === 'stopped') return;
    this.update(true, true);
    // update() may have ended the run (TypeScript keeps the narrowing from before the call).
    if ((this.state as SessionState) !== 'diverged') this.trace.record(this.trainer.steps, true);
    this.stepped = true;
    if (this.state === 'running' || this.state === 'idle') this.state = 'paused';
  }

  pause(): void {
    if (this.state === 'running' || this.state === 'idle') this.state = 'paused';
  }

  resume(): void {
    if (this.state === 'paused' || this.state === 'idle') this.state = 'running';
    // A paced run starts its clock again: a pause is not time to catch up on.
    if (this.pace !== Infinity) this.setPace(this.pace);
  }

  /** `message`: the window's own words for why (it is shown as given); none: stopped by the user. */
  stop(message?: string): void {
    if (this.state === 'done' || this.state === 'diverged') return;
    this.state = 'stopped';
    this.ending = message === undefined ? { kind: 'stopped' } : undefined;
    this.message = message ?? endingText({ kind: 'stopped' });
  }

  /**
   * One update. With `checkpoint` (the first update of every time slice, and
   * display updates), the parameters are first checked and kept as the last
   * finite ones; copying them at every step would cost large networks more
   * than the window is worth. Within a slice, an update that breaks the
   * weights shows up as a non-finite loss at the next step.
   */
  private update(display: boolean, checkpoint: boolean): void {
    const net = this.net;
    if (checkpoint) {
      if (!net.exportParams(this.spare)) {
        this.diverge(this.lastLoss, 'weights');
        return;
      }
      [this.safe, this.spare] = [this.spare, this.safe];
      this.safeStep = this.trainer.steps;
    }
    if (display) net.setInputGradient(true);
    this.stepEpoch = this.trainer.epoch + 1;
    const loss = this.trainer.step();
    if (display) {
      net.setInputGradient(false);
      this.recordUpdates();
    }
    if (!Number.isFinite(loss)) {
      this.diverge(loss, 'loss');
      return;
    }
    this.lastLoss = loss;
    this.trace.record(this.trainer.steps);
    if (this.trainer.position === 0) this.endEpoch();
  }

  /** ‖θ − θ before‖ per node over its `normedTensors`, for the overlay's update statistic. */
  private recordUpdates(): void {
    let offset = 0;
    const sums = new Map<string, number>();
    for (const p of this.tensors) {
      const v = p.value;
      if (this.normed.get(p.nodeId)?.includes(p)) {
        let s = sums.get(p.nodeId) ?? 0;
        for (let i = 0; i < v.length; i++) {
          const d = v[i] - this.safe[offset + i];
          s += d * d;
        }
        sums.set(p.nodeId, s);
      }
      offset += v.length;
    }
    for (const [id, s] of sums) this.updateNorms[id] = Math.sqrt(s);
  }

  /** After a single step: each streamed tensor's value from before it (the checkpoint `safe`). */
  private addWeightsBefore(params: Frame['params']): void {
    let offset = 0;
    for (const p of this.tensors) {
      const n = p.value.length;
      const tensor = own(params, p.nodeId)?.[p.name];
      if (tensor) tensor.before = Float32Array.from(this.safe.subarray(offset, offset + n));
      offset += n;
    }
  }

  private endEpoch(): void {
    const stats = this.trainer.lastEpoch!;
    const record: EpochRecord = { epoch: this.firstEpoch + stats.epoch, loss: stats.loss };
    if (stats.accuracy !== undefined) record.accuracy = stats.accuracy;
    if (this.data.validation) {
      const val = this.net.evaluate(this.data.validation);
      if (Number.isFinite(val.loss)) record.valLoss = val.loss;
      if (val.accuracy !== undefined) record.valAccuracy = val.accuracy;
    }
    this.pending.push(record);
    if (Number.isNaN(this.firstLoss)) this.firstLoss = stats.loss;
    this.maxLoss = Math.max(this.maxLoss, stats.loss);
    const { epochs, targetLoss } = this.trainer.config;
    if (this.trainer.epoch >= epochs) {
      this.state = 'done';
      const lr = this.trainer.config.learningRate;
      const rise = lossRise({ first: this.firstLoss, max: this.maxLoss, last: stats.loss }, lr);
      this.warning = rise !== null;
      this.ending = { kind: 'done', epochs, ...(rise ? { rose: rise } : {}) };
      this.message = endingText(this.ending);
    } else if (targetLoss !== undefined && stats.loss <= targetLoss) {
      this.state = 'done';
      this.ending = { kind: 'target', targetLoss, epoch: record.epoch };
      this.message = endingText(this.ending);
    }
  }

  private diverge(loss: number, cause: 'loss' | 'weights'): void {
    if (cause === 'weights') {
      // Weights went bad in the last update: run the batch again to see where it shows first.
      this.net.forward();
    }
    const where = this.net.firstNonFinite();
    this.net.restore(this.safe);
    this.state = 'diverged';
    const lr = this.trainer.config.learningRate;
    const node = where ? this.net.graph.nodes.find((n) => n.id === where.nodeId) : undefined;
    this.divergedAt = where?.nodeId;
    this.ending = {
      kind: 'diverged',
      epoch: this.firstEpoch + this.stepEpoch,
      step: this.trainer.steps,
      cause,
      loss: cause === 'weights' || Number.isNaN(loss) ? null : loss > 0 ? 'Infinity' : '-Infinity',
      ...(node ? { node: { label: KINDS[node.kind].label, id: node.id } } : {}),
      pass: where?.where === 'backward' || where?.where === 'weights' ? where.where : 'forward',
      learningRate: lr,
      safeStep: this.safeStep,
    };
    this.message = endingText(this.ending);
  }

  private measure(samples: number, ms: number): void {
    const r = this.rate;
    r.samples += samples;
    r.ms += ms;
    if (r.ms >= 250) {
      r.value = (r.samples / r.ms) * 1000;
      r.samples = 0;
      r.ms = 0;
    } else if (r.value === 0 && r.ms > 0) r.value = (r.samples / r.ms) * 1000;
  }

  /** Everything the window draws now. Epoch records are handed out once. */
  frame(): Frame {
    const net = this.net;
    const trainer = this.trainer;
    const edgeStats = edgeStatistics(net, this.intoTrained, this.updateNorms);
    const { tensors, unstreamed, params } = streamedTensors(net);
    if (this.stepped) this.addWeightsBefore(params);
    const samplesPerEpoch = this.data.train.m;
    const remaining = (trainer.config.epochs - trainer.epoch) * samplesPerEpoch - trainer.position;
    const header: FrameHeader = {
      state: this.state,
      epoch: this.firstEpoch + trainer.epoch,
      epochs: trainer.config.epochs,
      step: trainer.steps,
      position: trainer.position,
      samplesPerEpoch,
      samplesPerSecond: this.rate.value,
      etaMs:
        this.state === 'running' && this.rate.value > 0
          ? (remaining / this.rate.value) * 1000
          : null,
      learningRate: trainer.config.learningRate,
      batchLoss: this.lastLoss,
      history: this.pending,
      tensors,
      ...(unstreamed.length > 0 ? { unstreamed } : {}),
      gradNorms: gradientNorms(this.normed),
      nodeStats: activationStatistics(net),
      message: this.message,
      ...(this.ending ? { ending: this.ending } : {}),
      nodeId: this.divergedAt,
      updatesPerSecond: this.pace === Infinity ? null : this.pace,
    };
    if (this.warning) header.warning = true;
    if (!this.sentEdgeIds) {
      header.edgeIds = this.edgeIds;
      this.sentEdgeIds = true;
    }
    this.pending = [];
    const trace = this.trace.take();
    if (!trace) return { header, edgeStats, params };
    header.trace = trace.header;
    return { header, edgeStats, params, trace: { values: trace.values, norms: trace.norms } };
  }
}
