/**
 * The update steps: the optimizer's rule with this batch's numbers, applied
 * to a copy (the document keeps its weights).
 */
import type { CompiledNode } from '../../engine/compile';
import { t } from '../../i18n';
import { texFactor, texMatrix, texNumber } from '../format';
import type { Ctx } from './context';
import { column, matrix, partial, superscript, tensorSym, texRow } from './tex';
import { showParam } from './show';
import type { Step } from './types';

export function updateStep(n: CompiledNode, c: Ctx): Step {
  const { trace } = c;
  const p = trace.params.get(n.id)!;
  const l = c.layer.get(n.id)!;
  const u = p.units;
  const k = p.inputs;
  const tc = trace.training;
  const lr = tc.learningRate;
  const l2 = tc.l2;
  const l1 = tc.l1 ?? 0;
  const W = `\\mathbf{W}^{(${l})}`;
  const b = `\\mathbf{b}^{(${l})}`;
  const fullParams = c.small(u) && c.small(k);
  const j = c.clampJ(u);
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
      c.small(u) ? texMatrix(column(Array.from(v))) : texNumber(v[j]);
    const bj = c.small(u) ? b : `b^{(${l})}_{${j + 1}}`;
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
    explanation: `${explanation}${t('steps.update.notApplied')}${fullParams ? '' : c.shownAt(c.where(j))}`,
    values: [
      fullParams
        ? { key: 'W', label: c.newLabel(`W${superscript(l)}`), rows: next }
        : {
            key: 'W',
            label: c.rowLabel(c.newLabel(`W${superscript(l)}`), c.where(j)),
            rows: [next[j]],
          },
      ...(p.nextB
        ? [
            c.small(u)
              ? {
                  key: 'b',
                  label: c.newLabel(`b${superscript(l)}`),
                  rows: column(Array.from(p.nextB)),
                }
              : {
                  key: 'b',
                  label: c.atLabel(c.newLabel(`b${superscript(l)}`), c.where(j)),
                  rows: [[p.nextB[j]]],
                },
          ]
        : []),
    ],
    ...(fullParams ? {} : { focus: c.focusOf(u, false) }),
  };
}

const optimizerName = (c: Ctx) =>
  c.trace.training.optimizer === 'sgd'
    ? t('steps.update.sgd.name')
    : c.trace.training.optimizer === 'momentum'
      ? t('steps.update.momentum.name')
      : t('steps.update.adam.name');

/**
 * The update of every tensor a node trains, for kinds without an update step
 * of their own: the optimizer's rule for a tensor θ, then each tensor's new
 * value (for plain gradient descent, θ − λ·∂L/∂θ with the numbers).
 */
export function genericUpdate(n: CompiledNode, c: Ctx): Step[] {
  const tc = c.trace.training;
  const trained = (c.trace.tensors.get(n.id) ?? []).filter((p) => p.trainable);
  if (trained.length === 0) return [];
  const lr = tc.learningRate;
  const th = '\\boldsymbol{\\theta}';
  const lam = `\\lambda = ${texNumber(lr)}`;
  const l1 = tc.l1 ?? 0;
  const decays = (tc.l2 > 0 || l1 > 0) && trained.some((p) => p.decay);
  const decay = decays
    ? (tc.l2 > 0 ? ` + ${texNumber(tc.l2)}\\,${th}` : '') +
      (l1 > 0 ? ` + ${texNumber(l1)}\\,\\operatorname{sign}(${th})` : '')
    : '';
  let rule: string;
  let explanation: string;
  switch (tc.optimizer) {
    case 'sgd':
      rule = `${th} \\leftarrow ${th} - \\lambda\\left(${partial(th)}${decay}\\right), \\qquad ${lam}`;
      explanation = !decays
        ? t('steps.update.sgd.explanation')
        : l1 > 0
          ? t('steps.update.sgd.explanationL1')
          : t('steps.update.sgd.explanationL2');
      break;
    case 'momentum':
      rule = `\\mathbf{v} \\leftarrow \\mu\\,\\mathbf{v} + ${partial(th)}${decay}, \\qquad ${th} \\leftarrow ${th} - \\lambda\\,\\mathbf{v}, \\qquad \\mu = ${texNumber(tc.momentum ?? 0.9)},\\; ${lam}`;
      explanation = t('steps.update.momentum.explanation');
      break;
    case 'adam':
      rule = `${th} \\leftarrow ${th} - \\lambda\\,\\frac{\\hat{\\mathbf{m}}}{\\sqrt{\\hat{\\mathbf{v}}} + \\epsilon}, \\qquad \\mathbf{g} = ${partial(th)}${decay}, \\quad \\beta_1 = ${texNumber(tc.beta1 ?? 0.9)},\\ \\beta_2 = ${texNumber(tc.beta2 ?? 0.999)},\\ ${lam}`;
      explanation = t('steps.update.adam.explanation');
      break;
  }
  const formula = [rule];
  const values: Step['values'] = [];
  let what = '';
  let focus: Step['focus'];
  for (const p of trained) {
    const sym = tensorSym(n.id, p.name);
    const name = { tex: sym.tex, plain: c.newLabel(sym.plain), key: p.name };
    const next = showParam(c, p.next, p.shape, name);
    const plain = tc.optimizer === 'sgd' && !(decays && p.decay);
    if (plain) {
      const before = showParam(c, p.value, p.shape, name);
      const grad = showParam(c, p.grad, p.shape, name);
      next.lhs.forEach((lhs, k) =>
        formula.push(
          `${lhs} \\leftarrow ${before.rhs[k]} - ${texFactor(lr)}\\,${grad.rhs[k]} = ${next.rhs[k]}`,
        ),
      );
    } else {
      next.lhs.forEach((lhs, k) => formula.push(`${lhs} \\leftarrow ${next.rhs[k]}`));
    }
    values.push(...next.values);
    if (next.what) what = next.what;
    focus ??= next.focus;
  }
  return [
    {
      key: `update:${n.id}`,
      phase: 'update',
      title: t('steps.update.title', { id: n.id, optimizer: optimizerName(c) }),
      nodeId: n.id,
      formula,
      explanation: `${explanation}${t('steps.update.notApplied')}${what ? c.shownAt(what) : ''}`,
      values,
      ...(focus ? { focus } : {}),
    },
  ];
}
