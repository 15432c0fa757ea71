/**
 * Ready-made documents: the article's network (the default new document) and
 * a few classics. Each call returns a fresh object the caller may edit.
 */
import type { GraphEdge, GraphNode } from '../engine/graph';
import { t, tKey } from '../i18n';
import {
  MODEL_FORMAT,
  MODEL_VERSION,
  type DataSpec,
  type ModelFile,
  type TrainingSettings,
} from './types';

export interface Example {
  id: string;
  /** Catalogue keys: show through t(). The document's name is made in the current language. */
  title: string;
  description: string;
  model: () => ModelFile;
}

type Layer =
  | ['dense', number]
  | ['activation', 'linear' | 'sigmoid' | 'tanh' | 'relu' | 'leaky_relu' | 'softmax'];

/** input → layers → loss, ids `input`, `dense1`, `act1`, …, `loss`, laid out left to right. */
function sequential(features: number, layers: Layer[], loss: 'mse' | 'bce' | 'cross_entropy') {
  const nodes: GraphNode[] = [{ id: 'input', kind: 'input', params: { features } }];
  let dense = 0;
  let act = 0;
  for (const [kind, value] of layers) {
    if (kind === 'dense') nodes.push({ id: `dense${++dense}`, kind, params: { units: value } });
    else nodes.push({ id: `act${++act}`, kind, params: { fn: value } });
  }
  nodes.push({ id: 'loss', kind: 'loss', params: { fn: loss } });
  return chain(nodes);
}

/** Nodes in a row, left to right, each feeding the next (edges `e1`, `e2`, …). */
function chain(nodes: GraphNode[]) {
  nodes.forEach((n, i) => (n.position = { x: i * 200, y: 0 }));
  const edges: GraphEdge[] = nodes
    .slice(1)
    .map((n, i) => ({ id: `e${i + 1}`, source: nodes[i].id, target: n.id }));
  return { nodes, edges };
}

function model(
  name: string,
  graph: ModelFile['graph'],
  data: DataSpec,
  training: TrainingSettings,
): ModelFile {
  return { format: MODEL_FORMAT, version: MODEL_VERSION, name, graph, data, training };
}

/** Two hidden layers of 16 tanh units (the spiral and the sine). */
const TWO_TANH_16: Layer[] = [
  ['dense', 16],
  ['activation', 'tanh'],
  ['dense', 16],
  ['activation', 'tanh'],
];

/** Adam in mini-batches (of 16 unless said), seed 1, no L2: how the larger examples train. */
function adamMiniBatches(learningRate: number, epochs: number, miniBatch = 16): TrainingSettings {
  return { optimizer: 'adam', learningRate, batch: { miniBatch }, epochs, seed: 1, l2: 0 };
}

/** The seed notes' setting: the article's 64 samples, full-batch SGD for 1,000 epochs. */
function onArticle(name: string, graph: ModelFile['graph'], learningRate: number): ModelFile {
  return model(
    name,
    graph,
    { builtin: 'article', samples: 64, seed: 1 },
    { optimizer: 'sgd', learningRate, batch: 'full', epochs: 1000, seed: 1, l2: 0 },
  );
}

/**
 * A small convolutional network on the built-in 8 × 8 digits: one 3 × 3 convolution with 8
 * filters keeps the 8 × 8 size ('same'), max pooling halves it to 4 × 4 × 8, and a Dense layer
 * reads the 128 numbers; the input is the Input's image shape, 8 × 8 × 1. Adam reaches about 98 %
 * validation accuracy in 30 epochs (a few seconds; src/model/digits-cnn.test.ts requires 97 %).
 */
