/**
 * One update, slowly: the steps of a forward pass, the loss, the backward
 * pass and the parameter update, each with its formula from the seed notes
 * and this batch's numbers substituted.
 *
 * `traceUpdate` runs the engine (forward, backward, one optimizer update on a
 * copy of the weights) and copies the engine's own buffers: node outputs,
 * gradients on nodes and edges, ∂L/∂W, ∂L/∂b and the updated weights. Nothing
 * shown is recomputed on the side, except f′(z) (the engine's derivative
 * table applied to the engine's z and a) and Adam's intermediate m̂, v̂.
 *
 * `describeSteps` turns a trace into steps. Tensors are shown in the seed
 * notes' layout, samples as columns (the engine stores them as rows): z⁽ˡ⁾
 * is units × m, W⁽ˡ⁾ units × inputs. Tensors too large to show whole (more
 * than MAX_UNITS rows or columns, more than MAX_SAMPLES samples) are shown for
 * one neuron j and one sample i, chosen by the caller.
 *
 * Pure: no Node, no DOM. The renderer's step mode and the tests share it.
 * The words come from the catalogue (src/i18n, area `steps`) in the language
 * current when the steps are described: step mode describes them again when
 * the language changes. Formulas are the same in every language.
 */
import { ACTIVATION_TABLE } from '../engine/activations';
import type { CompiledGraph, CompiledNode } from '../engine/compile';
import type { Dataset } from '../engine/dataset';
import type { ActivationFn } from '../engine/graph';
import type { Network } from '../engine/network';
import { createOptimizer } from '../engine/optimizers';
import { batchSize, type BatchMode, type TrainConfig } from '../engine/train';
import { t } from '../i18n';
import { formatNumber, texFactor, texMatrix, texNumber, texSum, texText } from './format';

/** Rows and columns of a matrix shown whole (weights, units). */
export const MAX_UNITS = 8;
/** Samples shown whole (columns of a batch tensor). */
export const MAX_SAMPLES = 6;

export interface Batch {
  data: Dataset;
  /** Which samples, in words: "all 64 samples of the data set (…)", in the current language. */
  readonly description: string;
}

/**
 * The batch step mode takes: the whole data set for full-batch gradient
 * descent (the batch `backprop-studio grad` uses), else the first k samples
 * in file order (training itself draws them in shuffled order).
 */
export function chooseBatch(all: Dataset, mode: BatchMode): Batch {
  const m = all.m;
  if (mode === 'full') {
    return {
      data: all,
      get description() {
        return t('steps.batch.full', { m });
      },
    };
  }
  const k = batchSize(mode, m);
  const data: Dataset = {
    x: all.x.slice(0, k * all.features),
    y: all.y.slice(0, k * all.targets),
    m: k,
    features: all.features,
    targets: all.targets,
  };
  return {
    data,
    get description() {
      return k === 1 ? t('steps.batch.one') : t('steps.batch.first', { k });
    },
  };
}

interface TensorCopy {
  width: number;
  /** m × width, samples as rows (the engine's layout). */
  value: Float64Array;
  grad: Float64Array;
}

interface ParamCopy {
  units: number;
  inputs: number;
  W: Float64Array;
  dW: Float64Array;
  nextW: Float64Array;
  b: Float64Array | null;
  db: Float64Array | null;
  nextB: Float64Array | null;
}

/** The engine's buffers after one forward pass, one backward pass and one update (on a copy). */
export interface Trace {
  graph: CompiledGraph;
  batch: Batch;
  training: TrainConfig;
  m: number;
  /** Targets of the batch, m × outputs. */
  y: Float64Array;
  loss: number;
  /** softmax feeding cross-entropy: backward starts from δ = (p − y)/m. */
  fused: boolean;
  nodes: Map<string, TensorCopy>;
  /** ∂L/∂(the tensor on each edge). */
  edges: Map<string, Float64Array>;
  params: Map<string, ParamCopy>;
}

/**
 * Runs one update on a float64 network and copies what step mode shows. The
 * network's weights are left as they were (the update is applied, copied,
 * and undone); its gradients are this batch's.
 */
export function traceUpdate(net: Network, batch: Batch, training: TrainConfig): Trace {
  const { data } = batch;
  const m = data.m;
  net.loadBatch(data, null, 0, m);
  const loss = net.forward();
  net.backward();
  const graph = net.graph;
  const nodes = new Map<string, TensorCopy>();
  for (const node of graph.nodes) {
    const s = net.nodeState(node.id);
    if (s) nodes.set(node.id, { width: s.cols, value: copy(s.value), grad: copy(s.grad) });
  }
  const edges = new Map<string, Float64Array>();
  for (const edge of graph.edges) {
    const g = net.edgeGradient(edge.id);
    if (g) edges.set(edge.id, copy(g.grad));
  }
  const params = new Map<string, ParamCopy>();
  for (const node of graph.nodes) {
    const p = net.denseParams(node.id);
    if (!p) continue;
    params.set(node.id, {
      units: p.W.rows,
      inputs: p.W.cols,
      W: copy(p.W.value),
      dW: copy(p.W.grad),
      nextW: new Float64Array(0),
      b: p.b ? copy(p.b.value) : null,
      db: p.b ? copy(p.b.grad) : null,
      nextB: null,
    });
  }
  const before = net.snapshot();
  createOptimizer(net.params(), training).update(training.learningRate);
  for (const [id, copyOf] of params) {
    const p = net.denseParams(id)!;
    copyOf.nextW = copy(p.W.value);
    copyOf.nextB = p.b ? copy(p.b.value) : null;
  }
  net.restore(before);
  const output = graph.nodes.find((n) => n.id === graph.outputId)!;
  const fused =
    graph.lossFn === 'cross_entropy' &&
    output.kind === 'activation' &&
    output.params.fn === 'softmax';
  return {
    graph,
    batch,
    training: { ...training },
    m,
    y: copy(data.y.subarray(0, m * data.targets)),
    loss,
    fused,
    nodes,
    edges,
    params,
  };
}

function copy(a: ArrayLike<number>): Float64Array {
  return Float64Array.from(a);
}

// Steps ---------------------------------------------------------------------

export type StepPhase = 'forward' | 'loss' | 'backward' | 'update';

/** Numbers a step shows, as plain text for reading and copying (display layout: samples as columns). */
export interface StepValue {
  /** Stable name: `z`, `a`, `delta`, `dW`, `db`, `L`, … (test ids use it). */
  key: string;
  /** What it is, in words with symbols: "∂L/∂W⁽¹⁾". */
  label: string;
  rows: number[][];
}

