import type { Float } from './backend';
import type { Dataset } from './dataset';
import type { Network } from './network';
import { threadsFor, type ThreadGroup } from './parallel';
import {
  createOptimizer,
  type Optimizer,
  type OptimizerConfig,
  type OptimizerState,
} from './optimizers';
import { Rng, type RngState } from './random';

/** Gradient descent variants, named as the seed notes name them. */
export type BatchMode = 'full' | 'stochastic' | { miniBatch: number };

/** The training settings: the update rule's (OptimizerConfig: optimizer, l2, momentum, adam's β and ε) and these. */
export interface TrainConfig extends OptimizerConfig {
  learningRate: number;
  /** full: every step uses all m samples; stochastic: one random sample; miniBatch: k random samples, reshuffled each epoch. */
  batch: BatchMode;
  epochs: number;
  seed: number;
  /** Stop early once the training loss falls below this. */
  targetLoss?: number;
}

export interface EpochStats {
  /** Epochs completed so far (1 after the first). */
  epoch: number;
  /** Mean training loss over the epoch's batches (weighted by batch size), before each update. */
  loss: number;
  accuracy?: number;
}

/**
 * Everything a Trainer remembers besides the weights, so that a run saved and
 * resumed continues bit for bit: the update rule's memory, where the shuffle
 * is (the generator, this epoch's order and the position in it) and the sums
 * of the epoch in progress.
 */
export interface TrainerState {
  /** Updates applied in every run so far. */
  updates: number;
  /** The network's training passes so far: they seed each pass's draws (dropout). */
  passes: number;
  optimizer: OptimizerState;
  shuffle: {
    /** The seed and the samples per update the order was drawn for. */
    seed: number;
    batch: number;
    rng: RngState;
    /** This epoch's order of the samples: a permutation of 0 … m−1. */
    order: Int32Array;
    /** Samples of this epoch already used (0 at an epoch's end). */
    position: number;
  };
  /** The epoch in progress: loss × samples, correct samples, samples so far. */
  epoch: { loss: number; correct: number; seen: number };
}

/** Which parts of a TrainerState a Trainer could take (see `Trainer.importState`). */
export interface ImportedParts {
  optimizer: boolean;
  shuffle: boolean;
}

/** What a Trainer runs on, besides the network: the machine's, not the model file's. */
export interface TrainerOptions {
  /**
   * Threads to split each batch across (data parallel; the network must be made on the
   * group's backend). Networks that keep state besides their weights train on one thread.
   */
  threads?: ThreadGroup;
}

/** Samples per update for a batch mode. */
export function batchSize(mode: BatchMode, m: number): number {
  if (mode === 'full') return m;
  if (mode === 'stochastic') return 1;
  return Math.max(1, Math.min(mode.miniBatch, m));
}

/**
 * Gradient descent over a data set, one update per `step()`.
 * Buffers are sized on construction; steps allocate nothing.
 */
export class Trainer {
  readonly net: Network;
  readonly data: Dataset;
  readonly config: TrainConfig;
  /** Epochs completed. */
  epoch = 0;
  /** Updates applied in this run. */
  steps = 0;
  /** Updates applied in earlier runs (from an imported state). */
  private updatesBefore = 0;
  private readonly order: Int32Array;
  private readonly rng: Rng;
  private readonly optimizer: Optimizer;
  private readonly k: number;
  private cursor = 0;
  private epochLoss = 0;
  private epochCorrect = 0;
  private epochSeen = 0;
  /** Statistics of the last completed epoch. */
  lastEpoch: EpochStats | null = null;
  /**
   * The data as float32 in the backend's memory and the batch's row numbers, where the backend
   * can keep them (a shared WebAssembly memory): batches are then gathered by the kernel.
   */
  private readonly staged: { x: Float; y: Float; idx: Int32Array } | null = null;
  private readonly group: ThreadGroup | null = null;

  constructor(net: Network, data: Dataset, config: TrainConfig, options: TrainerOptions = {}) {
    if (data.m === 0) throw new Error('The data set has no samples');
    if (data.features !== net.graph.features) {
      throw new Error(
        `The data has ${data.features} features but the network's Input expects ${net.graph.features}`,
      );
    }
    if (data.targets !== net.graph.outputs) {
      throw new Error(
        `The data has ${data.targets} targets but the network predicts ${net.graph.outputs}`,
      );
    }
    this.net = net;
    this.data = data;
    this.config = { ...config };
    this.k = batchSize(config.batch, data.m);
    net.ensureCapacity(this.k);
    this.order = Int32Array.from({ length: data.m }, (_, i) => i);
    this.rng = new Rng(config.seed ^ 0x5bd1e995);
    if (config.batch !== 'full') this.rng.shuffle(this.order);
    this.optimizer = createOptimizer(net.params(), this.config, net.backend);
    const b = net.backend;
    if (b.allocI32 && b.gatherRows && b.dtype === 'float32') {
      // float64 → float32 once, with the rounding loadBatch's per-batch copy had.
      const x = b.alloc(data.m * data.features);
      x.set(data.x);
      const y = b.alloc(data.m * data.targets);
      y.set(data.y);
      this.staged = { x, y, idx: b.allocI32(this.k) };
      const group = options.threads;
      const threads = group ? threadsFor(net, this.k, group.threads) : 1;
      if (group && threads > 1) {
        group.attach(net, x, y, this.staged.idx, this.k, threads, this.optimizer, this.config);
        this.group = group;
      }
    }
  }

