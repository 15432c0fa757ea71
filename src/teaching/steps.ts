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
 */
import { ACTIVATION_TABLE } from '../engine/activations';
import type { CompiledGraph, CompiledNode } from '../engine/compile';
import type { Dataset } from '../engine/dataset';
import type { ActivationFn } from '../engine/graph';
import type { Network } from '../engine/network';
import { createOptimizer } from '../engine/optimizers';
import { batchSize, type BatchMode, type TrainConfig } from '../engine/train';
import { formatNumber, texFactor, texMatrix, texNumber, texSum, texText } from './format';

/** Rows and columns of a matrix shown whole (weights, units). */
export const MAX_UNITS = 8;
/** Samples shown whole (columns of a batch tensor). */
export const MAX_SAMPLES = 6;

export interface Batch {
  data: Dataset;
  /** Which samples, in words: "all 64 samples of the data set (…)". */
  description: string;
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
      description: `All ${m} samples of the data set (full-batch gradient descent; the same batch as the command line’s grad)`,
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
  const description =
    k === 1
      ? 'The first sample of the data set (stochastic gradient descent: training itself takes one random sample per update)'
      : `The first ${k} samples of the data set, in file order (training itself takes mini-batches of ${k} in shuffled order)`;
  return { data, description };
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
    der: "\\operatorname{relu}'(z) = \\begin{cases} 1 & z > 0 \\\\ 0 & \\text{otherwise} \\end{cases}",
  },
  leaky_relu: {
    apply: '\\operatorname{lrelu}',
    def: '\\operatorname{lrelu}(z) = \\begin{cases} z & z > 0 \\\\ \\alpha z & \\text{otherwise} \\end{cases}',
    der: "\\operatorname{lrelu}'(z) = \\begin{cases} 1 & z > 0 \\\\ \\alpha & \\text{otherwise} \\end{cases}",
  },
  softmax: {
    apply: '\\operatorname{softmax}',
    def: 'p_{k,i} = \\frac{e^{z_{k,i}}}{\\sum_{c} e^{z_{c,i}}}',
    der: '\\frac{\\partial L}{\\partial z_{k,i}} = p_{k,i}\\Bigl(g_{k,i} - \\sum_{c} g_{c,i}\\,p_{c,i}\\Bigr)',
  },
};