export interface Step {
  /** Stable id: `forward:dense1`, `backward:dense1:W`, `update:dense1`. */
  key: string;
  phase: StepPhase;
  title: string;
  /** What the canvas highlights. */
  nodeId?: string;
  edgeId?: string;
  /** LaTeX, one display line each: the rule first, then the rule with this batch's numbers. */
  formula: string[];
  /** One or two sentences in plain words. */
  explanation: string;
  values: StepValue[];
  /** Present when the tensors are too large to show whole: the neuron j and sample i shown (0-based). */
  focus?: {
    neuron?: { index: number; count: number };
    sample?: { index: number; count: number };
  };
}

/** Which neuron j and sample i to show for layers too large to show whole (0-based; clamped per layer). */
export interface Focus {
  neuron: number;
  sample: number;
}

interface Sym {
  /** `z`, `a`, `h`. */
  base: string;
  /** Superscript: `(1)`, `(\text{add1})`. */
  sup: string;
  /** Plain text: `z⁽¹⁾`, `h(add1)`. */
  plain: string;
}

const SUPERSCRIPT = '⁰¹²³⁴⁵⁶⁷⁸⁹';
const superscript = (n: number) =>
  `⁽${String(n)
    .split('')
    .map((d) => SUPERSCRIPT[Number(d)])
    .join('')}⁾`;

const vec = (s: Sym) => `\\mathbf{${s.base}}^{${s.sup}}`;
const ent = (s: Sym, j: number | string, i: number | string) => `${s.base}^{${s.sup}}_{${j},${i}}`;
const partial = (of: string) => `\\frac{\\partial L}{\\partial ${of}}`;
const T = '^{\\mathsf{T}}';

/** Display layout of an m × width tensor: width rows, one column per sample. */
function columns(buf: ArrayLike<number>, width: number, m: number): number[][] {
  return Array.from({ length: width }, (_, j) =>
    Array.from({ length: m }, (_, i) => buf[i * width + j]),
  );
}

/** A row-major rows × cols parameter as rows. */
function matrix(buf: ArrayLike<number>, rows: number, cols: number): number[][] {
  return Array.from({ length: rows }, (_, r) => Array.from(buf).slice(r * cols, (r + 1) * cols));
}

const transpose = (rows: number[][]) =>
  rows.length ? rows[0].map((_, c) => rows.map((r) => r[c])) : [];
const column = (values: number[]) => values.map((v) => [v]);

/** A vector as a bracketed row or column, shortened beyond MAX_UNITS entries. */
function texVector(values: number[], layout: 'row' | 'column'): string {
  const shown =
    values.length <= MAX_UNITS
      ? values.map((v) => texNumber(v))
      : [
          ...values.slice(0, MAX_UNITS - 2).map((v) => texNumber(v)),
          layout === 'row' ? '\\cdots' : '\\vdots',
          texNumber(values[values.length - 1]),
        ];
  return `\\begin{bmatrix}${shown.join(layout === 'row' ? ' & ' : ' \\\\ ')}\\end{bmatrix}`;
}

const texRow = (values: number[]) => texVector(values, 'row');
const texColumn = (values: number[]) => texVector(values, 'column');

const FN_TEX: Record<ActivationFn, { apply: string; def: string; der: string }> = {
  linear: { apply: '\\operatorname{id}', def: '\\operatorname{id}(z) = z', der: "f'(z) = 1" },
  sigmoid: {
    apply: '\\sigma',
    def: '\\sigma(z) = \\frac{1}{1 + e^{-z}}',
    der: "\\sigma'(z) = \\sigma(z)\\,\\bigl(1 - \\sigma(z)\\bigr)",
  },
  tanh: {
    apply: '\\tanh',
    def: '\\tanh(z) = \\frac{e^{z} - e^{-z}}{e^{z} + e^{-z}}',
    der: "\\tanh'(z) = 1 - \\tanh^2(z)",
  },
  relu: {
    apply: '\\operatorname{relu}',
    def: '\\operatorname{relu}(z) = \\max(0, z)',
    der: "\\operatorname{relu}'(z) = \\begin{cases} 1 & z > 0 \\\\ 0 & z \\le 0 \\end{cases}",
  },
  leaky_relu: {
    apply: '\\operatorname{lrelu}',
    def: '\\operatorname{lrelu}(z) = \\begin{cases} z & z > 0 \\\\ \\alpha z & z \\le 0 \\end{cases}',
    der: "\\operatorname{lrelu}'(z) = \\begin{cases} 1 & z > 0 \\\\ \\alpha & z \\le 0 \\end{cases}",
  },
  softmax: {
    apply: '\\operatorname{softmax}',
    def: 'p_{k,i} = \\frac{e^{z_{k,i}}}{\\sum_{c} e^{z_{c,i}}}',
    der: '\\frac{\\partial L}{\\partial z_{k,i}} = p_{k,i}\\Bigl(g_{k,i} - \\sum_{c} g_{c,i}\\,p_{c,i}\\Bigr)',
  },
};

/** The activation's name in words: "linear (identity)", "ReLU". */
const fnName = (fn: ActivationFn) => t(`steps.fn.${fn}`);

