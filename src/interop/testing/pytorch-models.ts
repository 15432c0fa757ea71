/**
 * The documents the PyTorch export tests run: random graphs with an add or concat branch,
 * every built-in data set, and the first example with the newer activations and dropout.
 */
import { Rng } from '../../engine/random';
import type { ActivationFn, GraphEdge, GraphNode, LossFn } from '../../engine/graph';
import { EXAMPLES } from '../../model/examples';
import { testDocument } from '../../model/testing/documents';
import type { DataSpec, ModelFile } from '../../model/types';

export const HIDDEN: ActivationFn[] = [
  'linear',
  'sigmoid',
  'tanh',
  'relu',
  'leaky_relu',
  'softmax',
];

/** A random network with an add or concat branch, every activation among its hidden layers, on inline data. */
export function branchedModel(seed: number, loss: LossFn, join: 'add' | 'concat'): ModelFile {
  const rng = new Rng(seed);
  const features = 2 + rng.int(3);
  const outputs = loss === 'cross_entropy' ? 3 : 1 + rng.int(2);
  const nodes: GraphNode[] = [{ id: 'in put', kind: 'input', params: { features } }];
  const edges: GraphEdge[] = [];
  const link = (source: string, target: string, targetSlot?: number) =>
    edges.push({ id: `e${edges.length}`, source, target, ...(targetSlot ? { targetSlot } : {}) });
  const layer = (id: string, from: string, units: number, fn: ActivationFn, extra = {}) => {
    nodes.push({ id, kind: 'dense', params: { units, ...extra } });
    nodes.push({ id: `${id}.act`, kind: 'activation', params: { fn, alpha: 0.1 } });
    link(from, id);
    link(id, `${id}.act`);
    return `${id}.act`;
  };
  const pick = () => HIDDEN[rng.int(HIDDEN.length)];
  const width = 3 + rng.int(3);
  const trunk = layer('1st', 'in put', width, pick(), { init: 'he' });
  const left = layer('left', trunk, width, pick(), { bias: false });
  const right = layer('right', trunk, join === 'add' ? width : 2, pick());
  nodes.push({ id: 'join', kind: join, params: {} });
  link(right, 'join', 1);
  link(left, 'join', 0);
  const outFn: ActivationFn =
    loss === 'cross_entropy' ? 'softmax' : loss === 'bce' ? 'sigmoid' : pick();
  const out = layer('class', 'join', outputs, outFn);
  nodes.push({ id: 'loss', kind: 'loss', params: { fn: loss } });
  link(out, 'loss');
  const m = 24;
  const x = Array.from({ length: m }, () => Array.from({ length: features }, () => rng.normal()));
  const y = Array.from({ length: m }, (_, i) =>
    Array.from({ length: outputs }, (_, j) =>
      loss === 'cross_entropy'
        ? Number(j === i % outputs)
        : loss === 'bce'
          ? rng.int(2)
          : rng.uniform(-1, 1),
    ),
  );
  return testDocument({
    name: `random ${join} ${loss}`,
    nodes,
    edges,
    data: { inline: { x, y }, standardize: seed % 2 === 0, validation: 0.25, seed },
    training: { epochs: 1, seed },
  });
}

export const RANDOM = [
  branchedModel(11, 'mse', 'add'),
  branchedModel(12, 'mse', 'concat'),
  branchedModel(13, 'bce', 'add'),
  branchedModel(14, 'bce', 'concat'),
  branchedModel(15, 'cross_entropy', 'add'),
  branchedModel(16, 'cross_entropy', 'concat'),
];

/** Every built-in data set, with noise where it applies, on a network of its widths. */
export function builtinModel(
  builtin: Extract<DataSpec, { builtin: string }>['builtin'],
): ModelFile {
  const tabled = builtin === 'iris' || builtin === 'digits';
  const base = EXAMPLES.find((e) => e.id === (tabled ? 'iris' : 'spiral'))!.model();
  if (builtin === 'iris') return base;
  if (builtin === 'digits') {
    // The iris network widened to 64 pixels in and 10 digits out.
    base.graph.nodes[0].params = { features: 64 };
    base.graph.nodes.find((n) => n.id === 'dense2')!.params = { units: 10 };
    base.data = { builtin, seed: 3, validation: 0.2 };
    return base;
  }
  const features = builtin === 'article' ? 3 : builtin === 'sine' ? 1 : 2;
  base.graph.nodes[0].params = { features };
  base.data = { builtin, samples: 50, noise: 0.1, seed: 3, validation: 0.2 };
  return base;
}

export const BUILTINS = [
  'article',
  'xor',
  'circle',
  'gauss',
  'spiral',
  'sine',
  'plane',
  'iris',
  'digits',
] as const;

/** The first example with its hidden activation replaced by elu, gelu, softplus; and with a dropout after it. */
export const NEWER: ModelFile[] = [
  ...(['elu', 'gelu', 'softplus'] as const).map((fn) => {
    const model = EXAMPLES[0].model();
    model.name = `${model.name} (${fn})`;
    model.graph.nodes.find((n) => n.id === 'act1')!.params = { fn };
    return model;
  }),
  (() => {
    const model = EXAMPLES[0].model();
    model.name = `${model.name} (dropout)`;
    model.graph.nodes.push({ id: 'drop', kind: 'dropout', params: { rate: 0.5 } });
    for (const e of model.graph.edges) if (e.source === 'act1') e.source = 'drop';
    model.graph.edges.push({ id: 'to-drop', source: 'act1', target: 'drop' });
    return model;
  })(),
];
