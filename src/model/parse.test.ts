import { describe, expect, it } from 'vitest';
import { EXAMPLES, newDocument } from './examples';
import { MAX_PROBLEMS, parseModel, validateModel } from './parse';
import { serializeModel } from './serialize';
import type { ModelFile } from './types';

/** A valid file to break: the article network with weights for both dense nodes. */
function good(): ModelFile {
  const model = newDocument();
  model.weights = {
    dense1: { W: Array.from({ length: 5 }, (_, r) => [r, 0.5, -0.25]), b: [0, 0, 0, 0, 0] },
    dense2: { W: [[0.1, 0.2, 0.3, 0.4, 0.5]], b: [0] },
  };
  model.history = [{ epoch: 1, loss: 0.5 }];
  return model;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

interface Case {
  name: string;
  /** Either text to parse, or an edit of a good file. */
  text?: string;
  edit?: (m: Loose) => void;
  path: string;
  message: RegExp;
}

const RUN = {
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

const node = (m: Loose, id: string): Loose => m.graph.nodes.find((n: Loose) => n.id === id);

const CASES: Case[] = [
  // Not JSON, or not a model.
  { name: 'empty file', text: '', path: '(file)', message: /empty/ },
  { name: 'whitespace only', text: '  \n ', path: '(file)', message: /empty/ },
  {
    name: 'truncated JSON',
    text: serializeModel(good()).slice(0, 200),
    path: '(file)',
    message: /ends too early|truncated/,
  },
  {
    name: 'truncated after a comma',
    text: '{"format": "backprop-studio.model",',
    path: '(file)',
    message: /ends too early/,
  },
  {
    name: 'bad token',
    text: '{"format": backprop}',
    path: '(file)',
    message: /line 1, column \d+/,
  },
  {
    name: 'syntax error on line 3',
    text: '{\n"a": 1,\n"b" 2\n}',
    path: '(file)',
    message: /line 3/,
  },
  {
    name: 'NaN literal',
    text: '{"format": "backprop-studio.model", "version": NaN}',
    path: '(file)',
    message: /not valid JSON/,
  },
  { name: 'a JSON array', text: '[1, 2]', path: '(file)', message: /must be a JSON object/ },
  { name: 'a JSON string', text: '"hello"', path: '(file)', message: /must be a JSON object/ },
  { name: 'null', text: 'null', path: '(file)', message: /must be a JSON object/ },
  {
    name: 'format missing',
    edit: (m) => delete m.format,
    path: 'format',
    message: /not a Backprop Studio model file/,
  },
  {
    name: 'other format',
    edit: (m) => (m.format = 'onnx'),
    path: 'format',
    message: /got the text "onnx"/,
  },
  {
    name: 'future version',
    edit: (m) => (m.version = 3),
    path: 'version',
    message: /version 3.*newer.*reads version 2/,
  },
  {
    name: 'version zero',
    edit: (m) => (m.version = 0),
    path: 'version',
    message: /must be 2, got 0/,
  },
  {
    name: 'version as text',
    edit: (m) => (m.version = '1'),
    path: 'version',
    message: /must be 2, got the text "1"/,
  },
  { name: 'name missing', edit: (m) => delete m.name, path: 'name', message: /is missing/ },
  {
    name: 'name a number',
    edit: (m) => (m.name = 5),
    path: 'name',
    message: /must be text, got 5/,
  },
  {
    name: 'unknown top-level field',
    edit: (m) => (m.wieghts = {}),
    path: 'wieghts',
    message: /unknown field/,
  },
  // Graph.
  { name: 'graph missing', edit: (m) => delete m.graph, path: 'graph', message: /is missing/ },
  {
    name: 'nodes not a list',
    edit: (m) => (m.graph.nodes = {}),
    path: 'graph.nodes',
    message: /must be a list, got an object/,
  },
  {
    name: 'node without id',
    edit: (m) => delete m.graph.nodes[1].id,
    path: 'graph.nodes[1].id',
    message: /is missing/,
  },
  {
    name: 'empty node id',
    edit: (m) => (m.graph.nodes[1].id = ''),
    path: 'graph.nodes[1].id',
    message: /must not be empty/,
  },
  {
    name: 'unknown kind',
    edit: (m) => (m.graph.nodes[2].kind = 'lstm'),
    path: 'graph.nodes[2].kind',
    message: /unknown node kind "lstm".*dense/,
  },
  {
    name: 'kind missing',
    edit: (m) => delete m.graph.nodes[2].kind,
    path: 'graph.nodes[2].kind',
    message: /is missing/,
  },
  {
    name: 'params missing',
    edit: (m) => delete m.graph.nodes[1].params,
    path: 'graph.nodes[1].params',
    message: /is missing/,
  },
  {
    name: 'negative units',
    edit: (m) => (node(m, 'dense1').params.units = -3),
    path: 'graph.nodes[1].params.units',
    message: /must be a whole number ≥ 1, got -3/,
  },
  {
    name: 'fractional units',
    edit: (m) => (node(m, 'dense1').params.units = 2.5),
    path: 'graph.nodes[1].params.units',
    message: /must be a whole number, got 2.5/,
  },
  {
    name: 'units as text',
    edit: (m) => (node(m, 'dense1').params.units = '5'),
    path: 'graph.nodes[1].params.units',
    message: /whole number, got the text "5"/,
  },
  {
    name: 'a billion units',
    edit: (m) => (node(m, 'dense1').params.units = 1e9),
    path: 'graph.nodes[1].params.units',
    message: /≤ 100000, got 1000000000/,
  },
  {
    name: 'units missing',
    edit: (m) => (node(m, 'dense1').params = {}),
    path: 'graph.nodes[1].params.units',
    message: /is missing/,
  },
  {
    name: 'unknown param',
    edit: (m) => (node(m, 'dense1').params.unit = 5),
    path: 'graph.nodes[1].params.unit',
    message: /unknown field; allowed here: units, bias, init/,
  },
  {
    name: 'bad initialiser',
    edit: (m) => (node(m, 'dense1').params.init = 'glorot'),
    path: 'graph.nodes[1].params.init',
    message: /one of "xavier", "he", "zeros"/,
  },
  {
    name: 'bias as text',
    edit: (m) => (node(m, 'dense1').params.bias = 'yes'),
    path: 'graph.nodes[1].params.bias',
    message: /true or false/,
  },
  {
    name: 'unknown activation',
    edit: (m) => (node(m, 'act1').params.fn = 'swish'),
    path: 'graph.nodes[2].params.fn',
    message: /"sigmoid"/,
  },
  {
    name: 'unknown loss',
    edit: (m) => (node(m, 'loss').params.fn = 'hinge'),
    path: 'graph.nodes[5].params.fn',
    message: /"mse", "bce", "cross_entropy"/,
  },
  {
    name: 'zero input features',
    edit: (m) => (node(m, 'input').params.features = 0),
    path: 'graph.nodes[0].params.features',
    message: /≥ 1, got 0/,
  },
  {
    name: 'leak out of range',
    edit: (m) => (node(m, 'act1').params.alpha = 5),
    path: 'graph.nodes[2].params.alpha',
    message: /≤ 1, got 5/,
  },
  {
    name: 'position as text',
    edit: (m) => (m.graph.nodes[0].position = { x: 'left', y: 0 }),
    path: 'graph.nodes[0].position.x',
    message: /must be a finite number/,
  },
  {
    name: 'duplicate node id',
    edit: (m) => (m.graph.nodes[2].id = 'dense1'),
    path: 'graph.nodes[2].id',
    message: /already the id of graph.nodes\[1\]/,
  },
  {
    name: 'edge to a missing node',
    edit: (m) => (m.graph.edges[1].target = 'ghost'),
    path: 'graph.edges[1].target',
    message: /no node has the id "ghost"/,
  },
  {
    name: 'edge from a missing node',
    edit: (m) => (m.graph.edges[0].source = 'nowhere'),
    path: 'graph.edges[0].source',
    message: /no node has the id "nowhere"/,
  },
  {
    name: 'edge to itself',
    edit: (m) => (m.graph.edges[1] = { id: 'e2', source: 'dense1', target: 'dense1' }),
    path: 'graph.edges[1]',
    message: /to itself/,
  },
  {
    name: 'duplicate edge id',
    edit: (m) => (m.graph.edges[2].id = 'e1'),
    path: 'graph.edges[2].id',
    message: /already the id of graph.edges\[0\]/,
  },
  {
    name: 'edge without target',
    edit: (m) => delete m.graph.edges[0].target,
    path: 'graph.edges[0].target',
    message: /is missing/,
  },
  {
    name: 'negative target slot',
    edit: (m) => (m.graph.edges[0].targetSlot = -1),
    path: 'graph.edges[0].targetSlot',
    message: /≥ 0/,
  },
  {
    name: 'too many parameters',
    edit: (m) => {
      node(m, 'input').params.features = 100000;
      node(m, 'dense1').params.units = 100000;
      delete m.weights;
    },
    path: 'graph.nodes[1]',
    message: /10,000,100,000 parameters.*limit.*50,000,000/,
  },
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

describe('parseModel: malformed files', () => {
  it('has at least 50 cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(50);
  });

  it.each(CASES)('$name → $path', ({ text, edit, path, message }) => {
    let input = text;
    if (input === undefined) {
      const m: Loose = JSON.parse(JSON.stringify(good()));
      edit!(m);
      input = JSON.stringify(m);
    }
    const result = parseModel(input);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const match = result.problems.find((p) => p.path === path && message.test(p.message));
    expect(
      match,
      `problems were:\n${result.problems.map((p) => `${p.path}: ${p.message}`).join('\n')}`,
    ).toBeDefined();
    for (const p of result.problems) {
      expect(p.message).not.toMatch(/\n\s+at /); // never a stack trace
      expect(p.message.length).toBeLessThan(400);
    }
  });

  it('reports every problem at once, not just the first', () => {
    const m: Loose = good();
    node(m, 'dense1').params.units = -3;
    m.training.learningRate = 'NaN';
    m.data.builtin = 'mnist';
    const result = parseModel(JSON.stringify(m));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => p.path)).toEqual(
      expect.arrayContaining([
        'graph.nodes[1].params.units',
        'training.learningRate',
        'data.builtin',
      ]),
    );
  });

  it('caps a flood of problems and counts the rest', () => {
    const m: Loose = good();
    m.weights.dense1.W = Array.from({ length: 5 }, () => Array.from({ length: 100 }, () => 'x'));
    const result = parseModel(JSON.stringify(m));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.length).toBe(MAX_PROBLEMS + 1);
    expect(result.problems[MAX_PROBLEMS].message).toMatch(/and 400 more problems/);
  });

  it('refuses a billion units without allocating them', () => {
    const m: Loose = good();
    node(m, 'dense1').params.units = 1_000_000_000;
    delete m.weights;
    const before = process.memoryUsage().heapUsed;
    const result = parseModel(JSON.stringify(m));
    expect(result.ok).toBe(false);
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(50 * 1024 * 1024);
  });
});