const FN_NAME: Record<ActivationFn, string> = {
  linear: 'linear (identity)',
  sigmoid: 'sigmoid',
  tanh: 'tanh',
  relu: 'ReLU',
  leaky_relu: 'leaky ReLU',
  softmax: 'softmax',
};

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
    i === undefined ? `neuron j = ${j + 1}` : `neuron j = ${j + 1} on sample i = ${i + 1}`;

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
          title: 'Input: the batch',
          nodeId: n.id,
          formula: full
            ? [`${vec(s!)} = \\mathbf{x} = ${texMatrix(X)}, \\qquad \\mathbf{y} = ${texMatrix(Y)}`]
            : [
                `${vec(s!)} = \\mathbf{x} \\quad (${f} \\times ${m}), \\qquad \\mathbf{y} \\quad (${outWidth} \\times ${m})`,
                `\\mathbf{x}_{:,${i + 1}} = ${texColumn(X.map((r) => r[i]))}, \\qquad \\mathbf{y}_{:,${i + 1}} = ${texColumn(Y.map((r) => r[i]))}`,
              ],
          explanation: `${trace.batch.description}. Each column is one sample, so x is features × samples (${f} × ${m}), the seed notes’ layout${full ? '' : `; shown: sample i = ${i + 1}`}.`,
          values: full
            ? [
                { key: 'x', label: 'x', rows: X },
                { key: 'y', label: 'y', rows: Y },
              ]
            : [
                { key: 'x', label: `x, sample ${i + 1}`, rows: column(X.map((r) => r[i])) },
                { key: 'y', label: `y, sample ${i + 1}`, rows: column(Y.map((r) => r[i])) },
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
            title: `Dense ${n.id}: weighted sums`,
            nodeId: n.id,
            formula: [
              rule,
              `${vec(s!)} = ${texMatrix(matrix(p.W, u, k))} \\cdot ${texMatrix(Ain)}${bias ? ` + ${texMatrix(column(Array.from(p.b!)))}` : ''} = ${texMatrix(Z)}`,
            ],
            explanation: `W${superscript(l)} is units × inputs (${u} × ${k}) and each column of ${A.plain} is a sample, so ${s!.plain} is ${u} × ${m}${bias ? `; b${superscript(l)} is added to every column` : ''}.`,
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
            title: `Dense ${n.id}: weighted sums`,
            nodeId: n.id,
            formula: [
              rule,
              `${ent(s!, j + 1, i + 1)} = \\sum_{k=1}^{${k}} W^{(${l})}_{${j + 1},k}\\, ${ent(A, 'k', i + 1)}${bias ? ` + b^{(${l})}_{${j + 1}}` : ''}`,
              `= ${texSum(terms)}${bias ? ` + ${texFactor(p.b![j])}` : ''} = ${texNumber(z)}`,
            ],
            explanation: `W${superscript(l)} is units × inputs (${u} × ${k}); ${s!.plain} is ${u} × ${m}, one column per sample. Too large to show whole: ${where(j, i)}, its weighted sum of the ${k} inputs${bias ? ' plus its bias' : ''}.`,
            values: [{ key: 'z', label: `${s!.plain}, ${where(j, i)}`, rows: [[z]] }],
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
        const title = `Activation ${n.id}: ${FN_NAME[fn]}`;
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
                ? 'Softmax turns each column (sample) into probabilities that sum to 1.'
                : `The ${FN_NAME[fn]} applies to every entry on its own: ${s!.plain} has the shape of ${Zs.plain} (${w} × ${m}).`,
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
            explanation: `Softmax turns each column (sample) into probabilities that sum to 1; shown: sample i = ${i + 1}.`,
            values: [{ key: 'a', label: `${s!.plain}, sample ${i + 1}`, rows: column(pc) }],
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
            explanation: `The ${FN_NAME[fn]} applies to every entry on its own (${w} × ${m} of them); shown: ${where(j, i)}.`,
            values: [{ key: 'a', label: `${s!.plain}, ${where(j, i)}`, rows: [[av]] }],
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
          title: n.kind === 'add' ? `Add ${n.id}` : `Concatenate ${n.id}`,
          nodeId: n.id,
          formula: full
            ? [rule, `${vec(s!)} = ${texMatrix(H)}`]
            : [rule, `${vec(s!)}_{:,${i + 1}} = ${texColumn(H.map((r) => r[i]))}`],
          explanation:
            n.kind === 'add'
              ? `Adds its ${ins.length} inputs entry by entry (all ${w} × ${m}).`
              : `Stacks its inputs’ features on top of each other: ${ins.map((x) => x.plain).join(', ')} → ${w} rows per sample.`,
          values: [
            full
              ? { key: 'h', label: s!.plain, rows: H }
              : {
                  key: 'h',
                  label: `${s!.plain}, sample ${i + 1}`,
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
        title = 'Loss: mean squared error';
        rule = `L = \\frac{1}{${denom}} ${sums} \\left(${a} - ${yi}\\right)^2`;
        terms = all.map((r) => `(${texNumber(out[r])} - ${texNumber(y[r])})^2`);
        explanation = `The mean of the squared differences between prediction and target over the ${m} samples${K > 1 ? ` and ${K} outputs` : ''}.`;
        break;
      case 'bce':
        title = 'Loss: binary cross-entropy';
        rule = `L = -\\frac{1}{${denom}} ${sums} \\Bigl[${yi} \\log ${a} + (1 - ${yi}) \\log\\bigl(1 - ${a}\\bigr)\\Bigr]`;
        terms = all.map((r) =>
          y[r] === 1
            ? `\\log ${texFactor(out[r])}`
            : y[r] === 0
              ? `\\log(1 - ${texNumber(out[r])})`
              : `${texFactor(y[r])}\\log ${texFactor(out[r])} + ${texFactor(1 - y[r])}\\log(1 - ${texNumber(out[r])})`,
        );
        explanation = `Punishes confident wrong answers: −log of the probability given to the true label, averaged over ${m} samples.`;
        break;
      case 'cross_entropy':
        title = 'Loss: cross-entropy';
        rule = `L = -\\frac{1}{m} \\sum_{i=1}^{m}\\sum_{k=1}^{${K}} y_{k,i} \\log p_{k,i}`;
        terms = all
          .filter((r) => y[r] !== 0)
          .map((r) =>
            y[r] === 1
              ? `\\log ${texFactor(out[r])}`
              : `${texFactor(y[r])}\\log ${texFactor(out[r])}`,
          );
        explanation = `Only the probability given to each sample’s true class counts: −log p, averaged over the ${m} samples.`;
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
    let rule: string;
    let entry: (r: number) => string;
    switch (trace.graph.lossFn) {
      case 'mse':
        rule = `${partial(vec(A))} = \\frac{2}{${denom}}\\left(${vec(A)} - \\mathbf{y}\\right)`;
        entry = (r) =>
          `\\frac{2}{${mk}}\\left(${texNumber(out.value[r])} - ${texNumber(trace.y[r])}\\right)`;
        break;
      case 'bce':
        rule = `${partial(A.base)} = \\frac{${A.base} - y}{${denom} \\cdot ${A.base}\\,(1 - ${A.base})} \\quad \\text{for every entry}`;
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
      title: 'Backward starts: the loss gradient',
      edgeId,
      formula: full
        ? [
            rule,
            trace.graph.lossFn === 'mse'
              ? `${partial(vec(A))} = \\frac{2}{${mk}}\\left(${texMatrix(columns(out.value, K, m))} - ${texMatrix(columns(trace.y, K, m))}\\right) = ${texMatrix(G)}`
              : `${partial(vec(A))} = ${texMatrix(G)}`,
          ]
        : [rule, `${partial(ent(A, j + 1, i + 1))} = ${entry(r)} = ${texNumber(g[r])}`],
      explanation: `How the loss changes with each prediction: the gradient enters the network here and flows back along every connection.${full ? '' : ` Shown: ${where(j, i)}.`}`,
      values: [
        full
          ? { key: 'dLda', label: `∂L/∂${A.plain}`, rows: G }
          : { key: 'dLda', label: `∂L/∂${A.plain}, ${where(j, i)}`, rows: [[g[r]]] },
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
    const from = isOutput ? 'from the loss' : 'passed back from the layer after it';
    const value: StepValue = full
      ? { key: 'delta', label: delta.plain, rows: D }
      : { key: 'delta', label: `${delta.plain}, ${where(j, i)}`, rows: [[dz[r]]] };
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
        title: 'δ at the output: softmax and cross-entropy together',
        formula: [
          `${delta.vec} = ${partial(vec(Z))} = \\frac{1}{m}\\left(\\mathbf{p} - \\mathbf{y}\\right)`,
          full
            ? `${delta.vec} = \\frac{1}{${m}}\\left(${texMatrix(columns(out.value, w, m))} - ${texMatrix(columns(trace.y, w, m))}\\right) = ${texMatrix(D)}`
            : `${delta.ent(j + 1, i + 1)} = \\frac{1}{${m}}\\left(${texNumber(out.value[r])} - ${texNumber(trace.y[r])}\\right) = ${texNumber(dz[r])}`,
        ],
        explanation: `Softmax followed by cross-entropy differentiates to simply (p − y)/m: the predicted probabilities minus the one-hot targets.${full ? '' : ` Shown: ${where(j, i)}.`}`,
      };
    }
    const g = out.grad;
    if (fn === 'softmax') {
      const gc = Array.from({ length: w }, (_, c) => g[i * w + c]);
      const pc = Array.from({ length: w }, (_, c) => out.value[i * w + c]);
      const dot = gc.reduce((s, x, c) => s + x * pc[c], 0);
      return {
        ...base,
        title: `Backward through ${n.id}: softmax`,
        formula: [
          FN_TEX.softmax.der,
          full
            ? `\\mathbf{g} = ${texMatrix(columns(g, w, m))}, \\quad \\mathbf{p} = ${texMatrix(columns(out.value, w, m))} \\;\\Rightarrow\\; ${delta.vec} = ${texMatrix(D)}`
            : `${delta.ent(j + 1, i + 1)} = ${texFactor(pc[j])}\\left(${texNumber(gc[j])} - ${texFactor(dot)}\\right) = ${texNumber(dz[r])}`,
        ],
        explanation: `Softmax mixes the entries of each column, so each ∂L/∂z takes all of that sample’s gradients g = ∂L/∂p into account ${from}.${full ? '' : ` Shown: ${where(j, i)}.`}`,
      };
    }
    const der = ACTIVATION_TABLE[fn].der;
    const fprime = (q: number) => der(z.value[q], out.value[q], alpha);
    const F = Array.from({ length: w }, (_, jj) =>
      Array.from({ length: m }, (_, ii) => fprime(ii * w + jj)),
    );
    const saturation =
      fn === 'sigmoid'
        ? ' σ′ is at most 0.25 (at z = 0) and vanishes when a unit saturates near 0 or 1.'
        : fn === 'tanh'
          ? ' tanh′ is at most 1 (at z = 0) and vanishes when a unit saturates near ±1.'
          : fn === 'relu'
            ? ' A unit with z ≤ 0 passes no gradient back.'
            : '';
    return {
      ...base,
      title: `δ${src.kind === 'dense' ? superscript(layer.get(src.id)!) : ''} through ${n.id}: ${FN_NAME[fn]}`,
      formula: [
        `${delta.vec} = ${partial(vec(Aout))} \\odot ${fn === 'linear' ? "f'" : `${FN_TEX[fn].apply}'`}(${vec(Z)}), \\qquad ${FN_TEX[fn].der}`,
        full
          ? `${delta.vec} = ${texMatrix(columns(g, w, m))} \\odot ${texMatrix(F)} = ${texMatrix(D)}`
          : `${delta.ent(j + 1, i + 1)} = ${partial(ent(Aout, j + 1, i + 1))} \\cdot ${FN_TEX[fn].apply}'(${ent(Z, j + 1, i + 1)}) = ${texFactor(g[r])} \\cdot ${texFactor(fprime(r))} = ${texNumber(dz[r])}`,
      ],
      explanation: `The gradient ${from}, times the slope of the ${FN_NAME[fn]} at each z (⊙: entry by entry).${saturation}${full ? '' : ` Shown: ${where(j, i)}.`}`,
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
      consumers > 1
        ? ` Here ${delta.plain} is the sum of the gradients from its ${consumers} outgoing connections.`
        : '';
    const steps: Step[] = [];

    // ∂L/∂W = δ·aᵀ
    const aCols = (ii: number) => Array.from({ length: k }, (_, c) => a.value[ii * k + c]);
    const rowJ = dW[j];
    steps.push({
      key: `backward:${n.id}:W`,
      phase: 'backward',
      title: `∂L/∂W${superscript(l)}: gradient of ${n.id}’s weights`,
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
      explanation: `Each weight’s gradient is the error δ of its unit times the input it multiplied, summed over the ${m} samples; ∂L/∂W${superscript(l)} has W’s shape, ${u} × ${k}.${deltaNote}${full ? '' : ` Shown: the row of ${where(j)}${fullParams ? ', then the whole matrix' : ''}.`}`,
      values: [
        fullParams
          ? { key: 'dW', label: `∂L/∂W${superscript(l)}`, rows: dW }
          : { key: 'dW', label: `∂L/∂W${superscript(l)}, row of ${where(j)}`, rows: [rowJ] },
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
        title: `∂L/∂b${superscript(l)}: gradient of ${n.id}’s biases`,
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
        explanation: `A bias adds to every sample, so its gradient is its unit’s δ summed over the ${m} samples (numpy: sum(axis=1)).${fullB ? '' : ` Shown: ${where(j)}${small(u) ? ', then the whole vector' : ''}.`}`,
        values: [
          small(u)
            ? { key: 'db', label: `∂L/∂b${superscript(l)}`, rows: column(db) }
            : { key: 'db', label: `∂L/∂b${superscript(l)}, ${where(j)}`, rows: [[db[j]]] },
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
        title: `Passing the gradient back from ${n.id} to ${src.id}`,
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
        explanation: `Each input sent its value to all ${u} units, so its gradient collects their errors δ, weighted by the same weights: Wᵀ·δ has the shape of ${A.plain} (${k} × ${m}).${srcConsumers > 1 ? ` ${src.id} feeds ${srcConsumers} nodes; their gradients add up.` : ''}${full ? '' : ` Shown: input k = ${kk + 1} on sample i = ${i + 1}.`}`,
        values: [
          full
            ? { key: 'back', label: `∂L/∂${A.plain}`, rows: G }
            : {
                key: 'back',
                label: `∂L/∂${A.plain}, entry ${kk + 1} on sample ${i + 1}`,
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
          ? `Backward through ${n.id}: add`
          : `Backward through ${n.id}: concatenate`,
      nodeId: n.id,
      formula: [
        rule,
        full
          ? `${partial(vec(s))} = ${texMatrix(G)}`
          : `${partial(vec(s))}_{:,${i + 1}} = ${texColumn(G.map((r) => r[i]))}`,
      ],
      explanation:
        n.kind === 'add'
          ? 'A sum passes its gradient unchanged to each of its inputs.'
          : 'Concatenation hands each input back its own rows of the gradient.',
      values: [
        full
          ? { key: 'h', label: `∂L/∂${s.plain}`, rows: G }
          : {
              key: 'h',
              label: `∂L/∂${s.plain}, sample ${i + 1}`,
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
    const t = trace.training;
    const lr = t.learningRate;
    const l2 = t.l2;
    const W = `\\mathbf{W}^{(${l})}`;
    const b = `\\mathbf{b}^{(${l})}`;
    const fullParams = small(u) && small(k);
    const j = clampJ(u);
    const Wm = matrix(p.W, u, k);
    const dWm = matrix(p.dW, u, k);
    const next = matrix(p.nextW, u, k);
    const lam = `\\lambda = ${texNumber(lr)}`;
    const decay = l2 > 0 ? ` + ${texNumber(l2)}\\,${W}` : '';
    const formula: string[] = [];
    let explanation: string;
    const shown = (rows: number[][]) => (fullParams ? texMatrix(rows) : texRow(rows[j]));
    const Wj = fullParams ? W : `\\mathbf{W}^{(${l})}_{${j + 1},:}`;
    switch (t.optimizer) {
      case 'sgd':
        formula.push(
          `${W} \\leftarrow ${W} - \\lambda\\left(${partial(W)}${decay}\\right), \\qquad ${b} \\leftarrow ${b} - \\lambda\\,${partial(b)}, \\qquad ${lam}`,
          l2 > 0
            ? `${Wj} \\leftarrow ${shown(next)}`
            : `${Wj} \\leftarrow ${shown(Wm)} - ${texFactor(lr)}\\,${shown(dWm)} = ${shown(next)}`,
        );
        explanation = `Gradient descent: every weight takes a step of size λ against its gradient${l2 > 0 ? ', with L2 weight decay adding l2·W to the gradient' : ''}.`;
        break;
      case 'momentum': {
        const mu = t.momentum ?? 0.9;
        formula.push(
          `\\mathbf{v} \\leftarrow \\mu\\,\\mathbf{v} + ${partial(W)}${decay}, \\qquad ${W} \\leftarrow ${W} - \\lambda\\,\\mathbf{v}, \\qquad \\mu = ${texNumber(mu)},\\; ${lam}`,
          `\\mathbf{v} = ${texNumber(mu)} \\cdot \\mathbf{0} + ${partial(W)}${decay ? ' + \\dots' : ''}, \\qquad ${Wj} \\leftarrow ${shown(Wm)} - ${texFactor(lr)}\\,\\mathbf{v} = ${shown(next)}`,
        );
        explanation =
          'Momentum: the velocity v keeps a running sum of past gradients (decayed by μ) and the weights move along it. This is the first update from a fresh start (v = 0); training carries v from update to update.';
        break;
      }
      case 'adam': {
        const b1 = t.beta1 ?? 0.9;
        const b2 = t.beta2 ?? 0.999;
        const eps = t.epsilon ?? 1e-8;
        const g = p.dW[j * k] + (l2 > 0 ? l2 * p.W[j * k] : 0);
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
        explanation = `Adam scales each weight’s step by a running estimate of its gradient’s size. This is the first update from a fresh start (m = v = 0, t = 1), where m̂/√v̂ is the sign of the gradient: every weight moves by about λ. Training carries m, v and t from update to update.`;
        break;
      }
    }
    if (p.b && p.nextB) {
      const bs = (v: Float64Array) =>
        small(u) ? texMatrix(column(Array.from(v))) : texNumber(v[j]);
      const bj = small(u) ? b : `b^{(${l})}_{${j + 1}}`;
      formula.push(
        t.optimizer === 'sgd'
          ? `${bj} \\leftarrow ${bs(p.b)} - ${texFactor(lr)}\\,${bs(p.db!)} = ${bs(p.nextB)}`
          : `${bj} \\leftarrow ${bs(p.nextB)}`,
      );
    }
    return {
      key: `update:${n.id}`,
      phase: 'update',
      title: `Update ${n.id}: ${t.optimizer === 'sgd' ? 'gradient descent' : t.optimizer === 'momentum' ? 'momentum' : 'Adam'}`,
      nodeId: n.id,
      formula,
      explanation: `${explanation} Step mode shows the update without applying it: the document’s weights stay as they are.${fullParams ? '' : ` Shown: ${where(j)}.`}`,
      values: [
        fullParams
          ? { key: 'W', label: `new W${superscript(l)}`, rows: next }
          : { key: 'W', label: `new W${superscript(l)}, row of ${where(j)}`, rows: [next[j]] },
        ...(p.nextB
          ? [
              small(u)
                ? { key: 'b', label: `new b${superscript(l)}`, rows: column(Array.from(p.nextB)) }
                : { key: 'b', label: `new b${superscript(l)}, ${where(j)}`, rows: [[p.nextB[j]]] },
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
