/** The loss step (its value, term by term) and the loss gradient that starts the backward pass. */
import type { CompiledNode } from '../../engine/compile';
import { LOSS_TABLE, type LossSymbols } from '../../engine/losses';
import { t } from '../../i18n';
import { texFactor, texMatrix, texNumber, texSum } from '../format';
import type { Ctx } from './context';
import { columns, ent, partial, type Sym, vec } from './tex';
import type { Step } from './types';

/** The symbols the loss table's formulas are written with, for the output `A` of K units. */
function lossSymbols(A: Sym, K: number): LossSymbols {
  const idx = K === 1 ? '_{i}' : '_{k,i}';
  return { a: `${A.base}^{${A.sup}}${idx}`, y: `y${idx}`, vecA: vec(A), K, partial };
}

export function lossStep(n: CompiledNode, c: Ctx): Step {
  const { trace, m } = c;
  const K = c.outWidth;
  const out = trace.nodes.get(c.outputNode.id)!.value;
  const A = c.sym(c.outputNode.id);
  const y = trace.y;
  const loss = LOSS_TABLE[trace.graph.lossFn];
  const count = loss.count(m, K);
  const rule = loss.tex.value(lossSymbols(A, K));
  let terms: string[];
  let title: string;
  let explanation: string;
  const all = Array.from({ length: m * K }, (_, r) => r);
  switch (trace.graph.lossFn) {
    case 'mse':
      title = t('steps.loss.mse.title');
      terms = all.map((r) => `(${texNumber(out[r])} - ${texNumber(y[r])})^2`);
      explanation = t('steps.loss.mse.explanation', {
        m,
        outputs: K > 1 ? t('steps.loss.mse.outputs', { K }) : '',
      });
      break;
    case 'bce':
      title = t('steps.loss.bce.title');
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

export function lossGradientStep(n: CompiledNode, c: Ctx): Step {
  const { trace, m } = c;
  const K = c.outWidth;
  const edgeId = n.inputs[0].edgeId;
  const A = c.sym(c.outputNode.id);
  const out = trace.nodes.get(c.outputNode.id)!;
  const g = trace.edges.get(edgeId)!;
  const full = c.small(K) && c.fewSamples;
  const mk = m * K;
  const rule = LOSS_TABLE[trace.graph.lossFn].tex.gradient(lossSymbols(A, K));
  let entry: (r: number) => string;
  switch (trace.graph.lossFn) {
    case 'mse':
      entry = (r) =>
        `\\frac{2}{${mk}}\\left(${texNumber(out.value[r])} - ${texNumber(trace.y[r])}\\right)`;
      break;
    case 'bce':
      entry = (r) =>
        `\\frac{${texNumber(out.value[r])} - ${texNumber(trace.y[r])}}{${mk} \\cdot ${texFactor(out.value[r])}\\,(1 - ${texNumber(out.value[r])})}`;
      break;
    case 'cross_entropy':
      entry = (r) => `-\\frac{${texNumber(trace.y[r])}}{${m} \\cdot ${texFactor(out.value[r])}}`;
      break;
  }
  const G = columns(g, K, m);
  const j = c.clampJ(K);
  const i = c.sampleI;
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
    explanation: `${t('steps.lossGradient.explanation')}${full ? '' : c.shownAt(c.where(j, i))}`,
    values: [
      full
        ? { key: 'dLda', label: `∂L/∂${A.plain}`, rows: G }
        : { key: 'dLda', label: c.atLabel(`∂L/∂${A.plain}`, c.where(j, i)), rows: [[g[r]]] },
    ],
    ...(full ? {} : { focus: c.focusOf(K) }),
  };
}
