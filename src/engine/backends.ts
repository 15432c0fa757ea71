/**
 * Which kernels to train with. Training uses float32 WebAssembly SIMD where
 * the runtime has it (Node, Electron, browsers of the last years) and float32
 * JavaScript otherwise; gradient checks and `grad` use float64 JavaScript.
 */
import type { Backend } from './backend';
import { createJsBackend } from './backend-js';
import { createWasmBackend, wasmSimdSupported } from './kernels/backend-wasm';

export function createTrainingBackend(): Backend {
  return wasmSimdSupported() ? createWasmBackend() : createJsBackend('float32');
}
