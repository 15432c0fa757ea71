/**
 * Helpers for the interop tests: random documents (chains, add and concat
 * branches, every activation and loss, with and without standardised data)
 * and predictions on raw rows, as `backprop-studio predict` makes them.
 */
import type { GraphEdge, GraphNode } from '../../engine/graph';
import { ACTIVATIONS, LOSSES } from '../../engine/registry';
import { Rng } from '../../engine/random';
import { applyStandardization, removeStandardization } from '../../model/data';
import { prepareModel, type Prepared } from '../../model/prepare';
import { MODEL_FORMAT, MODEL_VERSION, type ModelFile } from '../../model/types';
import { EXAMPLES, type Example } from '../../model/examples';
import { exportInput } from '../input';
import type { ExportInput } from '../types';
import type { Tensor } from '../../engine/weights';

export async function prepared(model: ModelFile): Promise<Prepared> {
  const result = await prepareModel(model);
  if (!result.ok) throw new Error(result.problems.map((p) => `${p.path}: ${p.message}`).join('\n'));
  return result;
}

export async function inputOf(model: ModelFile): Promise<ExportInput> {
  return exportInput(await prepared(model), '9.9.9-test');
}

/** The data's rows in the units of the file (before standardisation): what an exported model takes. */
export function rawRows(p: Prepared): { x: Float64Array; m: number; features: number } {
  const { all, standardization } = p.data;
  return { x: removeStandardization(all.x, standardization), m: all.m, features: all.features };
}

/** The document's predictions for raw rows (standardised first when its data is). */
export function predictRaw(p: Prepared, x: Float64Array, m: number): Float64Array {
  const s = p.data.standardization;
  return p.net.predict(s ? applyStandardization(x, s) : x, m);
}

/** The largest |a − b| / max(|b|, 1) over two outputs (relative, absolute near zero). */
export function worstRelative(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    worst = Math.max(worst, Math.abs(a[i] - b[i]) / Math.max(Math.abs(b[i]), 1));
  }
  return worst;
}

/**
 * Whether a model uses the image kinds (conv2d, the poolings, flatten), which the ONNX and
 * PyTorch exports refuse (channels first there) and the TF.js importer does not read yet:
 * the example lists of those tests leave such models (the Digits CNN) out.
 */
export function usesImageKinds(model: ModelFile): boolean {
  const image = new Set(['conv2d', 'maxpool2d', 'avgpool2d', 'flatten']);
  return model.graph.nodes.some((n) => image.has(n.kind));
}

/** The examples every export writes and every import reads back: those without image kinds. */
export function flatExamples(): Example[] {
  return EXAMPLES.filter((e) => !usesImageKinds(e.model()));
}

/** How many random graphs the interop tests and the accuracy bench check: randomModel(0 …). */
export const RANDOM_GRAPHS = 20;

/** The random graphs of the interop tests, made with `activations` (randomModel). */
export function randomModels(activations?: readonly string[]): ModelFile[] {
  return Array.from({ length: RANDOM_GRAPHS }, (_, i) => randomModel(i, activations));
}

/** A copy whose weights are rounded to float32: what an exported file can hold. */
export function float32Weights(model: ModelFile, p: Prepared): ModelFile {
  const weights = p.net.getWeights();
  const round = (t: Tensor): Tensor =>
    (t as (number | Tensor)[]).map((v) =>
      typeof v === 'number' ? Math.fround(v) : round(v),
    ) as Tensor;
  for (const tensors of Object.values(weights))
    for (const name of Object.keys(tensors)) tensors[name] = round(tensors[name]);
  return { ...model, weights };
}

/**
 * Random graph number `index`: a few dense layers, activations, add and concat branches;
 * activations and losses taken in turn so that 20 graphs cover every one of each. Every
 * branch joins the output, so the graph compiles. `activations` narrows the functions to a
 * format's (TF.js has no loadable tanh-approximate GELU).
 */
