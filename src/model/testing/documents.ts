/**
 * The tests' documents in a line: a model file around the nodes a test cares about, with
 * everything else a file needs set to what most tests do not care about (the built-in XOR
 * data, full-batch SGD at 0.1 for 10 epochs, seed 1). Pass what matters to the test.
 */
import type { GraphEdge, GraphNode } from '../../engine/graph';
import { exampleById } from '../examples';
import {
  MODEL_FORMAT,
  MODEL_VERSION,
  type DataSpec,
  type ModelFile,
  type TrainingSettings,
} from '../types';

/** Edges joining `nodes` in a row, each into the next: `e0`, `e1`, … (from `first`). */
export function chainEdges(nodes: readonly GraphNode[], first = 0): GraphEdge[] {
  return nodes.slice(1).map((n, i) => ({ id: `e${i + first}`, source: nodes[i].id, target: n.id }));
}

export interface TestDocument {
  nodes: GraphNode[];
  /** By default the nodes in a row (`chainEdges`). */
  edges?: GraphEdge[];
  name?: string;
  data?: DataSpec;
  /** Changes to the default settings (sgd, 0.1, full batch, 10 epochs, seed 1, no L2). */
  training?: Partial<TrainingSettings>;
}

export function testDocument(doc: TestDocument): ModelFile {
  return {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    name: doc.name ?? 'test',
    graph: { nodes: doc.nodes, edges: doc.edges ?? chainEdges(doc.nodes) },
    data: doc.data ?? { builtin: 'xor' },
    training: {
      optimizer: 'sgd',
      learningRate: 0.1,
      batch: 'full',
      epochs: 10,
      seed: 1,
      l2: 0,
      ...doc.training,
    },
  };
}

/** An example's document (examples.ts) with changes to its training settings. */
export function exampleDocument(id: string, training: Partial<TrainingSettings> = {}): ModelFile {
  const model = exampleById(id)!.model();
  model.training = { ...model.training, ...training };
  return model;
}