  /** Threads each batch is split across (1 unless a thread group was given and the batches are worth splitting). */
  get threads(): number {
    return this.group?.activeThreads ?? 1;
  }

  /** Samples per update. */
  get batchSize(): number {
    return this.k;
  }

  /** Takes effect at the next step. */
  setLearningRate(learningRate: number): void {
    this.config.learningRate = learningRate;
  }

  /** Position in the current epoch, in samples. */
  get position(): number {
    return this.cursor;
  }

  /** Updates applied in every run so far: earlier runs' (an imported state) and this one's. */
  get updates(): number {
    return this.updatesBefore + this.steps;
  }

  /** A copy of everything but the weights that the next update depends on. */
  exportState(): TrainerState {
    return {
      updates: this.updates,
      passes: this.net.passes,
      optimizer: this.optimizer.exportState(),
      shuffle: {
        seed: this.config.seed,
        batch: this.k,
        rng: this.rng.getState(),
        order: Int32Array.from(this.order),
        position: this.cursor,
      },
      epoch: { loss: this.epochLoss, correct: this.epochCorrect, seen: this.epochSeen },
    };
  }

  /**
   * Continues from an exported state, before the first step. Each part is taken only where it
   * fits this run: the update rule's memory when the rule is the same and its buffers fit the
   * parameters; the shuffle and the epoch in progress when the seed, the samples per update and
   * the number of samples are the same. A part that does not fit is left as a fresh run has it.
   */
  importState(state: TrainerState): ImportedParts {
    if (this.steps !== 0) throw new Error('importState: the run has already started');
    let optimizer = false;
    if (state.optimizer.optimizer === this.config.optimizer) {
      try {
        this.optimizer.importState(state.optimizer);
        optimizer = true;
      } catch {
        // Another network's buffers: the rule starts afresh.
      }
    }
    const s = state.shuffle;
    const m = this.data.m;
    const shuffle =
      s.seed === this.config.seed &&
      s.batch === this.k &&
      Number.isInteger(s.position) &&
      s.position >= 0 &&
      s.position < m &&
      isPermutation(s.order, m);
    if (shuffle) {
      this.rng.setState(s.rng);
      this.order.set(s.order);
      this.cursor = s.position;
      if (s.position > 0) {
        this.epochLoss = state.epoch.loss;
        this.epochCorrect = state.epoch.correct;
        this.epochSeen = state.epoch.seen;
      }
    }
    if (Number.isInteger(state.updates) && state.updates >= 0) this.updatesBefore = state.updates;
    if (Number.isInteger(state.passes) && state.passes >= 0) this.net.passes = state.passes;
    return { optimizer, shuffle };
  }

  /** One update on the next batch. Returns the batch loss before the update. */
  step(): number {
    const count = Math.min(this.k, this.data.m - this.cursor);
    const net = this.net;
    let loss: number;
    let correct: number | undefined;
    if (this.group) {
      const lr = this.config.learningRate;
      ({ loss, correct } = this.group.step(this.order, this.cursor, count, lr));
    } else {
      const staged = this.staged;
      if (staged) {
        for (let r = 0; r < count; r++) staged.idx[r] = this.order[this.cursor + r];
        net.loadRows(staged.x, staged.y, staged.idx, count);
      } else net.loadBatch(this.data, this.order, this.cursor, count);
      loss = net.forward();
      net.backward();
      correct = net.batchCorrect();
      this.optimizer.update(this.config.learningRate);
    }
    this.steps++;
    this.cursor += count;
    this.epochLoss += loss * count;
    this.epochSeen += count;
    if (correct !== undefined) this.epochCorrect += correct;
    if (this.cursor >= this.data.m) {
      this.cursor = 0;
      this.epoch++;
      if (this.config.batch !== 'full') this.rng.shuffle(this.order);
      this.lastEpoch = {
        epoch: this.epoch,
        loss: this.epochLoss / this.epochSeen,
        accuracy: this.net.lossFn === 'mse' ? undefined : this.epochCorrect / this.epochSeen,
      };
      this.epochLoss = this.epochCorrect = this.epochSeen = 0;
    }
    return loss;
  }

  /** Runs the rest of the current epoch. */
  runEpoch(): EpochStats {
    do this.step();
    while (this.cursor !== 0);
    return this.lastEpoch!;
  }

  /** Runs until `config.epochs` epochs are done or the loss reaches `targetLoss`. */
  run(onEpoch?: (stats: EpochStats) => void): EpochStats[] {
    const history: EpochStats[] = [];
    while (this.epoch < this.config.epochs) {
      const stats = this.runEpoch();
      history.push(stats);
      onEpoch?.(stats);
      if (this.config.targetLoss !== undefined && stats.loss <= this.config.targetLoss) break;
    }
    return history;
  }
}

/** Whether `order` holds each of 0 … m−1 exactly once. */
function isPermutation(order: ArrayLike<number>, m: number): boolean {
  if (order.length !== m) return false;
  const seen = new Uint8Array(m);
  for (let i = 0; i < m; i++) {
    const v = order[i];
    if (!Number.isInteger(v) || v < 0 || v >= m || seen[v]) return false;
    seen[v] = 1;
  }
  return true;
}
