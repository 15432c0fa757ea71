/**
 * A dense layer's steps: z = W·a + b forward; backward ∂L/∂W = δ·aᵀ,
 * ∂L/∂b = Σᵢ δ and the gradient passed back, Wᵀ·δ. W⁽ˡ⁾ is units × inputs,
 * batch tensors have one column per sample (the seed notes' layout).
 */
import type { CompiledNode } from '../../engine/compile';
import { t } from '../../i18n';
import { texFactor, texMatrix, texNumber, texSum } from '../format';
import type { Ctx } from './context';
import {
  T,
  column,
  columns,
  ent,
  matrix,
  partial,
  superscript,
  texRow,
  transpose,
  vec,
} from './tex';
import { forwardStep, MAX_SAMPLES, type Step } from './types';

/**
 * What both directions read of a dense node: its traced parameters `p`, its layer number `l`,
 * the node feeding it and that node's symbol `A`, its units `u` and inputs `k`.
 */
function denseLayer(n: CompiledNode, c: Ctx) {
  const p = c.trace.params.get(n.id)!;
  const src = c.sourceOf(n);
  return { p, l: c.layer.get(n.id)!, src, A: c.sym(src.id), u: p.units, k: p.inputs };
}

/** z = W·a + b, whole for small layers, else one neuron on one sample. */
export function denseForward(n: CompiledNode, c: Ctx): Step[] {
  const { trace, m } = c;
  const out = trace.nodes.get(n.id);
  const s = c.sym(n.id);
  const steps: Step[] = [];
  const { p, l, src, A, u, k } = denseLayer(n, c);
  const bias = p.b !== null;
  const rule = `${vec(s!)} = \\mathbf{W}^{(${l})} \\cdot ${vec(A)}${bias ? ` + \\mathbf{b}^{(${l})}` : ''}`;
  const full = c.small(u) && c.small(k) && c.fewSamples;
  const Z = columns(out!.value, u, m);
  const title = t('steps.dense.title', { id: n.id });
  if (full) {
    const Ain = columns(trace.nodes.get(src.id)!.value, k, m);
    steps.push(
      forwardStep(
        n.id,
        title,
        rule,
        [
          `${vec(s!)} = ${texMatrix(matrix(p.W, u, k))} \\cdot ${texMatrix(Ain)}${bias ? ` + ${texMatrix(column(Array.from(p.b!)))}` : ''} = ${texMatrix(Z)}`,
        ],
        {
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
        },
      ),
    );
  } else {
    const j = c.clampJ(u);
    const i = c.sampleI;
    const a = trace.nodes.get(src.id)!;
    const terms = Array.from(
      { length: k },
      (_, q) => `${texFactor(p.W[j * k + q])} \\cdot ${texFactor(c.at(a, k, q, i))}`,
    );
    const z = c.at(out!, u, j, i);
    steps.push(
      forwardStep(
        n.id,
        title,
        rule,
        [
          `${ent(s!, j + 1, i + 1)} = \\sum_{k=1}^{${k}} W^{(${l})}_{${j + 1},k}\\, ${ent(A, 'k', i + 1)}${bias ? ` + b^{(${l})}_{${j + 1}}` : ''}`,
          `= ${texSum(terms)}${bias ? ` + ${texFactor(p.b![j])}` : ''} = ${texNumber(z)}`,
        ],
        {
          explanation: t('steps.dense.explanationFocus', {
            W: `W${superscript(l)}`,
            z: s!.plain,
            u,
            k,
            m,
            where: c.where(j, i),
            bias: bias ? t('steps.dense.plusBias') : '',
          }),
          values: [{ key: 'z', label: c.atLabel(s!.plain, c.where(j, i)), rows: [[z]] }],
          focus: c.focusOf(u),
        },
      ),
    );
  }
  return steps;
}

