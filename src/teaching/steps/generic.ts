/**
 * Steps for any kind without steps of its own: the op's formulas
 * (`OPS[kind].tex`) with the engine's numbers. Forward shows the node's
 * output; backward shows ∂L/∂(each tensor the node trains) and the gradient
 * it passes back on each input edge. Big tensors are shown for one sample and
 * a few channels (see show.ts). A new kind gets step mode from its op module
 * alone.
 */
import type { CompiledNode } from '../../engine/compile';
import { OPS, shapeText } from '../../engine/ops';
import { kindLabel } from '../../engine/registry';
import { t } from '../../i18n';
import type { Ctx } from './context';
import { showBatch, showParam, type BatchShown } from './show';
import { partial, tensorSym, vec } from './tex';
import type { Step } from './types';

const closing = (c: Ctx, shown: BatchShown) => (shown.what ? c.shownAt(shown.what) : '');

export function genericForward(n: CompiledNode, c: Ctx): Step[] {
  const out = c.trace.nodes.get(n.id);
  if (!out) return [];
  const s = c.sym(n.id);
  const shown = showBatch(c, out.value, n.shape, { tex: vec(s), plain: s.plain, key: 'h' });
  const kind = kindLabel(n.kind);
  // State the training pass updates on its own (running statistics): its new value.
  const state = (c.trace.tensors.get(n.id) ?? []).filter(
    (p) => !p.trainable && p.next.some((v, k) => v !== p.value[k]),
  );
  const updated = state.map((p) => {
    const sym = tensorSym(n.id, p.name);
    return showParam(c, p.next, p.shape, {
      tex: sym.tex,
      plain: c.newLabel(sym.plain),
      key: p.name,
    });
  });
  return [
    {
      key: `forward:${n.id}`,
      phase: 'forward',
      title: t('steps.generic.forward.title', { kind, id: n.id }),
      nodeId: n.id,
      formula: [
        OPS[n.kind].tex.forward,
        ...shown.tex,
        ...updated.flatMap((u) => u.lhs.map((lhs, k) => `${lhs} \\leftarrow ${u.rhs[k]}`)),
      ],
      explanation: `${t('steps.generic.forward.explanation', {
        kind,
        h: s.plain,
        shape: shapeText(n.shape),
        m: c.m,
      })}${
        state.length > 0
          ? t('steps.generic.forward.state', {
              names: state.map((p) => tensorSym(n.id, p.name).plain).join(', '),
            })
          : ''
      }${closing(c, shown)}`,
      values: [...shown.values, ...updated.flatMap((u) => u.values)],
      ...(shown.focus ? { focus: shown.focus } : {}),
    },
  ];
}

/**
 * One backward step per node: the op's rule, the gradient it passes back on each input edge
 * (`dx`, or `dx1`, `dx2`, … for several inputs) and, for kinds with weights, ∂L/∂(each
 * tensor it trains) (`dW`, `dgamma`, …).
 */
export function genericBackward(n: CompiledNode, c: Ctx): Step[] {
  const { trace } = c;
  const kind = kindLabel(n.kind);
  const parts: BatchShown[] = [];
  const words: string[] = [];
  n.inputs.forEach((edge, k) => {
    const src = c.byId.get(edge.source)!;
    const g = trace.edges.get(edge.edgeId);
    // The input's edges carry no gradient: nothing upstream needs it.
    if (src.kind === 'input' || !g) return;
    const A = c.sym(src.id);
    const key = n.inputs.length > 1 ? `dx${k + 1}` : 'dx';
    parts.push(showBatch(c, g, src.shape, { tex: partial(vec(A)), plain: `∂L/∂${A.plain}`, key }));
    const consumers = src.outputs.length;
    words.push(
      t('steps.generic.back.explanation', {
        kind,
        id: n.id,
        a: A.plain,
        shape: shapeText(src.shape),
        m: c.m,
      }) + (consumers > 1 ? t('steps.denseBack.back.feeds', { id: src.id, n: consumers }) : ''),
    );
  });
  const trained = (trace.tensors.get(n.id) ?? []).filter((p) => p.trainable);
  for (const p of trained) {
    const sym = tensorSym(n.id, p.name);
    const d = { tex: partial(sym.tex), plain: `∂L/∂${sym.plain}`, key: `d${p.name}` };
    parts.push(showParam(c, p.grad, p.shape, d));
    words.push(
      t('steps.generic.param.explanation', {
        name: sym.plain,
        shape: p.shape.join(' × '),
        m: c.m,
      }),
    );
  }
  if (parts.length === 0) return [];
  const what = parts.map((x) => x.what).filter(Boolean);
  const neuron = parts.find((x) => x.focus?.neuron)?.focus?.neuron;
  const sample = parts.find((x) => x.focus?.sample)?.focus?.sample;
  return [
    {
      key: `backward:${n.id}`,
      phase: 'backward',
      title: t('steps.generic.back.title', { kind, id: n.id }),
      nodeId: n.id,
      formula: [OPS[n.kind].tex.backward, ...parts.flatMap((x) => x.tex)],
      explanation: `${words.join(' ')}${what.length ? c.shownAt([...new Set(what)].join('; ')) : ''}`,
      values: parts.flatMap((x) => x.values),
      ...(neuron || sample
        ? { focus: { ...(neuron ? { neuron } : {}), ...(sample ? { sample } : {}) } }
        : {}),
    },
  ];
}
