/** What step mode produces: steps with formulas, words and numbers. */

/** Rows and columns of a matrix shown whole (weights, units). */
export const MAX_UNITS = 8;
/** Samples shown whole (columns of a batch tensor). */
export const MAX_SAMPLES = 6;
/** Channels (or other trailing slices) of a tensor shown at once, as small matrices. */
export const MAX_SLICES = 4;

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
    /**
     * The neuron j shown; for generic steps (`unit` set), what the focus picks in a tensor of
     * another shape: an entry of a long vector, a row of a matrix, an image's channel, a
     * kernel's (input channel, filter) slice.
     */
    neuron?: { index: number; count: number; unit?: FocusUnit };
    sample?: { index: number; count: number };
  };
}

export type FocusUnit = 'entry' | 'row' | 'channel' | 'slice';

/** A node's forward step (`forward:<id>`): its rule, then the lines with this batch's numbers. */
export function forwardStep(
  nodeId: string,
  title: string,
  rule: string,
  lines: string[],
  rest: Pick<Step, 'explanation' | 'values' | 'focus'>,
): Step {
  return {
    key: `forward:${nodeId}`,
    phase: 'forward',
    title,
    nodeId,
    formula: [rule, ...lines],
    ...rest,
  };
}

/** Which neuron j and sample i to show for layers too large to show whole (0-based; clamped per layer). */
export interface Focus {
  neuron: number;
  sample: number;
}
