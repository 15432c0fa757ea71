/** Tests' frames: a running run's header with `patch` applied, and no arrays. */
import type { Frame, FrameHeader } from '#src/training/frame';

export function testFrame(patch: Partial<FrameHeader> = {}): Frame {
  const header: FrameHeader = {
    state: 'running',
    epoch: 1,
    epochs: 10,
    step: 1,
    position: 0,
    samplesPerEpoch: 4,
    samplesPerSecond: 0,
    etaMs: null,
    learningRate: 0.1,
    batchLoss: 0.5,
    history: [],
    tensors: [],
    gradNorms: {},
    nodeStats: {},
    ...patch,
  };
  return { header, edgeStats: new Float32Array(0), params: {} };
}
