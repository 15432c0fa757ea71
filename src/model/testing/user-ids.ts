/**
 * For tests: the XOR example with node and edge ids that are also names on Object.prototype,
 * the ids that break a table kept in a plain object (`table[id]`).
 */
import { exampleById } from '../examples';
import type { ModelFile } from '../types';

/** XOR's nodes in order (input, dense1, act1, dense2, act2, loss) renamed to these. */
export const PROTO_NODE_IDS = [
  'constructor',
  '__proto__',
  'toString',
  'hasOwnProperty',
  'valueOf',
  '__defineGetter__',
] as const;
export const PROTO_EDGE_IDS = ['__proto__', 'constructor', 'toString', 'valueOf', 'isPrototypeOf'];

export function xorWithProtoIds(nodeIds: readonly string[] = PROTO_NODE_IDS): ModelFile {
  const model = exampleById('xor')!.model();
  const rename = new Map(model.graph.nodes.map((n, i) => [n.id, nodeIds[i]]));
  for (const n of model.graph.nodes) n.id = rename.get(n.id)!;
  model.graph.edges.forEach((e, i) => {
    e.id = PROTO_EDGE_IDS[i];
    e.source = rename.get(e.source)!;
    e.target = rename.get(e.target)!;
  });
  return model;
}
