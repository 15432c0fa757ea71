/**
 * Which kernels to train with. Training uses float32 WebAssembly SIMD where
 * the runtime has it (Node, Electron, browsers of the last years) and float32
 * JavaScript otherwise; gradient checks and `grad` use float64 JavaScript.
 */
import type { Backend } from './backend';
import { createJsBackend } from './backend-js';
import {
  createSharedKernel,
  createWasmBackend,
  sharedWasmSupported,
  wasmSimdSupported,
} from './kernels/backend-wasm';

/**
 * Where a shared WebAssembly memory is possible (Node, Electron's main side), the training
 * backend lives in one: arrays never move there, so the trainer keeps its data and the
 * optimizer's memory beside the tensors, and threads can share the weights (parallel.ts).
 */
export function createTrainingBackend(): Backend {
  if (sharedWasmSupported()) return createWasmBackend(createSharedKernel());
  return wasmSimdSupported() ? createWasmBackend() : createJsBackend('float32');
}
