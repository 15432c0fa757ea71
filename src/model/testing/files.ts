/** A valid model file for tests to break or keep, and the shape of a malformed-file case. */
import { newDocument } from '../examples';
import type { ModelFile } from '../types';

/** A valid file to break: the article network with weights for both dense nodes. */
export function good(): ModelFile {
  const model = newDocument();
  model.weights = {
    dense1: { W: Array.from({ length: 5 }, (_, r) => [r, 0.5, -0.25]), b: [0, 0, 0, 0, 0] },
    dense2: { W: [[0.1, 0.2, 0.3, 0.4, 0.5]], b: [0] },
  };
  model.history = [{ epoch: 1, loss: 0.5 }];
  return model;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Loose = any;

export interface Case {
  name: string;
  /** Either text to parse, or an edit of a good file. */
  text?: string;
  edit?: (m: Loose) => void;
  path: string;
  message: RegExp;
}

/** A run record that parses. */
export const RUN = {
  id: 1,
  started: '2026-01-02T03:04:05.000Z',
  optimizer: 'sgd',
  learningRate: 0.05,
  batch: { miniBatch: 16 },
  fromEpoch: 0,
  epochs: 1,
  finalLoss: 0.5,
  durationMs: 120,
  end: 'done',
} as const;

/** The node of a loosely typed file with this id. */
export const node = (m: Loose, id: string): Loose => m.graph.nodes.find((n: Loose) => n.id === id);
