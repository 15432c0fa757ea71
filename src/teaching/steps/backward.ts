/** Backward steps of the activations (δ = ∂L/∂a ⊙ f′(z); softmax per sample) and of add and concatenate. */
import { ACTIVATION_TABLE } from '../../engine/activations';
import { FUSED_TEX } from '../../engine/losses';
import type { CompiledNode } from '../../engine/compile';
import type { ActivationFn } from '../../engine/graph';
import { t } from '../../i18n';
import { texFactor, texMatrix, texNumber } from '../format';
import type { Ctx } from './context';
import { FN_TEX, column, columns, ent, fnName, partial, superscript, texColumn, vec } from './tex';
import type { Step, StepValue } from './types';

export function activationBackwardStep(n: CompiledNode, c: Ctx): Step {
  const { trace, m } = c;
  const fn = n.params.fn as ActivationFn;
  const alpha = (n.params.alpha as number | undefined) ?? 0.01;
  const src = c.sourceOf(n);
  const w = n.width;
  const Z = c.sym(src.id);
  const Aout = c.sym(n.id);
  const delta = c.deltaOf(src.id);
  const dz = trace.edges.get(n.inputs[0].edgeId)!;
  const out = trace.nodes.get(n.id)!;
  const z = trace.nodes.get(src.id)!;
  const full = c.small(w) && c.fewSamples;
  const j = c.clampJ(w);
  const i = c.sampleI;
  const r = i * w + j;
  const D = columns(dz, w, m);
  const isOutput = n.id === trace.graph.outputId;
  const from = isOutput ? t('steps.activationBack.fromLoss') : t('steps.activationBack.fromLayer');
  const value: StepValue = full
    ? { key: 'delta', label: delta.plain, rows: D }
    : { key: 'delta', label: c.atLabel(delta.plain, c.where(j, i)), rows: [[dz[r]]] };
  const base = {
    key: `backward:${n.id}`,
    phase: 'backward' as const,
    nodeId: n.id,
    values: [value],
    ...(full ? {} : { focus: c.focusOf(w) }),
  };
  if (isOutput && trace.fused) {
    return {
      ...base,
      title: t('steps.activationBack.fused.title'),
      formula: [
        `${delta.vec} = ${partial(vec(Z))} = ${FUSED_TEX}`,
        full
          ? `${delta.vec} = \\frac{1}{${m}}\\left(${texMatrix(columns(out.value, w, m))} - ${texMatrix(columns(trace.y, w, m))}\\right) = ${texMatrix(D)}`
          : `${delta.ent(j + 1, i + 1)} = \\frac{1}{${m}}\\left(${texNumber(out.value[r])} - ${texNumber(trace.y[r])}\\right) = ${texNumber(dz[r])}`,
      ],
      explanation: `${t('steps.activationBack.fused.explanation')}${full ? '' : c.shownAt(c.where(j, i))}`,
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
      explanation: `${t('steps.activationBack.softmax.explanation', { from })}${full ? '' : c.shownAt(c.where(j, i))}`,
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
      delta: `δ${src.kind === 'dense' ? superscript(c.layer.get(src.id)!) : ''}`,
      id: n.id,
      fn: fnName(fn),
    }),
    formula: [
      `${delta.vec} = ${partial(vec(Aout))} \\odot ${fn === 'linear' ? "f'" : `${FN_TEX[fn].apply}'`}(${vec(Z)}), \\qquad ${FN_TEX[fn].der}`,
      full
        ? `${delta.vec} = ${texMatrix(columns(g, w, m))} \\odot ${texMatrix(F)} = ${texMatrix(D)}`
        : `${delta.ent(j + 1, i + 1)} = ${partial(ent(Aout, j + 1, i + 1))} \\cdot ${FN_TEX[fn].apply}'(${ent(Z, j + 1, i + 1)}) = ${texFactor(g[r])} \\cdot ${texFactor(fprime(r))} = ${texNumber(dz[r])}`,
    ],
    explanation: `${t('steps.activationBack.explanation', { from, fn: fnName(fn) })}${saturation}${full ? '' : c.shownAt(c.where(j, i))}`,
  };
}

export function mergeBackwardStep(n: CompiledNode, c: Ctx): Step {
  const { trace, m } = c;
  const s = c.sym(n.id);
  const g = trace.nodes.get(n.id)!.grad;
  const w = n.width;
  const full = c.small(w) && c.fewSamples;
  const ins = n.inputs.map((e) => c.sym(e.source));
  const rule =
    n.kind === 'add'
      ? `${ins.map((x) => partial(vec(x))).join(' = ')} = ${partial(vec(s))}`
      : `\\begin{bmatrix} ${ins.map((x) => partial(vec(x))).join(' \\\\ ')} \\end{bmatrix} = ${partial(vec(s))}`;
  const i = c.sampleI;
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
            label: c.sampleLabel(`∂L/∂${s.plain}`, i),
            rows: column(G.map((r) => r[i])),
          },
    ],
    ...(full ? {} : { focus: { sample: { index: i, count: m } } }),
  };
}
