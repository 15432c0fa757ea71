/** Malformed model files, part 1: not JSON or not a model, and broken graphs (parse.test.ts). */
import { serializeModel } from '../serialize';
import { good, node, type Case } from './files';

export const GRAPH_CASES: Case[] = [
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
];
