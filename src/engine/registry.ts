/**
 * One registry of node kinds. The compiler validates parameters with it, the
 * file format builds its schema from it, and the editor's palette and
 * inspector render from it, so a kind is described in exactly one place.
 */
import type { NodeKind } from './graph';

export type ParamSpec =
  | {
      name: string;
      label: string;
      type: 'int' | 'number';
      min: number;
      max?: number;
      default?: number;
      optional: boolean;
      doc: string;
    }
  | {
      name: string;
      label: string;
      type: 'boolean';
      default: boolean;
      optional: boolean;
      doc: string;
    }
  | {
      name: string;
      label: string;
      type: 'enum';
      options: readonly string[];
      default?: string;
      optional: boolean;
      doc: string;
    };

export interface KindSpec {
  kind: NodeKind;
  label: string;
  /** One line for the palette. */
  description: string;
  params: readonly ParamSpec[];
  /** How many incoming edges it takes: [min, max]. */
  inputs: readonly [number, number];
  /** Whether anything may follow it. */
  hasOutput: boolean;
}

/** Sizes above these are refused before anything is allocated. */
export const LIMITS = { maxFeatures: 100_000, maxUnits: 100_000, maxParameters: 50_000_000 };

export const ACTIVATIONS = ['linear', 'sigmoid', 'tanh', 'relu', 'leaky_relu', 'softmax'] as const;
export const LOSSES = ['mse', 'bce', 'cross_entropy'] as const;
export const INITIALIZERS = ['xavier', 'he', 'zeros'] as const;

export const KINDS: Record<NodeKind, KindSpec> = {
  input: {
    kind: 'input',
    label: 'Input',
    description: 'The features of each sample: a batch of m rows enters here.',
    params: [
      {
        name: 'features',
        label: 'Features',
        type: 'int',
        min: 1,
        max: LIMITS.maxFeatures,
        optional: false,
        doc: 'How many numbers describe one sample.',
      },
    ],
    inputs: [0, 0],
    hasOutput: true,
  },
  dense: {
    kind: 'dense',
    label: 'Dense',
    description: 'A layer of neurons: z = W·a + b, every input connected to every unit.',
    params: [
      {
        name: 'units',
        label: 'Units',
        type: 'int',
        min: 1,
        max: LIMITS.maxUnits,
        optional: false,
        doc: 'How many neurons the layer has (rows of W).',
      },
      {
        name: 'bias',
        label: 'Bias',
        type: 'boolean',
        default: true,
        optional: true,
        doc: 'Add a bias b to each unit.',
      },
      {
        name: 'init',
        label: 'Initialiser',
        type: 'enum',
        options: INITIALIZERS,
        default: 'xavier',
        optional: true,
        doc: 'How W starts: xavier suits tanh/sigmoid, he suits relu.',
      },
    ],
    inputs: [1, 1],
    hasOutput: true,
  },
  activation: {
    kind: 'activation',
    label: 'Activation',
    description: 'Applies a function to every value: a = f(z).',
    params: [
      {
        name: 'fn',
        label: 'Function',
        type: 'enum',
        options: ACTIVATIONS,
        optional: false,
        doc: 'The function f.',
      },
      {
        name: 'alpha',
        label: 'Leak (α)',
        type: 'number',
        min: 0,
        max: 1,
        default: 0.01,
        optional: true,
        doc: 'Slope of leaky ReLU for z < 0.',
      },
    ],
    inputs: [1, 1],
    hasOutput: true,
  },
  loss: {
    kind: 'loss',
    label: 'Loss',
    description: 'Compares the prediction with the target: the number training makes small.',
    params: [
      {
        name: 'fn',
        label: 'Function',
        type: 'enum',
        options: LOSSES,
        optional: false,
        doc: 'mse for regression, bce for yes/no outputs, cross_entropy after softmax.',
      },
    ],
    inputs: [1, 1],
    hasOutput: false,
  },
  add: {
    kind: 'add',
    label: 'Add',
    description: 'Adds tensors of the same shape element by element (a residual join).',
    params: [],
    inputs: [2, 16],
    hasOutput: true,
  },
  concat: {
    kind: 'concat',
    label: 'Concat',
    description: 'Joins tensors side by side: widths add up.',
    params: [],
    inputs: [2, 16],
    hasOutput: true,
  },
};

export function isNodeKind(kind: string): kind is NodeKind {
  return Object.prototype.hasOwnProperty.call(KINDS, kind);
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === undefined) return 'nothing';
  if (typeof value === 'number' || typeof value === 'boolean' || value === null)
    return String(value);
  return Array.isArray(value) ? 'a list' : 'an object';
}

/** Checks one parameter value. Returns a sentence naming what is wrong, or null. */
export function validateParam(kind: NodeKind, name: string, value: unknown): string | null {
  const spec = KINDS[kind].params.find((p) => p.name === name);
  if (!spec) return `${KINDS[kind].label} has no parameter "${name}"`;
  if (value === undefined) return spec.optional ? null : `${spec.label} is required`;
  switch (spec.type) {
    case 'int':
    case 'number': {
      const whole = spec.type === 'int';
      const range =
        spec.max === undefined
          ? `≥ ${spec.min}`
          : `from ${spec.min} to ${spec.max.toLocaleString('en-US')}`;
      const want = whole ? `a whole number ${range}` : `a number ${range}`;
      if (
        typeof value !== 'number' ||
        !Number.isFinite(value) ||
        (whole && !Number.isInteger(value)) ||
        value < spec.min ||
        (spec.max !== undefined && value > spec.max)
      ) {
        return `${spec.label} must be ${want}, got ${describe(value)}`;
      }
      return null;
    }
    case 'boolean':
      return typeof value === 'boolean'
        ? null
        : `${spec.label} must be true or false, got ${describe(value)}`;
    case 'enum':
      return typeof value === 'string' && spec.options.includes(value)
        ? null
        : `${spec.label} must be one of ${spec.options.join(', ')}, got ${describe(value)}`;
  }
}

/** Checks every parameter of a node, including unknown ones. */
export function validateParams(
  kind: NodeKind,
  params: Record<string, unknown>,
): { param: string; message: string }[] {
  const problems: { param: string; message: string }[] = [];
  for (const spec of KINDS[kind].params) {
    const message = validateParam(kind, spec.name, params[spec.name]);
    if (message) problems.push({ param: spec.name, message });
  }
  for (const name of Object.keys(params)) {
    if (!KINDS[kind].params.some((p) => p.name === name)) {
      problems.push({ param: name, message: `${KINDS[kind].label} has no parameter "${name}"` });
    }
  }
  return problems;
}

/** The parameters with defaults filled in (assumes they are valid). */
export function withDefaults(
  kind: NodeKind,
  params: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const spec of KINDS[kind].params) {
    out[spec.name] = params[spec.name] ?? spec.default;
  }
  return out;
}
