/** Helpers for the engine's tests: small graphs and data sets built in a line. */
import type { Graph, GraphEdge, GraphNode } from '../graph';
import { compile, type CompiledGraph } from '../compile';
import type { Dataset } from '../dataset';
import { Network } from '../network';
import { Rng } from '../random';

/**
 * A chain: input → … → loss, from `[kind, params]` pairs. The input takes a
 * number of features or an image [height, width, channels].
 */
export function chain(
  input: number | readonly [number, number, number],
  layers: [string, Record<string, unknown>][],
  loss: string,
): Graph {
  const params =
    typeof input === 'number'
      ? { features: input }
      : {
          features: input[0] * input[1] * input[2],
          height: input[0],
          width: input[1],
          channels: input[2],
        };
  return namedChain([
    ['in', 'input', params],
    ...layers.map(([kind, params], i): ChainLink => [`n${i}`, kind, params]),
    ['loss', 'loss', { fn: loss }],
  ]);
}

/** One node of a named chain: its id, kind and parameters. */
export type ChainLink = [id: string, kind: string, params: Record<string, unknown>];

/** A chain of the nodes `links`, in order, each edge `e<k>` from node k to node k + 1. */
export function namedChain(links: readonly ChainLink[]): Graph {
  const nodes: GraphNode[] = links.map(([id, kind, params]) => ({ id, kind, params }));
  const edges: GraphEdge[] = nodes
    .slice(1)
    .map((n, i) => ({ id: `e${i}`, source: nodes[i].id, target: n.id }));
  return { nodes, edges };
}

/** A dense stack `[3, 5, 1]` with one activation after every layer. */
export function mlp(
  sizes: number[],
  hidden: string,
  last: string,
  loss: string,
  init?: string,
): Graph {
  const layers: [string, Record<string, unknown>][] = [];
  sizes.slice(1).forEach((units, i) => {
    layers.push(['dense', init ? { units, init } : { units }]);
    layers.push(['activation', { fn: i === sizes.length - 2 ? last : hidden }]);
  });
  return chain(sizes[0], layers, loss);
}

export function mustCompile(graph: Graph): CompiledGraph {
  const result = compile(graph);
  if (!result.ok) throw new Error(result.problems.map((p) => p.message).join('\n'));
  return result.net;
}

/** A network on `chain(input, layers, loss)`, its weights drawn from `seed`. */
export function chainNetwork(
  input: number | readonly [number, number, number],
  layers: [string, Record<string, unknown>][],
  loss: string,
  seed: number,
): Network {
  return new Network(mustCompile(chain(input, layers, loss)), { seed });
}

/** Random features in [-1, 1] and targets fitting the loss (one-hot rows for cross-entropy, 0/1 for bce). */
export function randomData(
  m: number,
  features: number,
  targets: number,
  loss: string,
  seed: number,
): Dataset {
  const rng = new Rng(seed);
  const x = Float64Array.from({ length: m * features }, () => rng.uniform(-1, 1));
  const y = new Float64Array(m * targets);
  for (let r = 0; r < m; r++) {
    if (loss === 'cross_entropy') y[r * targets + rng.int(targets)] = 1;
    else
      for (let j = 0; j < targets; j++)
        y[r * targets + j] = loss === 'bce' ? rng.int(2) : rng.uniform(-1, 1);
  }
  return { x, y, m, features, targets };
}

/** The seed notes' toy set: 3 binary features, target = the first. */
export function articleData(m: number, seed: number, exclude?: number[]): Dataset {
  const rng = new Rng(seed);
  const x: number[] = [];
  const y: number[] = [];
  while (y.length < m) {
    const row = [rng.int(2), rng.int(2), rng.int(2)];
    if (exclude && row.every((v, i) => v === exclude[i])) continue;
    x.push(...row);
    y.push(row[0]);
  }
  return { x: Float64Array.from(x), y: Float64Array.from(y), m, features: 3, targets: 1 };
}

/** Two interleaved spirals, one-hot labels: the classic hard 2-D classification set. */
export function spiralData(perClass: number, noise: number, seed: number): Dataset {
  const rng = new Rng(seed);
  const m = perClass * 2;
  const x = new Float64Array(m * 2);
  const y = new Float64Array(m * 2);
  for (let c = 0; c < 2; c++) {
    for (let i = 0; i < perClass; i++) {
      const r = i / perClass;
      const t = ((1.75 * i) / perClass) * 2 * Math.PI + c * Math.PI;
      const row = c * perClass + i;
      x[row * 2] = r * Math.sin(t) + noise * rng.normal();
      x[row * 2 + 1] = r * Math.cos(t) + noise * rng.normal();
      y[row * 2 + c] = 1;
    }
  }
  return { x, y, m, features: 2, targets: 2 };
}
