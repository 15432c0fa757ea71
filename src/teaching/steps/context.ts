/**
 * What every step builder shares: the trace, the symbols of each node
 * (`a⁽⁰⁾` for the input, `z⁽ˡ⁾` for the l-th dense layer, `a⁽ˡ⁾` for its
 * activation, `h(id)` for the rest), the focus (neuron j, sample i) clamped
 * to each tensor, and the phrases that say what is shown.
 */
import type { CompiledNode } from '../../engine/compile';
import { t } from '../../i18n';
import { texText } from '../format';
import { ent, partial, superscript, vec, type Sym } from './tex';
import type { TensorCopy, Trace } from './trace';
import { MAX_SAMPLES, MAX_UNITS, type Focus, type Step } from './types';

export interface Delta {
  vec: string;
  ent: (j: number | string, i: number | string) => string;
  plain: string;
}

export interface Ctx {
  trace: Trace;
  m: number;
  focus: Focus;
  byId: Map<string, CompiledNode>;
  /** Dense layers numbered 1, 2, … in topological order. */
  layer: Map<string, number>;
  outputNode: CompiledNode;
  outWidth: number;
  sym: (id: string) => Sym;
  sourceOf: (n: CompiledNode, k?: number) => CompiledNode;
  /** δ⁽ˡ⁾ names ∂L/∂z⁽ˡ⁾ of a dense layer; other tensors' gradients are written ∂L/∂h. */
  deltaOf: (id: string) => Delta;
  /** The focused neuron, clamped to a layer of this width. */
  clampJ: (width: number) => number;
  /** The focused sample, clamped to the batch. */
  sampleI: number;
  fewSamples: boolean;
  small: (rows: number) => boolean;
  focusOf: (width: number, perSample?: boolean) => Step['focus'];
  at: (t: TensorCopy | Float64Array, width: number, j: number, i: number) => number;
  where: (j: number, i?: number) => string;
  /** " Shown: neuron j = 2." (the sentence closing an explanation of a focused step). */
  shownAt: (what: string) => string;
  atLabel: (name: string, what: string) => string;
  sampleLabel: (name: string, i: number) => string;
  rowLabel: (name: string, what: string) => string;
  newLabel: (name: string) => string;
}

export function makeContext(trace: Trace, focus: Focus): Ctx {
  const { graph, m } = trace;
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const layer = new Map<string, number>();
  for (const n of graph.nodes) if (n.kind === 'dense') layer.set(n.id, layer.size + 1);

  const syms = new Map<string, Sym>();
  const named = (base: string, id: string): Sym => ({
    base,
    sup: `(\\text{${texText(id)}})`,
    plain: `${base}(${id})`,
  });
  const numbered = (base: string, l: number): Sym => ({
    base,
    sup: `(${l})`,
    plain: `${base}${superscript(l)}`,
  });
  for (const n of graph.nodes) {
    if (n.kind === 'input') syms.set(n.id, numbered('a', 0));
    else if (n.kind === 'dense') syms.set(n.id, numbered('z', layer.get(n.id)!));
    else if (n.kind === 'activation') {
      const src = byId.get(n.inputs[0].source)!;
      syms.set(
        n.id,
        src.kind === 'dense' && src.outputs.length === 1
          ? numbered('a', layer.get(src.id)!)
          : named('a', n.id),
      );
    } else if (n.kind !== 'loss') syms.set(n.id, named('h', n.id));
  }
  const sym = (id: string) => syms.get(id)!;
  const sampleI = Math.max(0, Math.min(focus.sample, m - 1));
  const clampJ = (width: number) => Math.max(0, Math.min(focus.neuron, width - 1));
  const outputNode = byId.get(graph.outputId)!;

  return {
    trace,
    m,
    focus,
    byId,
    layer,
    outputNode,
    outWidth: outputNode.width,
    sym,
    sourceOf: (n, k = 0) => byId.get(n.inputs[k].source)!,
    deltaOf: (id) => {
      const l = layer.get(id);
      if (l !== undefined) {
        return {
          vec: `\\boldsymbol{\\delta}^{(${l})}`,
          ent: (j, i) => `\\delta^{(${l})}_{${j},${i}}`,
          plain: `δ${superscript(l)}`,
        };
      }
      const s = sym(id);
      return {
        vec: partial(vec(s)),
        ent: (j, i) => partial(ent(s, j, i)),
        plain: `∂L/∂${s.plain}`,
      };
    },
    clampJ,
    sampleI,
    fewSamples: m <= MAX_SAMPLES,
    small: (rows) => rows <= MAX_UNITS,
    focusOf: (width, perSample = true) => ({
      neuron: { index: clampJ(width), count: width },
      ...(perSample ? { sample: { index: sampleI, count: m } } : {}),
    }),
    at: (x, width, j, i) => ('value' in x ? x.value : x)[i * width + j],
    where: (j, i) =>
      i === undefined
        ? t('steps.where.neuron', { j: j + 1 })
        : t('steps.where.neuronSample', { j: j + 1, i: i + 1 }),
    shownAt: (what) => t('steps.shown', { what }),
    atLabel: (name, what) => t('steps.value.at', { name, what }),
    sampleLabel: (name, i) => t('steps.value.sample', { name, i: i + 1 }),
    rowLabel: (name, what) => t('steps.value.row', { name, what }),
    newLabel: (name) => t('steps.value.new', { name }),
  };
}