export const DIGITS_CNN: Example = {
  id: 'digitsCnn',
  title: tKey('examples.digitsCnn.title'),
  description: tKey('examples.digitsCnn.description'),
  model: () =>
    model(
      t('examples.digitsCnn.name'),
      chain([
        { id: 'input', kind: 'input', params: { features: 64, height: 8, width: 8, channels: 1 } },
        { id: 'conv1', kind: 'conv2d', params: { filters: 8, kernel: 3, padding: 'same' } },
        { id: 'act1', kind: 'activation', params: { fn: 'relu' } },
        { id: 'pool1', kind: 'maxpool2d', params: { size: 2 } },
        { id: 'flatten1', kind: 'flatten', params: {} },
        { id: 'dense1', kind: 'dense', params: { units: 10 } },
        { id: 'act2', kind: 'activation', params: { fn: 'softmax' } },
        { id: 'loss', kind: 'loss', params: { fn: 'cross_entropy' } },
      ]),
      { builtin: 'digits', seed: 1, validation: 0.2 },
      adamMiniBatches(0.01, 30, 32),
    ),
};

export const EXAMPLES: Example[] = [
  {
    id: 'article',
    title: tKey('examples.article.title'),
    description: tKey('examples.article.description'),
    model: () =>
      onArticle(
        t('examples.article.name'),
        sequential(
          3,
          [
            ['dense', 5],
            ['activation', 'sigmoid'],
            ['dense', 1],
            ['activation', 'sigmoid'],
          ],
          'mse',
        ),
        2,
      ),
  },
  {
    id: 'neuron',
    title: tKey('examples.neuron.title'),
    description: tKey('examples.neuron.description'),
    model: () => onArticle(t('examples.neuron.name'), sequential(3, [['dense', 1]], 'mse'), 0.05),
  },
  {
    id: 'xor',
    title: tKey('examples.xor.title'),
    description: tKey('examples.xor.description'),
    model: () =>
      model(
        t('examples.xor.name'),
        sequential(
          2,
          [
            ['dense', 4],
            ['activation', 'tanh'],
            ['dense', 1],
            ['activation', 'sigmoid'],
          ],
          'bce',
        ),
        {
          inline: {
            x: [
              [0, 0],
              [0, 1],
              [1, 0],
              [1, 1],
            ],
            y: [[0], [1], [1], [0]],
          },
        },
        { optimizer: 'adam', learningRate: 0.05, batch: 'full', epochs: 500, seed: 1, l2: 0 },
      ),
  },
  {
    id: 'spiral',
    title: tKey('examples.spiral.title'),
    description: tKey('examples.spiral.description'),
    model: () =>
      model(
        t('examples.spiral.name'),
        sequential(2, [...TWO_TANH_16, ['dense', 1], ['activation', 'sigmoid']], 'bce'),
        { builtin: 'spiral', samples: 400, noise: 0.02, seed: 1, validation: 0.2 },
        adamMiniBatches(0.05, 300),
      ),
  },
  {
    id: 'iris',
    title: tKey('examples.iris.title'),
    description: tKey('examples.iris.description'),
    model: () =>
      model(
        t('examples.iris.name'),
        sequential(
          4,
          [
            ['dense', 8],
            ['activation', 'tanh'],
            ['dense', 3],
            ['activation', 'softmax'],
          ],
          'cross_entropy',
        ),
        { builtin: 'iris', seed: 1, validation: 0.2 },
        adamMiniBatches(0.01, 200),
      ),
  },
  {
    id: 'sine',
    title: tKey('examples.sine.title'),
    description: tKey('examples.sine.description'),
    model: () =>
      model(
        t('examples.sine.name'),
        sequential(1, [...TWO_TANH_16, ['dense', 1]], 'mse'),
        { builtin: 'sine', samples: 200, noise: 0.05, seed: 1 },
        adamMiniBatches(0.01, 300),
      ),
  },
  DIGITS_CNN,
];

/** The document File → New opens: the article's network on the article's data. */
export function newDocument(): ModelFile {
  const doc = EXAMPLES[0].model();
  doc.name = t('examples.untitled');
  return doc;
}

/** A document with no nodes: the article's data and training settings, for a network drawn from scratch. */
export function newEmptyDocument(): ModelFile {
  const doc = newDocument();
  doc.graph = { nodes: [], edges: [] };
  return doc;
}

export function exampleById(id: string): Example | undefined {
  return EXAMPLES.find((e) => e.id === id);
}
