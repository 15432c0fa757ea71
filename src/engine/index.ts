/** The engine's public surface. Pure TypeScript: no Node built-ins, no DOM, no dependencies. */
export * from './graph';
export * from './backend';
export { createJsBackend } from './backend-js';
export * from './registry';
export * from './compile';
export * from './weights';
export { OPS } from './ops';
export type { Op, Shape, ParamDecl } from './ops';
export * from './dataset';
export {
  ACTIVATION_TABLE,
  activate,
  activationBackward,
  softmaxRows,
  type Activation,
  type ActivationTex,
  type ElementwiseActivation,
} from './activations';
export {
  LOSS_TABLE,
  FUSED_TEX,
  lossValue,
  lossGradient,
  accuracyCount,
  type Loss,
  type LossSymbols,
} from './losses';
export { Rng } from './random';
export {
  Network,
  type NetworkOptions,
  type NodeState,
  type Param,
  type WeightsRecord,
} from './network';
export {
  createOptimizer,
  type Optimizer,
  type OptimizerConfig,
  type OptimizerName,
} from './optimizers';
export { Trainer, batchSize, type TrainConfig, type BatchMode, type EpochStats } from './train';
export { gradientCheck, type GradientCheckResult, type GradientCheckOptions } from './gradcheck';
export { createTrainingBackend } from './backends';
export { createWasmBackend, wasmSimdSupported } from './kernels/backend-wasm';
