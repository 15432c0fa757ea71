/**
 * One registry of node kinds. The compiler validates parameters with it, the
 * file format builds its schema from it, and the editor's palette and
 * inspector render from it, so a kind is described in exactly one place.
 */
import { formatNumber, t, tKey } from '../i18n';
import type { NodeKind } from './graph';

// `label`, `description` and `doc` hold catalogue keys (area `kinds`): show them
// through t() (`t(spec.label)`), so they follow the language; the JSON Schema
// takes their English text (src/model/schema-kinds.ts).

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
      /** Catalogue key of each option's display name (the option itself is what the file stores). */
      optionLabels: Readonly<Record<string, string>>;
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

export const ACTIVATIONS = [
  'linear',
  'sigmoid',
  'tanh',
  'relu',
  'leaky_relu',
  'elu',
  'gelu',
  'softplus',
  'softmax',
] as const;
export const LOSSES = ['mse', 'bce', 'cross_entropy'] as const;
export const INITIALIZERS = ['xavier', 'he', 'zeros'] as const;

/** Catalogue keys of an enum parameter's option names: `kinds.<kind>.params.<param>.options.<option>`. */
function optionLabels(
  kind: NodeKind,
  param: string,
  options: readonly string[],
): Readonly<Record<string, string>> {
  return Object.fromEntries(
    options.map((o) => [o, tKey(`kinds.${kind}.params.${param}.options.${o}`)]),
  );
}

export const KINDS: Record<NodeKind, KindSpec> = {
  input: {
    kind: 'input',
    label: tKey('kinds.input.label'),
    description: tKey('kinds.input.description'),
    params: [
      {
        name: 'features',
        label: tKey('kinds.input.params.features.label'),
        type: 'int',
        min: 1,
        max: LIMITS.maxFeatures,
        optional: false,
        doc: tKey('kinds.input.params.features.doc'),
      },
    ],
    inputs: [0, 0],
    hasOutput: true,
  },
  dense: {
    kind: 'dense',
    label: tKey('kinds.dense.label'),
    description: tKey('kinds.dense.description'),
    params: [
      {
        name: 'units',
        label: tKey('kinds.dense.params.units.label'),
        type: 'int',
        min: 1,
        max: LIMITS.maxUnits,
        optional: false,
        doc: tKey('kinds.dense.params.units.doc'),
      },
      {
        name: 'bias',
        label: tKey('kinds.dense.params.bias.label'),
        type: 'boolean',
        default: true,
        optional: true,
        doc: tKey('kinds.dense.params.bias.doc'),
      },
      {
        name: 'init',
        label: tKey('kinds.dense.params.init.label'),
        type: 'enum',
        options: INITIALIZERS,
        optionLabels: optionLabels('dense', 'init', INITIALIZERS),
        default: 'xavier',
        optional: true,
        doc: tKey('kinds.dense.params.init.doc'),
      },
    ],
    inputs: [1, 1],
    hasOutput: true,
  },
  activation: {
    kind: 'activation',
    label: tKey('kinds.activation.label'),
    description: tKey('kinds.activation.description'),
    params: [
      {
        name: 'fn',
        label: tKey('kinds.activation.params.fn.label'),
        type: 'enum',
        options: ACTIVATIONS,
        optionLabels: optionLabels('activation', 'fn', ACTIVATIONS),
        optional: false,
        doc: tKey('kinds.activation.params.fn.doc'),
      },
      {
        name: 'alpha',
        label: tKey('kinds.activation.params.alpha.label'),
        type: 'number',
        min: 0,
        max: 1,
        default: 0.01,
        optional: true,
        doc: tKey('kinds.activation.params.alpha.doc'),
      },
    ],
    inputs: [1, 1],
    hasOutput: true,
  },
  loss: {
    kind: 'loss',
    label: tKey('kinds.loss.label'),
    description: tKey('kinds.loss.description'),
    params: [
      {
        name: 'fn',
        label: tKey('kinds.loss.params.fn.label'),
        type: 'enum',
        options: LOSSES,
        optionLabels: optionLabels('loss', 'fn', LOSSES),
        optional: false,
        doc: tKey('kinds.loss.params.fn.doc'),
      },
    ],
    inputs: [1, 1],
    hasOutput: false,
  },
  add: {
    kind: 'add',
    label: tKey('kinds.add.label'),
    description: tKey('kinds.add.description'),
    params: [],
    inputs: [2, 16],
    hasOutput: true,
  },
  concat: {
    kind: 'concat',
    label: tKey('kinds.concat.label'),
    description: tKey('kinds.concat.description'),
    params: [],
    inputs: [2, 16],
    hasOutput: true,
  },
};

export function isNodeKind(kind: string): kind is NodeKind {
  return Object.prototype.hasOwnProperty.call(KINDS, kind);
}

/** A kind's name in the current language ("Dense", "全连接层"). */
export const kindLabel = (kind: NodeKind): string => t(KINDS[kind].label);

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === undefined) return t('problems.value.nothing');
  if (typeof value === 'number' || typeof value === 'boolean' || value === null)
    return String(value);
  return Array.isArray(value) ? t('problems.value.aList') : t('problems.value.anObject');
}

/** Checks one parameter value. Returns a sentence naming what is wrong, or null. */
export function validateParam(kind: NodeKind, name: string, value: unknown): string | null {
  const spec = KINDS[kind].params.find((p) => p.name === name);
  if (!spec) return t('problems.param.unknown', { kind: kindLabel(kind), name });
  const label = t(spec.label);
  if (value === undefined) return spec.optional ? null : t('problems.param.required', { label });
  const got = describe(value);
  switch (spec.type) {
    case 'int':
    case 'number': {
      const whole = spec.type === 'int';
      const range =
        spec.max === undefined
          ? t('problems.param.atLeast', { min: spec.min })
          : t('problems.param.range', { min: spec.min, max: formatNumber(spec.max) });
      if (
        typeof value !== 'number' ||
        !Number.isFinite(value) ||
        (whole && !Number.isInteger(value)) ||
        value < spec.min ||
        (spec.max !== undefined && value > spec.max)
      ) {
        return whole
          ? t('problems.param.notWhole', { label, range, got })
          : t('problems.param.notNumber', { label, range, got });
      }
      return null;
    }
    case 'boolean':
      return typeof value === 'boolean' ? null : t('problems.param.notBoolean', { label, got });
    case 'enum':
      return typeof value === 'string' && spec.options.includes(value)
        ? null
        : t('problems.param.notOption', { label, options: spec.options.join(', '), got });
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
      problems.push({
        param: name,
        message: t('problems.param.unknown', { kind: kindLabel(kind), name }),
      });
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