export function randomModel(
  index: number,
  activations: readonly string[] = ACTIVATIONS,
): ModelFile {
  const ACTS = activations;
  const rng = new Rng(1000 + index);
  const features = 1 + rng.int(4);
  const loss = LOSSES[index % LOSSES.length];
  const nodes: GraphNode[] = [{ id: 'x', kind: 'input', params: { features } }];
  const edges: GraphEdge[] = [];
  const widths = new Map<string, number>([['x', features]]);
  let open = ['x'];
  let n = 0;
  const add = (kind: string, params: Record<string, unknown>, sources: string[], width: number) => {
    const id = `${kind}${++n}`;
    nodes.push({ id, kind, params });
    sources.forEach((source, slot) =>
      edges.push({
        id: `e${edges.length + 1}`,
        source,
        target: id,
        ...(sources.length > 1 ? { targetSlot: slot } : {}),
      }),
    );
    widths.set(id, width);
    open = open.filter((s) => !sources.includes(s));
    open.push(id);
    return id;
  };
  const pick = () => open[rng.int(open.length)];
  const activation = (source: string, fn: string) =>
    add(
      'activation',
      fn === 'leaky_relu' ? { fn, alpha: (1 + 2 * rng.int(5)) / 20 } : { fn },
      [source],
      widths.get(source)!,
    );
  const steps = 2 + rng.int(4);
  for (let s = 0; s < steps; s++) {
    const what = (index + s) % 4;
    if (what === 0 || open.length === 0) {
      const units = 1 + rng.int(6);
      const d = add(
        'dense',
        { units, ...(rng.int(4) === 0 ? { bias: false } : {}) },
        [pick()],
        units,
      );
      activation(d, ACTS[(index + s) % ACTS.length]);
    } else if (what === 1) {
      // Two dense branches of one width from one tensor, added (a residual-style join).
      const from = pick();
      const units = 1 + rng.int(5);
      const a = add('dense', { units }, [from], units);
      open.push(from);
      const b = add('dense', { units }, [from], units);
      add('add', {}, [activation(a, ACTS[(index + s + 1) % ACTS.length]), b], units);
    } else if (what === 2) {
      const from = pick();
      const units = 1 + rng.int(4);
      const a = add('dense', { units }, [from], units);
      open.push(from);
      add('concat', {}, [a, from], units + widths.get(from)!);
    } else {
      activation(pick(), ACTS[(index + 2 * s) % ACTS.length]);
    }
  }
  const last =
    open.length > 1
      ? add(
          'concat',
          {},
          [...open],
          open.reduce((w, s) => w + widths.get(s)!, 0),
        )
      : open[0];
  const targets = loss === 'bce' ? 1 : 1 + rng.int(3);
  const outWidth = loss === 'cross_entropy' ? Math.max(2, targets) : targets;
  const out = add('dense', { units: outWidth }, [last], outWidth);
  const predicted =
    loss === 'cross_entropy'
      ? activation(out, 'softmax')
      : loss === 'bce'
        ? activation(out, 'sigmoid')
        : out;
  add('loss', { fn: loss }, [predicted], outWidth);

  const m = 12;
  const x = Array.from({ length: m }, () =>
    Array.from({ length: features }, () => rng.uniform(-3, 5)),
  );
  const y = Array.from({ length: m }, (_, r) =>
    Array.from({ length: outWidth }, (_, k) =>
      loss === 'cross_entropy'
        ? r % outWidth === k
          ? 1
          : 0
        : loss === 'bce'
          ? r % 2
          : rng.uniform(-1, 1),
    ),
  );
  return {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    name: `random ${index}`,
    graph: { nodes, edges },
    data: { inline: { x, y }, standardize: index % 3 === 0 },
    training: {
      optimizer: 'sgd',
      learningRate: 0.1,
      batch: 'full',
      epochs: 10,
      seed: index + 1,
      l2: 0,
    },
  };
}

/** A copy of `model` with a node of `kind` inserted on the edges leaving `after`. */
export function withNodeAfter(
  model: ModelFile,
  after: string,
  kind: string,
  params: Record<string, unknown>,
  id = kind,
): ModelFile {
  const copy = structuredClone(model);
  const { nodes, edges } = copy.graph;
  for (const e of edges) if (e.source === after) e.source = id;
  nodes.splice(nodes.findIndex((n) => n.id === after) + 1, 0, { id, kind, params });
  edges.push({ id: `${id}-in`, source: after, target: id });
  return copy;
}

/**
 * The first example with a batch or layer norm after its first dense layer, its γ, β (and
 * running statistics) away from their initial values, as after training.
 */
export function trainedNorm(kind: string, params: Record<string, unknown>): ModelFile {
  const model = withNodeAfter(EXAMPLES[0].model(), 'dense1', kind, params, 'norm');
  const width = (model.graph.nodes.find((n) => n.id === 'dense1')!.params.units as number) ?? 1;
  const ramp = (a: number, d: number) => Array.from({ length: width }, (_, i) => a + d * i);
  model.weights = {
    norm: {
      gamma: ramp(0.5, 0.25),
      beta: ramp(-0.3, 0.1),
      ...(kind === 'batchnorm' ? { mean: ramp(0.2, -0.1), variance: ramp(0.5, 0.3) } : {}),
    },
  };
  return model;
}
