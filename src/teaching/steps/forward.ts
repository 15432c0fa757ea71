/**
 * Forward steps of the input, the activations, add and concatenate: each
 * with its rule, then the rule with this batch's numbers (whole when small,
 * else one neuron j on one sample i).
 */
import type { CompiledNode } from '../../engine/compile';
import type { ActivationFn } from '../../engine/graph';
import { t } from '../../i18n';
import { texMatrix, texNumber } from '../format';
import type { Ctx } from './context';
import { FN_TEX, column, columns, ent, fnName, texColumn, vec } from './tex';
import { forwardStep, type Step } from './types';

/** The batch: x (features × samples) and the targets y. */
export function inputForward(n: CompiledNode, c: Ctx): Step[] {
  const { trace, m } = c;
  const out = trace.nodes.get(n.id);
  const s = c.sym(n.id);
  const steps: Step[] = [];
  const f = n.width;
  const X = columns(out!.value, f, m);
  const Y = columns(trace.y, c.outWidth, m);
  const full = c.small(f) && c.small(c.outWidth) && c.fewSamples;
  const i = c.sampleI;
  steps.push({
    key: `forward:${n.id}`,
    phase: 'forward',
    title: t('steps.input.title'),
    nodeId: n.id,
    formula: full
      ? [`${vec(s!)} = \\mathbf{x} = ${texMatrix(X)}, \\qquad \\mathbf{y} = ${texMatrix(Y)}`]
      : [
          `${vec(s!)} = \\mathbf{x} \\quad (${f} \\times ${m}), \\qquad \\mathbf{y} \\quad (${c.outWidth} \\times ${m})`,
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
          { key: 'x', label: c.sampleLabel('x', i), rows: column(X.map((r) => r[i])) },
          { key: 'y', label: c.sampleLabel('y', i), rows: column(Y.map((r) => r[i])) },
        ],
    ...(full ? {} : { focus: { sample: { index: i, count: m } } }),
  });
  return steps;
}

/** a = f(z), element-wise (softmax: per sample). */
export function activationForward(n: CompiledNode, c: Ctx): Step[] {
  const { trace, m } = c;
  const out = trace.nodes.get(n.id);
  const s = c.sym(n.id);
  const steps: Step[] = [];
  const fn = n.params.fn as ActivationFn;
  const alpha = (n.params.alpha as number | undefined) ?? 0.01;
  const src = c.sourceOf(n);
  const Zs = c.sym(src.id);
  const w = n.width;
  const tex = FN_TEX[fn];
  const z = trace.nodes.get(src.id)!;
  const alphaNote = fn === 'leaky_relu' ? `, \\quad \\alpha = ${texNumber(alpha)}` : '';
  const rule = `${vec(s!)} = ${tex.apply}(${vec(Zs)}), \\qquad ${tex.def}${alphaNote}`;
  const full = c.small(w) && c.fewSamples;
  const title = t('steps.activation.title', { id: n.id, fn: fnName(fn) });
  if (full) {
    const Av = columns(out!.value, w, m);
    steps.push(
      forwardStep(
        n.id,
        title,
        rule,
        [
          `${vec(s!)} = ${tex.apply}\\left(${texMatrix(columns(z.value, w, m))}\\right) = ${texMatrix(Av)}`,
        ],
        {
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
        },
      ),
    );
  } else if (fn === 'softmax') {
    const i = c.sampleI;
    const zc = columns(z.value, w, m).map((r) => r[i]);
    const pc = columns(out!.value, w, m).map((r) => r[i]);
    steps.push(
      forwardStep(
        n.id,
        title,
        rule,
        [
          `${vec(s!)}_{:,${i + 1}} = \\operatorname{softmax}\\left(${texColumn(zc)}\\right) = ${texColumn(pc)}`,
        ],
        {
          explanation: t('steps.activation.softmaxFocus', { i: i + 1 }),
          values: [{ key: 'a', label: c.sampleLabel(s!.plain, i), rows: column(pc) }],
          focus: { sample: { index: i, count: m } },
        },
      ),
    );
  } else {
    const j = c.clampJ(w);
    const i = c.sampleI;
    const zv = c.at(z, w, j, i);
    const av = c.at(out!, w, j, i);
    steps.push(
      forwardStep(
        n.id,
        title,
        rule,
        [
          `${ent(s!, j + 1, i + 1)} = ${tex.apply}(${ent(Zs, j + 1, i + 1)}) = ${tex.apply}(${texNumber(zv)}) = ${texNumber(av)}`,
        ],
        {
          explanation: t('steps.activation.explanationFocus', {
            fn: fnName(fn),
            w,
            m,
            where: c.where(j, i),
          }),
          values: [{ key: 'a', label: c.atLabel(s!.plain, c.where(j, i)), rows: [[av]] }],
          focus: c.focusOf(w),
        },
      ),
    );
  }
  return steps;
}

/** Add and concatenate: the sum or the stacked features of the inputs. */
export function mergeForward(n: CompiledNode, c: Ctx): Step[] {
  const { trace, m } = c;
  const out = trace.nodes.get(n.id);
  const s = c.sym(n.id);
  const steps: Step[] = [];
  const w = n.width;
  const ins = n.inputs.map((e) => c.sym(e.source));
  const rule =
    n.kind === 'add'
      ? `${vec(s!)} = ${ins.map(vec).join(' + ')}`
      : `${vec(s!)} = \\begin{bmatrix} ${ins.map(vec).join(' \\\\ ')} \\end{bmatrix}`;
  const full = c.small(w) && c.fewSamples;
  const H = columns(out!.value, w, m);
  const i = c.sampleI;
  steps.push({
    key: `forward:${n.id}`,
    phase: 'forward',
    title:
      n.kind === 'add' ? t('steps.add.title', { id: n.id }) : t('steps.concat.title', { id: n.id }),
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
            label: c.sampleLabel(s!.plain, i),
            rows: column(H.map((r) => r[i])),
          },
    ],
    ...(full ? {} : { focus: { sample: { index: i, count: m } } }),
  });
  return steps;
}