/** Builds the ordered steps of a trace: forward node by node, the loss, backward, the update. */
export function describeSteps(trace: Trace, focus: Focus = { neuron: 0, sample: 0 }): Step[] {
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
  const sourceOf = (n: CompiledNode, k = 0) => byId.get(n.inputs[k].source)!;
  /** δ⁽ˡ⁾ names ∂L/∂z⁽ˡ⁾ of a dense layer; other tensors' gradients are written ∂L/∂h. */
  const deltaOf = (
    id: string,
  ): { vec: string; ent: (j: number | string, i: number | string) => string; plain: string } => {
    const l = layer.get(id);
    if (l !== undefined) {
      return {
        vec: `\\boldsymbol{\\delta}^{(${l})}`,
        ent: (j, i) => `\\delta^{(${l})}_{${j},${i}}`,
        plain: `δ${superscript(l)}`,
      };
    }
    const s = sym(id);
    return { vec: partial(vec(s)), ent: (j, i) => partial(ent(s, j, i)), plain: `∂L/∂${s.plain}` };
  };

  const clampJ = (width: number) => Math.max(0, Math.min(focus.neuron, width - 1));
  const sampleI = Math.max(0, Math.min(focus.sample, m - 1));
  const fewSamples = m <= MAX_SAMPLES;
  const small = (rows: number) => rows <= MAX_UNITS;
  const focusOf = (width: number, perSample = true): Step['focus'] => ({
    neuron: { index: clampJ(width), count: width },
    ...(perSample ? { sample: { index: sampleI, count: m } } : {}),
  });
  const at = (t: TensorCopy | Float64Array, width: number, j: number, i: number) =>
    ('value' in t ? t.value : t)[i * width + j];
  const where = (j: number, i?: number) =>
    i === undefined
      ? t('steps.where.neuron', { j: j + 1 })
      : t('steps.where.neuronSample', { j: j + 1, i: i + 1 });
  /** " Shown: neuron j = 2." (the sentence closing an explanation of a focused step). */
  const shownAt = (what: string) => t('steps.shown', { what });
  const atLabel = (name: string, what: string) => t('steps.value.at', { name, what });
  const sampleLabel = (name: string, i: number) => t('steps.value.sample', { name, i: i + 1 });
  const rowLabel = (name: string, what: string) => t('steps.value.row', { name, what });
  const newLabel = (name: string) => t('steps.value.new', { name });

  const steps: Step[] = [];
  const outputNode = byId.get(graph.outputId)!;
  const outWidth = outputNode.width;

  // Forward ------------------------------------------------------------------
  for (const n of graph.nodes) {
    const out = trace.nodes.get(n.id);
    const s = syms.get(n.id);
    switch (n.kind) {
      case 'input': {
        const f = n.width;
        const X = columns(out!.value, f, m);
        const Y = columns(trace.y, outWidth, m);
        const full = small(f) && small(outWidth) && fewSamples;
        const i = sampleI;
        steps.push({
          key: `forward:${n.id}`,
          phase: 'forward',
          title: t('steps.input.title'),
          nodeId: n.id,
          formula: full
            ? [`${vec(s!)} = \\mathbf{x} = ${texMatrix(X)}, \\qquad \\mathbf{y} = ${texMatrix(Y)}`]
            : [
                `${vec(s!)} = \\mathbf{x} \\quad (${f} \\times ${m}), \\qquad \\mathbf{y} \\quad (${outWidth} \\times ${m})`,
                `\\mathbf{x}_{:,${i + 1}} = ${texColumn(X.map((r) => r[i]))}, \\qquad \\mathbf{y}_{:,${i + 1}} = ${texColumn(Y.map((r) => r[i]))}`,
              ],
          explanation: t('steps.input.explanation', {
            batch: trace.batch.description,
            f,
            m,
            shown: full ? '' : t('steps.input.shownSample', { i: i + 1 }),
          }),
          values: full
            ? [
                { key: 'x', label: 'x', rows: X },
                { key: 'y', label: 'y', rows: Y },
              ]
            : [
                { key: 'x', label: sampleLabel('x', i), rows: column(X.map((r) => r[i])) },
                { key: 'y', label: sampleLabel('y', i), rows: column(Y.map((r) => r[i])) },
              ],
          ...(full ? {} : { focus: { sample: { index: i, count: m } } }),
        });
        break;
      }
      case 'dense': {
        const p = trace.params.get(n.id)!;
        const l = layer.get(n.id)!;
        const src = sourceOf(n);
        const A = sym(src.id);
        const u = p.units;
        const k = p.inputs;
        const bias = p.b !== null;
        const rule = `${vec(s!)} = \\mathbf{W}^{(${l})} \\cdot ${vec(A)}${bias ? ` + \\mathbf{b}^{(${l})}` : ''}`;
        const full = small(u) && small(k) && fewSamples;
        const Z = columns(out!.value, u, m);
        if (full) {
          const Ain = columns(trace.nodes.get(src.id)!.value, k, m);
          steps.push({
            key: `forward:${n.id}`,
            phase: 'forward',
            title: t('steps.dense.title', { id: n.id }),
            nodeId: n.id,
            formula: [
              rule,
              `${vec(s!)} = ${texMatrix(matrix(p.W, u, k))} \\cdot ${texMatrix(Ain)}${bias ? ` + ${texMatrix(column(Array.from(p.b!)))}` : ''} = ${texMatrix(Z)}`,
            ],
            explanation: t('steps.dense.explanation', {
              W: `W${superscript(l)}`,
              a: A.plain,
              z: s!.plain,
              u,
              k,
              m,
              bias: bias ? t('steps.dense.bias', { b: `b${superscript(l)}` }) : '',
            }),
            values: [{ key: 'z', label: s!.plain, rows: Z }],
          });
        } else {
          const j = clampJ(u);
          const i = sampleI;
          const a = trace.nodes.get(src.id)!;
          const terms = Array.from(
            { length: k },
            (_, c) => `${texFactor(p.W[j * k + c])} \\cdot ${texFactor(at(a, k, c, i))}`,
          );
          const z = at(out!, u, j, i);
          steps.push({
            key: `forward:${n.id}`,
            phase: 'forward',
            title: t('steps.dense.title', { id: n.id }),
            nodeId: n.id,
            formula: [
              rule,
              `${ent(s!, j + 1, i + 1)} = \\sum_{k=1}^{${k}} W^{(${l})}_{${j + 1},k}\\, ${ent(A, 'k', i + 1)}${bias ? ` + b^{(${l})}_{${j + 1}}` : ''}`,
              `= ${texSum(terms)}${bias ? ` + ${texFactor(p.b![j])}` : ''} = ${texNumber(z)}`,
            ],
            explanation: t('steps.dense.explanationFocus', {
              W: `W${superscript(l)}`,
              z: s!.plain,
              u,
              k,
              m,
              where: where(j, i),
              bias: bias ? t('steps.dense.plusBias') : '',
            }),
            values: [{ key: 'z', label: atLabel(s!.plain, where(j, i)), rows: [[z]] }],
            focus: focusOf(u),
          });
        }
        break;
      }
      case 'activation': {
        const fn = n.params.fn as ActivationFn;
        const alpha = (n.params.alpha as number | undefined) ?? 0.01;
        const src = sourceOf(n);
        const Zs = sym(src.id);
        const w = n.width;
        const tex = FN_TEX[fn];
        const z = trace.nodes.get(src.id)!;
        const alphaNote = fn === 'leaky_relu' ? `, \\quad \\alpha = ${texNumber(alpha)}` : '';
        const rule = `${vec(s!)} = ${tex.apply}(${vec(Zs)}), \\qquad ${tex.def}${alphaNote}`;
        const full = small(w) && fewSamples;
        const title = t('steps.activation.title', { id: n.id, fn: fnName(fn) });
        if (full) {
          const Av = columns(out!.value, w, m);
          steps.push({
            key: `forward:${n.id}`,
            phase: 'forward',
            title,
            nodeId: n.id,
            formula: [
              rule,
              `${vec(s!)} = ${tex.apply}\\left(${texMatrix(columns(z.value, w, m))}\\right) = ${texMatrix(Av)}`,
            ],
            explanation:
              fn === 'softmax'
                ? t('steps.activation.softmax')
                : t('steps.activation.explanation', {
                    fn: fnName(fn),
                    a: s!.plain,
                    z: Zs.plain,
                    w,
                    m,
                  }),
            values: [{ key: 'a', label: s!.plain, rows: Av }],
          });
        } else if (fn === 'softmax') {
          const i = sampleI;
          const zc = columns(z.value, w, m).map((r) => r[i]);
          const pc = columns(out!.value, w, m).map((r) => r[i]);
          steps.push({
            key: `forward:${n.id}`,
            phase: 'forward',
            title,
            nodeId: n.id,
            formula: [
              rule,
              `${vec(s!)}_{:,${i + 1}} = \\operatorname{softmax}\\left(${texColumn(zc)}\\right) = ${texColumn(pc)}`,
            ],
            explanation: t('steps.activation.softmaxFocus', { i: i + 1 }),
            values: [{ key: 'a', label: sampleLabel(s!.plain, i), rows: column(pc) }],
            focus: { sample: { index: i, count: m } },
          });
        } else {
          const j = clampJ(w);
          const i = sampleI;
          const zv = at(z, w, j, i);
          const av = at(out!, w, j, i);
          steps.push({
            key: `forward:${n.id}`,
            phase: 'forward',
            title,
            nodeId: n.id,
            formula: [
              rule,
              `${ent(s!, j + 1, i + 1)} = ${tex.apply}(${ent(Zs, j + 1, i + 1)}) = ${tex.apply}(${texNumber(zv)}) = ${texNumber(av)}`,
            ],
            explanation: t('steps.activation.explanationFocus', {
              fn: fnName(fn),
              w,
              m,
              where: where(j, i),
            }),
            values: [{ key: 'a', label: atLabel(s!.plain, where(j, i)), rows: [[av]] }],
            focus: focusOf(w),
          });
        }
        break;
      }
      case 'add':
      case 'concat': {
        const w = n.width;
        const ins = n.inputs.map((e) => sym(e.source));
        const rule =
          n.kind === 'add'
            ? `${vec(s!)} = ${ins.map(vec).join(' + ')}`
            : `${vec(s!)} = \\begin{bmatrix} ${ins.map(vec).join(' \\\\ ')} \\end{bmatrix}`;
        const full = small(w) && fewSamples;
        const H = columns(out!.value, w, m);
        const i = sampleI;
        steps.push({
          key: `forward:${n.id}`,
          phase: 'forward',
          title:
            n.kind === 'add'
              ? t('steps.add.title', { id: n.id })
              : t('steps.concat.title', { id: n.id }),
          nodeId: n.id,
          formula: full
            ? [rule, `${vec(s!)} = ${texMatrix(H)}`]
            : [rule, `${vec(s!)}_{:,${i + 1}} = ${texColumn(H.map((r) => r[i]))}`],
          explanation:
            n.kind === 'add'
              ? t('steps.add.explanation', { n: ins.length, w, m })
              : t('steps.concat.explanation', {
                  inputs: ins.map((x) => x.plain).join(', '),
                  w,
                }),
          values: [
            full
              ? { key: 'h', label: s!.plain, rows: H }
              : {
                  key: 'h',
                  label: sampleLabel(s!.plain, i),
                  rows: column(H.map((r) => r[i])),
                },
          ],
          ...(full ? {} : { focus: { sample: { index: i, count: m } } }),
        });
        break;
      }
      case 'loss':
        steps.push(lossStep(n));
        break;
    }
  }

  function lossStep(n: CompiledNode): Step {
    const K = outWidth;
    const out = trace.nodes.get(outputNode.id)!.value;
    const A = sym(outputNode.id);
    const y = trace.y;
    const count = trace.graph.lossFn === 'cross_entropy' ? m : m * K;
    const idx = K === 1 ? '_{i}' : '_{k,i}';
    const a = `${A.base}^{${A.sup}}${idx}`;
    const yi = `y${idx}`;
    const sums = K === 1 ? '\\sum_{i=1}^{m}' : `\\sum_{i=1}^{m}\\sum_{k=1}^{${K}}`;
    const denom = K === 1 ? 'm' : `m \\cdot ${K}`;
    let rule: string;
    let terms: string[];
    let title: string;
    let explanation: string;
    const all = Array.from({ length: m * K }, (_, r) => r);
    switch (trace.graph.lossFn) {
      case 'mse':
        title = t('steps.loss.mse.title');
        rule = `L = \\frac{1}{${denom}} ${sums} \\left(${a} - ${yi}\\right)^2`;
        terms = all.map((r) => `(${texNumber(out[r])} - ${texNumber(y[r])})^2`);
        explanation = t('steps.loss.mse.explanation', {
          m,
          outputs: K > 1 ? t('steps.loss.mse.outputs', { K }) : '',
        });
        break;
      case 'bce':
        title = t('steps.loss.bce.title');
        rule = `L = -\\frac{1}{${denom}} ${sums} \\Bigl[${yi} \\log ${a} + (1 - ${yi}) \\log\\bigl(1 - ${a}\\bigr)\\Bigr]`;
        terms = all.map((r) =>
          y[r] === 1
            ? `\\log ${texFactor(out[r])}`
            : y[r] === 0
              ? `\\log(1 - ${texNumber(out[r])})`
              : `${texFactor(y[r])}\\log ${texFactor(out[r])} + ${texFactor(1 - y[r])}\\log(1 - ${texNumber(out[r])})`,
        );
        explanation = t('steps.loss.bce.explanation', { m });
        break;
      case 'cross_entropy':
        title = t('steps.loss.crossEntropy.title');
        rule = `L = -\\frac{1}{m} \\sum_{i=1}^{m}\\sum_{k=1}^{${K}} y_{k,i} \\log p_{k,i}`;
        terms = all
          .filter((r) => y[r] !== 0)
          .map((r) =>
            y[r] === 1
              ? `\\log ${texFactor(out[r])}`
              : `${texFactor(y[r])}\\log ${texFactor(out[r])}`,
          );
        explanation = t('steps.loss.crossEntropy.explanation', { m });
        break;
    }
    const sign = trace.graph.lossFn === 'mse' ? '' : '-';
    return {
      key: 'loss',
      phase: 'loss',
      title,
      nodeId: n.id,
      formula: [
        rule,
        `L = ${sign}\\frac{1}{${count}}\\Bigl[${texSum(terms)}\\Bigr] = ${texNumber(trace.loss)}`,
      ],
      explanation,
      values: [{ key: 'L', label: 'L', rows: [[trace.loss]] }],
    };
  }

  // Backward -----------------------------------------------------------------
  const reversed = [...graph.nodes].reverse();
  for (const n of reversed) {
    switch (n.kind) {
      case 'loss':
        if (!trace.fused) steps.push(lossGradientStep(n));
        break;
      case 'activation':
        steps.push(activationBackwardStep(n));
        break;
      case 'dense':
        steps.push(...denseBackwardSteps(n));
        break;
      case 'add':
      case 'concat':
        steps.push(mergeBackwardStep(n));
        break;
      case 'input':
        break;
    }
  }

  function lossGradientStep(n: CompiledNode): Step {
    const K = outWidth;
    const edgeId = n.inputs[0].edgeId;
    const A = sym(outputNode.id);
    const out = trace.nodes.get(outputNode.id)!;
    const g = trace.edges.get(edgeId)!;
    const full = small(K) && fewSamples;
    const mk = m * K;
    const denom = K === 1 ? 'm' : `m \\cdot ${K}`;
    const idx = K === 1 ? '_{i}' : '_{k,i}';
    const a = `${A.base}^{${A.sup}}${idx}`;
    const yi = `y${idx}`;
    let rule: string;
    let entry: (r: number) => string;
    switch (trace.graph.lossFn) {
      case 'mse':
        rule = `${partial(vec(A))} = \\frac{2}{${denom}}\\left(${vec(A)} - \\mathbf{y}\\right)`;
        entry = (r) =>
          `\\frac{2}{${mk}}\\left(${texNumber(out.value[r])} - ${texNumber(trace.y[r])}\\right)`;
        break;
      case 'bce':
        rule = `${partial(a)} = \\frac{${a} - ${yi}}{${denom} \\cdot ${a}\\,(1 - ${a})}`;
        entry = (r) =>
          `\\frac{${texNumber(out.value[r])} - ${texNumber(trace.y[r])}}{${mk} \\cdot ${texFactor(out.value[r])}\\,(1 - ${texNumber(out.value[r])})}`;
        break;
      case 'cross_entropy':
        rule = `${partial('p_{k,i}')} = -\\frac{y_{k,i}}{m\\, p_{k,i}}`;
        entry = (r) => `-\\frac{${texNumber(trace.y[r])}}{${m} \\cdot ${texFactor(out.value[r])}}`;
        break;
    }
    const G = columns(g, K, m);
    const j = clampJ(K);
    const i = sampleI;
    const r = i * K + j;
    return {
      key: `backward:${n.id}`,
      phase: 'backward',
      title: t('steps.lossGradient.title'),
      edgeId,
      formula: full
        ? [
            rule,
            trace.graph.lossFn === 'mse'
              ? `${partial(vec(A))} = \\frac{2}{${mk}}\\left(${texMatrix(columns(out.value, K, m))} - ${texMatrix(columns(trace.y, K, m))}\\right) = ${texMatrix(G)}`
              : `${partial(vec(A))} = ${texMatrix(G)}`,
          ]
        : [rule, `${partial(ent(A, j + 1, i + 1))} = ${entry(r)} = ${texNumber(g[r])}`],
      explanation: `${t('steps.lossGradient.explanation')}${full ? '' : shownAt(where(j, i))}`,
      values: [
        full
          ? { key: 'dLda', label: `∂L/∂${A.plain}`, rows: G }
          : { key: 'dLda', label: atLabel(`∂L/∂${A.plain}`, where(j, i)), rows: [[g[r]]] },
      ],
      ...(full ? {} : { focus: focusOf(K) }),
    };
  }

  function activationBackwardStep(n: CompiledNode): Step {
    const fn = n.params.fn as ActivationFn;
    const alpha = (n.params.alpha as number | undefined) ?? 0.01;
    const src = sourceOf(n);
    const w = n.width;
    const Z = sym(src.id);
    const Aout = sym(n.id);
    const delta = deltaOf(src.id);
    const dz = trace.edges.get(n.inputs[0].edgeId)!;
    const out = trace.nodes.get(n.id)!;
    const z = trace.nodes.get(src.id)!;
    const full = small(w) && fewSamples;
    const j = clampJ(w);
    const i = sampleI;
    const r = i * w + j;
    const D = columns(dz, w, m);
    const isOutput = n.id === graph.outputId;
    const from = isOutput
      ? t('steps.activationBack.fromLoss')
      : t('steps.activationBack.fromLayer');
    const value: StepValue = full
      ? { key: 'delta', label: delta.plain, rows: D }
      : { key: 'delta', label: atLabel(delta.plain, where(j, i)), rows: [[dz[r]]] };
    const base = {
      key: `backward:${n.id}`,
      phase: 'backward' as const,
      nodeId: n.id,
      values: [value],
      ...(full ? {} : { focus: focusOf(w) }),
    };
    if (isOutput && trace.fused) {
      return {
        ...base,
        title: t('steps.activationBack.fused.title'),
        formula: [
          `${delta.vec} = ${partial(vec(Z))} = \\frac{1}{m}\\left(\\mathbf{p} - \\mathbf{y}\\right)`,
          full
            ? `${delta.vec} = \\frac{1}{${m}}\\left(${texMatrix(columns(out.value, w, m))} - ${texMatrix(columns(trace.y, w, m))}\\right) = ${texMatrix(D)}`
            : `${delta.ent(j + 1, i + 1)} = \\frac{1}{${m}}\\left(${texNumber(out.value[r])} - ${texNumber(trace.y[r])}\\right) = ${texNumber(dz[r])}`,
        ],
        explanation: `${t('steps.activationBack.fused.explanation')}${full ? '' : shownAt(where(j, i))}`,
      };
    }
    const g = out.grad;
    if (fn === 'softmax') {
      const gc = Array.from({ length: w }, (_, c) => g[i * w + c]);
      const pc = Array.from({ length: w }, (_, c) => out.value[i * w + c]);
      const dot = gc.reduce((s, x, c) => s + x * pc[c], 0);
      return {
        ...base,
        title: t('steps.activationBack.softmax.title', { id: n.id }),
        formula: [
          FN_TEX.softmax.der,
          full
            ? `\\mathbf{g} = ${texMatrix(columns(g, w, m))}, \\quad \\mathbf{p} = ${texMatrix(columns(out.value, w, m))} \\;\\Rightarrow\\; ${delta.vec} = ${texMatrix(D)}`
            : `${delta.ent(j + 1, i + 1)} = ${texFactor(pc[j])}\\left(${texNumber(gc[j])} - ${texFactor(dot)}\\right) = ${texNumber(dz[r])}`,
        ],
        explanation: `${t('steps.activationBack.softmax.explanation', { from })}${full ? '' : shownAt(where(j, i))}`,
      };
    }
    const der = ACTIVATION_TABLE[fn].der;
    const fprime = (q: number) => der(z.value[q], out.value[q], alpha);
    const F = Array.from({ length: w }, (_, jj) =>
      Array.from({ length: m }, (_, ii) => fprime(ii * w + jj)),
    );
    const saturation =
      fn === 'sigmoid'
        ? t('steps.activationBack.saturation.sigmoid')
        : fn === 'tanh'
          ? t('steps.activationBack.saturation.tanh')
          : fn === 'relu'
            ? t('steps.activationBack.saturation.relu')
            : '';
    return {
      ...base,
      title: t('steps.activationBack.title', {
        delta: `δ${src.kind === 'dense' ? superscript(layer.get(src.id)!) : ''}`,
        id: n.id,
        fn: fnName(fn),
      }),
      formula: [
        `${delta.vec} = ${partial(vec(Aout))} \\odot ${fn === 'linear' ? "f'" : `${FN_TEX[fn].apply}'`}(${vec(Z)}), \\qquad ${FN_TEX[fn].der}`,
        full
          ? `${delta.vec} = ${texMatrix(columns(g, w, m))} \\odot ${texMatrix(F)} = ${texMatrix(D)}`
          : `${delta.ent(j + 1, i + 1)} = ${partial(ent(Aout, j + 1, i + 1))} \\cdot ${FN_TEX[fn].apply}'(${ent(Z, j + 1, i + 1)}) = ${texFactor(g[r])} \\cdot ${texFactor(fprime(r))} = ${texNumber(dz[r])}`,
      ],
      explanation: `${t('steps.activationBack.explanation', { from, fn: fnName(fn) })}${saturation}${full ? '' : shownAt(where(j, i))}`,
    };
  }

  function denseBackwardSteps(n: CompiledNode): Step[] {
    const p = trace.params.get(n.id)!;
    const l = layer.get(n.id)!;
    const src = sourceOf(n);
    const A = sym(src.id);
    const u = p.units;
    const k = p.inputs;
    const delta = deltaOf(n.id);
    const d = trace.nodes.get(n.id)!.grad;
    const a = trace.nodes.get(src.id)!;
    const j = clampJ(u);
    const i = sampleI;
    const fullParams = small(u) && small(k);
    const full = fullParams && fewSamples;
    const W = `\\mathbf{W}^{(${l})}`;
    const b = `\\mathbf{b}^{(${l})}`;
    const dW = matrix(p.dW, u, k);
    const D = columns(d, u, m);
    const consumers = n.outputs.length;
    const deltaNote =
      consumers > 1 ? t('steps.denseBack.deltaSum', { delta: delta.plain, n: consumers }) : '';
    const steps: Step[] = [];

    // ∂L/∂W = δ·aᵀ
    const aCols = (ii: number) => Array.from({ length: k }, (_, c) => a.value[ii * k + c]);
    const rowJ = dW[j];
    steps.push({
      key: `backward:${n.id}:W`,
      phase: 'backward',
      title: t('steps.denseBack.W.title', { dW: `∂L/∂W${superscript(l)}`, id: n.id }),
      nodeId: n.id,
      formula: full
        ? [
            `${partial(W)} = ${delta.vec} \\cdot \\left(${vec(A)}\\right)${T}`,
            `${partial(W)} = ${texMatrix(D)} \\cdot ${texMatrix(transpose(columns(a.value, k, m)))} = ${texMatrix(dW)}`,
          ]
        : [
            `${partial(W)} = ${delta.vec} \\cdot \\left(${vec(A)}\\right)${T}`,
            `${partial(`W^{(${l})}_{${j + 1},:}`)} = \\sum_{i=1}^{${m}} ${delta.ent(j + 1, 'i')}\\,\\left(${vec(A)}_{:,i}\\right)${T}`,
            `= ${texSum(
              Array.from(
                { length: m },
                (_, ii) => `${texFactor(d[ii * u + j])}\\,${texRow(aCols(ii))}`,
              ),
              3,
              1,
            )} = ${texRow(rowJ)}`,
            ...(fullParams ? [`${partial(W)} = ${texMatrix(dW)}`] : []),
          ],
      explanation: `${t('steps.denseBack.W.explanation', { dW: `∂L/∂W${superscript(l)}`, m, u, k })}${deltaNote}${
        full
          ? ''
          : fullParams
            ? t('steps.denseBack.W.shownRowMatrix', { where: where(j) })
            : t('steps.denseBack.W.shownRow', { where: where(j) })
      }`,
      values: [
        fullParams
          ? { key: 'dW', label: `∂L/∂W${superscript(l)}`, rows: dW }
          : { key: 'dW', label: rowLabel(`∂L/∂W${superscript(l)}`, where(j)), rows: [rowJ] },
      ],
      ...(full ? {} : { focus: focusOf(u, false) }),
    });

    // ∂L/∂b = Σ δ
    if (p.db) {
      const db = Array.from(p.db);
      const fullB = small(u) && fewSamples;
      steps.push({
        key: `backward:${n.id}:b`,
        phase: 'backward',
        title: t('steps.denseBack.b.title', { db: `∂L/∂b${superscript(l)}`, id: n.id }),
        nodeId: n.id,
        formula: fullB
          ? [
              `${partial(b)} = \\sum_{i=1}^{m} ${delta.vec}_{:,i}`,
              `${partial(b)} = ${texSum(
                Array.from({ length: m }, (_, ii) => texMatrix(column(D.map((row) => row[ii])))),
                MAX_SAMPLES,
              )} = ${texMatrix(column(db))}`,
            ]
          : [
              `${partial(b)} = \\sum_{i=1}^{m} ${delta.vec}_{:,i}`,
              `${partial(`b^{(${l})}_{${j + 1}}`)} = \\sum_{i=1}^{${m}} ${delta.ent(j + 1, 'i')} = ${texSum(
                D[j].map((v) => texFactor(v)),
              )} = ${texNumber(db[j])}`,
              ...(small(u) ? [`${partial(b)} = ${texMatrix(column(db))}`] : []),
            ],
        explanation: `${t('steps.denseBack.b.explanation', { m })}${
          fullB
            ? ''
            : small(u)
              ? t('steps.denseBack.b.shownVector', { where: where(j) })
              : shownAt(where(j))
        }`,
        values: [
          small(u)
            ? { key: 'db', label: `∂L/∂b${superscript(l)}`, rows: column(db) }
            : { key: 'db', label: atLabel(`∂L/∂b${superscript(l)}`, where(j)), rows: [[db[j]]] },
        ],
        ...(fullB ? {} : { focus: focusOf(u, false) }),
      });
    }

    // Passed back: Wᵀ·δ
    if (src.kind !== 'input') {
      const edgeId = n.inputs[0].edgeId;
      const g = trace.edges.get(edgeId)!;
      const kk = Math.max(0, Math.min(focus.neuron, k - 1));
      const G = columns(g, k, m);
      const srcConsumers = src.outputs.length;
      steps.push({
        key: `backward:${n.id}:back`,
        phase: 'backward',
        title: t('steps.denseBack.back.title', { id: n.id, to: src.id }),
        edgeId,
        formula: full
          ? [
              `${partial(vec(A))} = \\left(${W}\\right)${T} \\cdot ${delta.vec}`,
              `${partial(vec(A))} = ${texMatrix(transpose(matrix(p.W, u, k)))} \\cdot ${texMatrix(D)} = ${texMatrix(G)}`,
            ]
          : [
              `${partial(vec(A))} = \\left(${W}\\right)${T} \\cdot ${delta.vec}`,
              `${partial(ent(A, kk + 1, i + 1))} = \\sum_{j=1}^{${u}} W^{(${l})}_{j,${kk + 1}}\\, ${delta.ent('j', i + 1)} = ${texSum(
                Array.from(
                  { length: u },
                  (_, jj) => `${texFactor(p.W[jj * k + kk])} \\cdot ${texFactor(d[i * u + jj])}`,
                ),
              )} = ${texNumber(g[i * k + kk])}`,
            ],
        explanation: `${t('steps.denseBack.back.explanation', { u, a: A.plain, k, m })}${
          srcConsumers > 1 ? t('steps.denseBack.back.feeds', { id: src.id, n: srcConsumers }) : ''
        }${full ? '' : t('steps.denseBack.back.shownInput', { k: kk + 1, i: i + 1 })}`,
        values: [
          full
            ? { key: 'back', label: `∂L/∂${A.plain}`, rows: G }
            : {
                key: 'back',
                label: t('steps.value.entry', { name: `∂L/∂${A.plain}`, k: kk + 1, i: i + 1 }),
                rows: [[g[i * k + kk]]],
              },
        ],
        ...(full
          ? {}
          : { focus: { neuron: { index: kk, count: k }, sample: { index: i, count: m } } }),
      });
    }
    return steps;
  }

  function mergeBackwardStep(n: CompiledNode): Step {
    const s = sym(n.id);
    const g = trace.nodes.get(n.id)!.grad;
    const w = n.width;
    const full = small(w) && fewSamples;
    const ins = n.inputs.map((e) => sym(e.source));
    const rule =
      n.kind === 'add'
        ? `${ins.map((x) => partial(vec(x))).join(' = ')} = ${partial(vec(s))}`
        : `\\begin{bmatrix} ${ins.map((x) => partial(vec(x))).join(' \\\\ ')} \\end{bmatrix} = ${partial(vec(s))}`;
    const i = sampleI;
    const G = columns(g, w, m);
    return {
      key: `backward:${n.id}`,
      phase: 'backward',
      title:
        n.kind === 'add'
          ? t('steps.mergeBack.add.title', { id: n.id })
          : t('steps.mergeBack.concat.title', { id: n.id }),
      nodeId: n.id,
      formula: [
        rule,
        full
          ? `${partial(vec(s))} = ${texMatrix(G)}`
          : `${partial(vec(s))}_{:,${i + 1}} = ${texColumn(G.map((r) => r[i]))}`,
      ],
      explanation:
        n.kind === 'add'
          ? t('steps.mergeBack.add.explanation')
          : t('steps.mergeBack.concat.explanation'),
      values: [
        full
          ? { key: 'h', label: `∂L/∂${s.plain}`, rows: G }
          : {
              key: 'h',
              label: sampleLabel(`∂L/∂${s.plain}`, i),
              rows: column(G.map((r) => r[i])),
            },
      ],
      ...(full ? {} : { focus: { sample: { index: i, count: m } } }),
    };
  }

  // Update -------------------------------------------------------------------
  for (const n of graph.nodes) {
    if (n.kind === 'dense') steps.push(updateStep(n));
  }

  function updateStep(n: CompiledNode): Step {
    const p = trace.params.get(n.id)!;
    const l = layer.get(n.id)!;
    const u = p.units;
    const k = p.inputs;
    const tc = trace.training;
    const lr = tc.learningRate;
    const l2 = tc.l2;
    const l1 = tc.l1 ?? 0;
    const W = `\\mathbf{W}^{(${l})}`;
    const b = `\\mathbf{b}^{(${l})}`;
    const fullParams = small(u) && small(k);
    const j = clampJ(u);
    const Wm = matrix(p.W, u, k);
    const dWm = matrix(p.dW, u, k);
    const next = matrix(p.nextW, u, k);
    const lam = `\\lambda = ${texNumber(lr)}`;
    const decay =
      (l2 > 0 ? ` + ${texNumber(l2)}\\,${W}` : '') +
      (l1 > 0 ? ` + ${texNumber(l1)}\\,\\operatorname{sign}(${W})` : '');
    const formula: string[] = [];
    let explanation: string;
    const shown = (rows: number[][]) => (fullParams ? texMatrix(rows) : texRow(rows[j]));
    const Wj = fullParams ? W : `\\mathbf{W}^{(${l})}_{${j + 1},:}`;
    switch (tc.optimizer) {
      case 'sgd':
        formula.push(
          `${W} \\leftarrow ${W} - \\lambda\\left(${partial(W)}${decay}\\right), \\qquad ${b} \\leftarrow ${b} - \\lambda\\,${partial(b)}, \\qquad ${lam}`,
          decay
            ? `${Wj} \\leftarrow ${shown(next)}`
            : `${Wj} \\leftarrow ${shown(Wm)} - ${texFactor(lr)}\\,${shown(dWm)} = ${shown(next)}`,
        );
        explanation =
          l1 > 0
            ? t('steps.update.sgd.explanationL1')
            : l2 > 0
              ? t('steps.update.sgd.explanationL2')
              : t('steps.update.sgd.explanation');
        break;
      case 'momentum': {
        const mu = tc.momentum ?? 0.9;
        formula.push(
          `\\mathbf{v} \\leftarrow \\mu\\,\\mathbf{v} + ${partial(W)}${decay}, \\qquad ${W} \\leftarrow ${W} - \\lambda\\,\\mathbf{v}, \\qquad \\mu = ${texNumber(mu)},\\; ${lam}`,
          `\\mathbf{v} = ${texNumber(mu)} \\cdot \\mathbf{0} + ${partial(W)}${decay ? ' + \\dots' : ''}, \\qquad ${Wj} \\leftarrow ${shown(Wm)} - ${texFactor(lr)}\\,\\mathbf{v} = ${shown(next)}`,
        );
        explanation = t('steps.update.momentum.explanation');
        break;
      }
      case 'adam': {
        const b1 = tc.beta1 ?? 0.9;
        const b2 = tc.beta2 ?? 0.999;
        const eps = tc.epsilon ?? 1e-8;
        const g =
          p.dW[j * k] + (l2 > 0 ? l2 * p.W[j * k] : 0) + (l1 > 0 ? l1 * Math.sign(p.W[j * k]) : 0);
        const m1 = (1 - b1) * g;
        const m2 = (1 - b2) * g * g;
        const mh = m1 / (1 - b1);
        const vh = m2 / (1 - b2);
        formula.push(
          `\\mathbf{m} \\leftarrow \\beta_1 \\mathbf{m} + (1 - \\beta_1)\\,\\mathbf{g}, \\quad \\mathbf{v} \\leftarrow \\beta_2 \\mathbf{v} + (1 - \\beta_2)\\,\\mathbf{g}^2, \\quad \\mathbf{g} = ${partial(W)}${decay}`,
          `\\hat{\\mathbf{m}} = \\frac{\\mathbf{m}}{1 - \\beta_1^t}, \\quad \\hat{\\mathbf{v}} = \\frac{\\mathbf{v}}{1 - \\beta_2^t}, \\quad ${W} \\leftarrow ${W} - \\lambda\\,\\frac{\\hat{\\mathbf{m}}}{\\sqrt{\\hat{\\mathbf{v}}} + \\epsilon}, \\quad \\beta_1 = ${texNumber(b1)},\\ \\beta_2 = ${texNumber(b2)},\\ ${lam}`,
          `t = 1:\\quad m = ${texNumber(1 - b1)} \\cdot ${texFactor(g)} = ${texNumber(m1)}, \\quad v = ${texNumber(1 - b2)} \\cdot ${texFactor(g)}^2 = ${texNumber(m2)}, \\quad \\hat m = ${texNumber(mh)}, \\quad \\hat v = ${texNumber(vh)}`,
          `W^{(${l})}_{${j + 1},1} \\leftarrow ${texNumber(p.W[j * k])} - ${texFactor(lr)} \\cdot \\frac{${texNumber(mh)}}{\\sqrt{${texNumber(vh)}} + ${texNumber(eps)}} = ${texNumber(p.nextW[j * k])}`,
          `${Wj} \\leftarrow ${shown(next)}`,
        );
        explanation = t('steps.update.adam.explanation');
        break;
      }
    }
    if (p.b && p.nextB) {
      const bs = (v: Float64Array) =>
        small(u) ? texMatrix(column(Array.from(v))) : texNumber(v[j]);
      const bj = small(u) ? b : `b^{(${l})}_{${j + 1}}`;
      formula.push(
        tc.optimizer === 'sgd'
          ? `${bj} \\leftarrow ${bs(p.b)} - ${texFactor(lr)}\\,${bs(p.db!)} = ${bs(p.nextB)}`
          : `${bj} \\leftarrow ${bs(p.nextB)}`,
      );
    }
    return {
      key: `update:${n.id}`,
      phase: 'update',
      title: t('steps.update.title', {
        id: n.id,
        optimizer:
          tc.optimizer === 'sgd'
            ? t('steps.update.sgd.name')
            : tc.optimizer === 'momentum'
              ? t('steps.update.momentum.name')
              : t('steps.update.adam.name'),
      }),
      nodeId: n.id,
      formula,
      explanation: `${explanation}${t('steps.update.notApplied')}${fullParams ? '' : shownAt(where(j))}`,
      values: [
        fullParams
          ? { key: 'W', label: newLabel(`W${superscript(l)}`), rows: next }
          : {
              key: 'W',
              label: rowLabel(newLabel(`W${superscript(l)}`), where(j)),
              rows: [next[j]],
            },
        ...(p.nextB
          ? [
              small(u)
                ? {
                    key: 'b',
                    label: newLabel(`b${superscript(l)}`),
                    rows: column(Array.from(p.nextB)),
                  }
                : {
                    key: 'b',
                    label: atLabel(newLabel(`b${superscript(l)}`), where(j)),
                    rows: [[p.nextB[j]]],
                  },
            ]
          : []),
      ],
      ...(fullParams ? {} : { focus: focusOf(u, false) }),
    };
  }

  return steps;
}

/** A step's values as the text the panel shows: `∂L/∂W⁽¹⁾ = [0.1, 0.2; 0.3, 0.4]`. */
export function valueText(value: StepValue): string {
  return `[${value.rows.map((r) => r.map((v) => formatNumber(v)).join(', ')).join('; ')}]`;
}
