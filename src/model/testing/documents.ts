/**
 * For tests: a document around a graph, with the settings the renderer's tests start from
 * (the built-in XOR data, plain SGD at 0.1 on the full batch for ten epochs, seed 1).
 */
import { MODEL_FORMAT, MODEL_VERSION, type ModelFile } from '../types';

export function testDocument(graph: ModelFile['graph']): ModelFile {
  return {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    name: 'test',
    graph,
    data: { builtin: 'xor' },
    training: { optimizer: 'sgd', learningRate: 0.1, batch: 'full', epochs: 10, seed: 1, l2: 0 },
  };
}
