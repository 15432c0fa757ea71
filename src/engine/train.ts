/** Gradient descent variants, named as the seed notes name them. */
export type BatchMode = 'full' | 'stochastic' | { miniBatch: number };
export type OptimizerName = 'sgd' | 'momentum' | 'adam';

export interface TrainConfig {
  optimizer: OptimizerName;
  learningRate: number;
  /** full: every step uses all m samples; stochastic: one random sample; miniBatch: k random samples, reshuffled each epoch. */
  batch: BatchMode;
  epochs: number;
  seed: number;
  /** L2 weight decay: adds l2·W to ∂L/∂W (biases are not decayed). */
  l2: number;
  /** momentum: velocity decay (default 0.9). */
  momentum?: number;
  /** adam (defaults 0.9, 0.999, 1e-8). */
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  /** Stop early once the training loss falls below this. */
  targetLoss?: number;
}
