/** Malformed model files, part 2: weights, data, training, history and view (parse.test.ts). */
import { serializeModel } from '../serialize';
import { good, node, RUN, type Case } from './files';

export const SECTION_CASES: Case[] = [
  // Weights.
  {
    name: 'W with a missing row',
    edit: (m) => m.weights.dense1.W.pop(),
    path: 'weights.dense1.W',
    message: /must have 5 rows.*got 4/,
  },
  {
    name: 'W row too short',
    edit: (m) => m.weights.dense1.W[2].pop(),
    path: 'weights.dense1.W[2]',
    message: /must have 3 values.*got 2/,
  },
  {
    name: 'b too long',
    edit: (m) => m.weights.dense2.b.push(1),
    path: 'weights.dense2.b',
    message: /must have 1 values.*got 2/,
  },
  {
    name: 'weights for a missing node',
    edit: (m) => (m.weights.ghost = { W: [[1]], b: [0] }),
    path: 'weights.ghost',
    message: /no node has the id "ghost"/,
  },
  {
    name: 'weights for an activation',
    edit: (m) => (m.weights.act1 = { W: [[1]], b: [0] }),
    path: 'weights.act1',
    message: /activation node, which keeps no weights/,
  },
  {
    name: 'NaN written as text',
    edit: (m) => (m.weights.dense1.W[0][1] = 'NaN'),
    path: 'weights.dense1.W[0][1]',
    message: /finite number or a list, got the text "NaN"/,
  },
  {
    name: 'Infinity written as text',
    edit: (m) => (m.weights.dense2.b[0] = 'Infinity'),
    path: 'weights.dense2.b[0]',
    message: /got the text "Infinity"/,
  },
  {
    name: 'null weight',
    edit: (m) => (m.weights.dense1.W[1][1] = null),
    path: 'weights.dense1.W[1][1]',
    message: /finite number or a list, got null/,
  },
  {
    name: 'W missing',
    edit: (m) => delete m.weights.dense2.W,
    path: 'weights.dense2.W',
    message: /is missing/,
  },
  {
    name: 'b missing where the node has a bias',
    edit: (m) => delete m.weights.dense2.b,
    path: 'weights.dense2.b',
    message: /is missing/,
  },
  {
    name: 'b for a dense node without a bias (version 2)',
    edit: (m) => (node(m, 'dense2').params.bias = false),
    path: 'weights.dense2.b',
    message: /"dense2" has no bias.*it has W$/,
  },
  {
    name: 'a parameter a dense node does not have',
    edit: (m) => (m.weights.dense2.gamma = [1]),
    path: 'weights.dense2.gamma',
    message: /no parameter of this name; it has W, b/,
  },
  {
    name: 'W with three axes',
    edit: (m) => (m.weights.dense2.W = [[[0.1], [0.2], [0.3], [0.4], [0.5]]]),
    path: 'weights.dense2.W[0]',
    message: /list of numbers/,
  },
  {
    name: 'a tensor five deep',
    edit: (m) => (m.weights.dense2.W = [[[[[0.1]]]]]),
    path: 'weights.dense2.W[0][0][0][0]',
    message: /finite number, got a list/,
  },
  {
    name: 'overflowing number',
    text: serializeModel(good()).replace('"loss": 0.5', '"loss": 1e999'),
    path: 'history[0].loss',
    message: /finite number, got Infinity/,
  },
  // Data.
  { name: 'data missing', edit: (m) => delete m.data, path: 'data', message: /is missing/ },
  {
    name: 'two kinds of data',
    edit: (m) => (m.data.csv = 'a.csv'),
    path: 'data',
    message: /exactly one of "builtin", "csv" or "inline"/,
  },
  {
    name: 'no kind of data',
    edit: (m) => (m.data = { samples: 10 }),
    path: 'data',
    message: /exactly one of/,
  },
  {
    name: 'unknown builtin',
    edit: (m) => (m.data.builtin = 'mnist'),
    path: 'data.builtin',
    message: /"article".*"iris"/,
  },
  {
    name: 'negative samples',
    edit: (m) => (m.data.samples = -5),
    path: 'data.samples',
    message: /≥ 1, got -5/,
  },
  {
    name: 'validation of 1',
    edit: (m) => (m.data.validation = 1),
    path: 'data.validation',
    message: /< 1, got 1/,
  },
  {
    name: 'csv without targets',
    edit: (m) => (m.data = { csv: 'a.csv', features: ['x'] }),
    path: 'data.targets',
    message: /is missing/,
  },
  {
    name: 'csv with no features',
    edit: (m) => (m.data = { csv: 'a.csv', features: [], targets: ['y'] }),
    path: 'data.features',
    message: /at least 1 item/,
  },
  {
    name: 'csv column twice',
    edit: (m) => (m.data = { csv: 'a.csv', features: ['x', 'y'], targets: ['y'] }),
    path: 'data.targets[0]',
    message: /already listed in data.features\[1\]/,
  },
  {
    name: 'inline rows of different lengths',
    edit: (m) => (m.data = { inline: { x: [[1, 2], [3]], y: [[1], [0]] } }),
    path: 'data.inline.x[1]',
    message: /must have 2 values/,
  },
  {
    name: 'inline x and y counts differ',
    edit: (m) => (m.data = { inline: { x: [[1], [2]], y: [[1]] } }),
    path: 'data.inline',
    message: /x has 2 rows but y has 1/,
  },
  {
    name: 'inline text value',
    edit: (m) => (m.data = { inline: { x: [['a']], y: [[1]] } }),
    path: 'data.inline.x[0][0]',
    message: /finite number/,
  },
  // Training.
  {
    name: 'training missing',
    edit: (m) => delete m.training,
    path: 'training',
    message: /is missing/,
  },
  {
    name: 'unknown optimizer',
    edit: (m) => (m.training.optimizer = 'rmsprop'),
    path: 'training.optimizer',
    message: /"sgd", "momentum", "adam"/,
  },
  {
    name: 'zero learning rate',
    edit: (m) => (m.training.learningRate = 0),
    path: 'training.learningRate',
    message: /> 0, got 0/,
  },
  {
    name: 'learning rate NaN text',
    edit: (m) => (m.training.learningRate = 'NaN'),
    path: 'training.learningRate',
    message: /got the text "NaN"/,
  },
  {
    name: 'bad batch word',
    edit: (m) => (m.training.batch = 'mini'),
    path: 'training.batch',
    message: /"full", "stochastic" or \{ "miniBatch": k \}/,
  },
  {
    name: 'mini-batch of zero',
    edit: (m) => (m.training.batch = { miniBatch: 0 }),
    path: 'training.batch',
    message: /miniBatch/,
  },
  {
    name: 'fractional epochs',
    edit: (m) => (m.training.epochs = 1.5),
    path: 'training.epochs',
    message: /whole number/,
  },
  {
    name: 'negative seed',
    edit: (m) => (m.training.seed = -1),
    path: 'training.seed',
    message: /whole number ≥ 0, got -1/,
  },
  {
    name: 'l2 missing',
    edit: (m) => delete m.training.l2,
    path: 'training.l2',
    message: /is missing/,
  },
  {
    name: 'momentum of 1',
    edit: (m) => (m.training.momentum = 1),
    path: 'training.momentum',
    message: /< 1/,
  },
  // History and view.
  {
    name: 'history not a list',
    edit: (m) => (m.history = {}),
    path: 'history',
    message: /must be a list/,
  },
  {
    name: 'run with an unknown batch mode',
    edit: (m) => (m.runs = [{ ...RUN, batch: 'tiny' }]),
    path: 'runs[0].batch',
    message: /"full", "stochastic" or \{ "miniBatch": k \}/,
  },
  {
    name: 'run without its settings',
    edit: (m) => (m.runs = [{ id: 1, started: RUN.started, fromEpoch: 0, epochs: 1 }]),
    path: 'runs[0].optimizer',
    message: /is missing/,
  },
  {
    name: 'history record of run 0',
    edit: (m) => (m.history[0].run = 0),
    path: 'history[0].run',
    message: /1/,
  },
  {
    name: 'history accuracy above 1',
    edit: (m) => (m.history[0].accuracy = 2),
    path: 'history[0].accuracy',
    message: /≤ 1, got 2/,
  },
  {
    name: 'zoom of zero',
    edit: (m) => (m.view = { viewport: { x: 0, y: 0, zoom: 0 } }),
    path: 'view.viewport.zoom',
    message: /> 0/,
  },
];