export function denseBackwardSteps(n: CompiledNode, c: Ctx): Step[] {
  const { trace, m } = c;
  const { p, l, src, A, u, k } = denseLayer(n, c);
  const delta = c.deltaOf(n.id);
  const d = trace.nodes.get(n.id)!.grad;
  const a = trace.nodes.get(src.id)!;
  const j = c.clampJ(u);
  const i = c.sampleI;
  const fullParams = c.small(u) && c.small(k);
  const full = fullParams && c.fewSamples;
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
    formula: [
      `${partial(W)} = ${delta.vec} \\cdot \\left(${vec(A)}\\right)${T}`,
      ...(full
        ? [
            `${partial(W)} = ${texMatrix(D)} \\cdot ${texMatrix(transpose(columns(a.value, k, m)))} = ${texMatrix(dW)}`,
          ]
        : [
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
          ]),
    ],
    explanation: `${t('steps.denseBack.W.explanation', { dW: `∂L/∂W${superscript(l)}`, m, u, k })}${deltaNote}${
      full
        ? ''
        : fullParams
          ? t('steps.denseBack.W.shownRowMatrix', { where: c.where(j) })
          : t('steps.denseBack.W.shownRow', { where: c.where(j) })
    }`,
    values: [
      fullParams
        ? { key: 'dW', label: `∂L/∂W${superscript(l)}`, rows: dW }
        : { key: 'dW', label: c.rowLabel(`∂L/∂W${superscript(l)}`, c.where(j)), rows: [rowJ] },
    ],
    ...(full ? {} : { focus: c.focusOf(u, false) }),
  });

  // ∂L/∂b = Σ δ
  if (p.db) {
    const db = Array.from(p.db);
    const fullB = c.small(u) && c.fewSamples;
    steps.push({
      key: `backward:${n.id}:b`,
      phase: 'backward',
      title: t('steps.denseBack.b.title', { db: `∂L/∂b${superscript(l)}`, id: n.id }),
      nodeId: n.id,
      formula: [
        `${partial(b)} = \\sum_{i=1}^{m} ${delta.vec}_{:,i}`,
        ...(fullB
          ? [
              `${partial(b)} = ${texSum(
                Array.from({ length: m }, (_, ii) => texMatrix(column(D.map((row) => row[ii])))),
                MAX_SAMPLES,
              )} = ${texMatrix(column(db))}`,
            ]
          : [
              `${partial(`b^{(${l})}_{${j + 1}}`)} = \\sum_{i=1}^{${m}} ${delta.ent(j + 1, 'i')} = ${texSum(
                D[j].map((v) => texFactor(v)),
              )} = ${texNumber(db[j])}`,
              ...(c.small(u) ? [`${partial(b)} = ${texMatrix(column(db))}`] : []),
            ]),
      ],
      explanation: `${t('steps.denseBack.b.explanation', { m })}${
        fullB
          ? ''
          : c.small(u)
            ? t('steps.denseBack.b.shownVector', { where: c.where(j) })
            : c.shownAt(c.where(j))
      }`,
      values: [
        c.small(u)
          ? { key: 'db', label: `∂L/∂b${superscript(l)}`, rows: column(db) }
          : { key: 'db', label: c.atLabel(`∂L/∂b${superscript(l)}`, c.where(j)), rows: [[db[j]]] },
      ],
      ...(fullB ? {} : { focus: c.focusOf(u, false) }),
    });
  }

  // Passed back: Wᵀ·δ
  if (src.kind !== 'input') {
    const edgeId = n.inputs[0].edgeId;
    const g = trace.edges.get(edgeId)!;
    const kk = Math.max(0, Math.min(c.focus.neuron, k - 1));
    const G = columns(g, k, m);
    const srcConsumers = src.outputs.length;
    steps.push({
      key: `backward:${n.id}:back`,
      phase: 'backward',
      title: t('steps.denseBack.back.title', { id: n.id, to: src.id }),
      edgeId,
      formula: [
        `${partial(vec(A))} = \\left(${W}\\right)${T} \\cdot ${delta.vec}`,
        ...(full
          ? [
              `${partial(vec(A))} = ${texMatrix(transpose(matrix(p.W, u, k)))} \\cdot ${texMatrix(D)} = ${texMatrix(G)}`,
            ]
          : [
              `${partial(ent(A, kk + 1, i + 1))} = \\sum_{j=1}^{${u}} W^{(${l})}_{j,${kk + 1}}\\, ${delta.ent('j', i + 1)} = ${texSum(
                Array.from(
                  { length: u },
                  (_, jj) => `${texFactor(p.W[jj * k + kk])} \\cdot ${texFactor(d[i * u + jj])}`,
                ),
              )} = ${texNumber(g[i * k + kk])}`,
            ]),
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
