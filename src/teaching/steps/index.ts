/**
 * One update, slowly: the steps of a forward pass, the loss, the backward
 * pass and the parameter update, each with its formula from the seed notes
 * and this batch's numbers substituted.
 *
 * `traceUpdate` (trace.ts) runs the engine and copies its buffers;
 * `describeSteps` turns a trace into steps. Tensors are shown in the seed
 * notes' layout, samples as columns (the engine stores them as rows): z⁽ˡ⁾
 * is units × m, W⁽ˡ⁾ units × inputs. Tensors too large to show whole (more
 * than MAX_UNITS rows or columns, more than MAX_SAMPLES samples) are shown for
 * one neuron j and one sample i, chosen by the caller.
 *
 * Kinds with steps of their own (input, dense, activation, add, concat, loss)
 * are in forward.ts, dense.ts, loss.ts and backward.ts; every other kind gets
 * generic steps from its op's formulas (generic.ts), and every trained tensor
 * an update (update.ts).
 *
 * Pure: no Node, no DOM. The renderer's step mode and the tests share it.
 * The words come from the catalogue (src/i18n, area `steps`) in the language
 * current when the steps are described: step mode describes them again when
 * the language changes. Formulas are the same in every language.
 */
import type { CompiledNode } from '../../engine/compile';
import type { NodeKind } from '../../engine/graph';
import { formatNumber } from '../format';
import { activationBackwardStep, mergeBackwardStep } from './backward';
import { makeContext, type Ctx } from './context';
import { denseBackwardSteps, denseForward } from './dense';
import { activationForward, inputForward, mergeForward } from './forward';
import { genericBackward, genericForward } from './generic';
import { lossGradientStep, lossStep } from './loss';
import type { Trace } from './trace';
import type { Focus, Step, StepValue } from './types';
import { genericUpdate, updateStep } from './update';

export { chooseBatch, traceUpdate, type Batch, type Trace } from './trace';
export {
  MAX_SAMPLES,
  MAX_UNITS,
  type Focus,
  type Step,
  type StepPhase,
  type StepValue,
} from './types';
export { genericBackward, genericForward } from './generic';
export { genericUpdate } from './update';
export { showTensor } from './show';
export { makeContext, type Ctx } from './context';

type Builder = (n: CompiledNode, c: Ctx) => Step[];

/** Kinds with forward steps of their own; the others get `genericForward`. */
const FORWARD: Partial<Record<NodeKind, Builder>> = {
  input: inputForward,
  dense: denseForward,
  activation: activationForward,
  add: mergeForward,
  concat: mergeForward,
  loss: (n, c) => [lossStep(n, c)],
};

/** Kinds with backward steps of their own; the others get `genericBackward`. */
const BACKWARD: Partial<Record<NodeKind, Builder>> = {
  input: () => [],
  dense: denseBackwardSteps,
  activation: (n, c) => [activationBackwardStep(n, c)],
  add: (n, c) => [mergeBackwardStep(n, c)],
  concat: (n, c) => [mergeBackwardStep(n, c)],
  // Softmax with cross-entropy starts backward at the softmax: δ = (p − y)/m.
  loss: (n, c) => (c.trace.fused ? [] : [lossGradientStep(n, c)]),
};

/** Kinds with an update step of their own; the others' trained tensors get `genericUpdate`. */
const UPDATE: Partial<Record<NodeKind, Builder>> = {
  dense: (n, c) => [updateStep(n, c)],
};

/** Builds the ordered steps of a trace: forward node by node, the loss, backward, the update. */
export function describeSteps(trace: Trace, focus: Focus = { neuron: 0, sample: 0 }): Step[] {
  const c = makeContext(trace, focus);
  const nodes = trace.graph.nodes;
  const steps: Step[] = [];
  for (const n of nodes) steps.push(...(FORWARD[n.kind] ?? genericForward)(n, c));
  for (const n of [...nodes].reverse()) steps.push(...(BACKWARD[n.kind] ?? genericBackward)(n, c));
  for (const n of nodes) {
    if (trace.tensors.get(n.id)?.some((p) => p.trainable))
      steps.push(...(UPDATE[n.kind] ?? genericUpdate)(n, c));
  }
  return steps;
}

/** A step's values as the text the panel shows: `∂L/∂W⁽¹⁾ = [0.1, 0.2; 0.3, 0.4]`. */
export function valueText(value: StepValue): string {
  return `[${value.rows.map((r) => r.map((v) => formatNumber(v)).join(', ')).join('; ')}]`;
}
