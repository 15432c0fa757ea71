import type { Dataset } from './dataset';
import type { Network } from './network';
import { createOptimizer, type Optimizer, type OptimizerConfig } from './optimizers';
import { Rng } from './random';

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
  /** Updates applied. */
  steps = 0;
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

  constructor(net: Network, data: Dataset, config: TrainConfig) {
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
    this.optimizer = createOptimizer(net.params(), this.config);
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

  /** One update on the next batch. Returns the batch loss before the update. */
  step(): number {
    const count = Math.min(this.k, this.data.m - this.cursor);
    const net = this.net;
    net.loadBatch(this.data, this.order, this.cursor, count);
    const loss = net.forward();
    net.backward();
    this.optimizer.update(this.config.learningRate);
    this.steps++;
    this.cursor += count;
    this.epochLoss += loss * count;
    this.epochSeen += count;
    const correct = net.batchCorrect();
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