describe('parseModel: good files', () => {
  it('accepts the good file and every example', () => {
    expect(parseModel(serializeModel(good())).ok).toBe(true);
    for (const example of EXAMPLES) {
      const result = validateModel(example.model());
      expect(result.ok, `${example.id}: ${JSON.stringify(result)}`).toBe(true);
    }
  });

  it('accepts a byte order mark and a dense node without bias (and so without b)', () => {
    const m = good();
    m.graph.nodes[1].params.bias = false;
    delete (m.weights!.dense1 as { b?: number[] }).b;
    expect(parseModel(`\uFEFF${serializeModel(m)}`).ok).toBe(true);
  });

  it('round-trips text: parse(serialize(m)) equals m, and serialize is stable', () => {
    const m = good();
    const W = m.weights!.dense1.W as number[][];
    W[0][0] = 0.1 + 0.2; // not representable exactly in decimal
    W[0][1] = -Math.PI * 1e-300;
    W[0][2] = 5e-324;
    const text = serializeModel(m);
    const back = parseModel(text);
    expect(back.ok).toBe(true);
    if (!back.ok) return;
    expect(back.model).toEqual(m);
    expect(Object.is((back.model.weights!.dense1.W as number[][])[0][0], 0.1 + 0.2)).toBe(true);
    expect(serializeModel(back.model)).toBe(text);
  });

  it('round-trips a run list, and opens a file from before runs', () => {
    const m = good();
    m.runs = [{ ...RUN, batch: { miniBatch: 16 } }];
    m.history = [{ epoch: 1, loss: 0.5, run: 1 }];
    const back = parseModel(serializeModel(m));
    expect(back.ok && back.model).toEqual(m);
    const old = good();
    delete old.runs;
    expect(parseModel(serializeModel(old)).ok).toBe(true);
  });

  it('refuses to write a non-finite value, naming where it is', () => {
    const m = good();
    (m.weights!.dense2.W as number[][])[0][3] = NaN;
    expect(() => serializeModel(m)).toThrow(/weights.dense2.W\[0\]\[3\]: is NaN/);
  });
});
