/**
 * How a kind describes its parameters, for the compiler's checks, the file
 * format's schema, the palette and the inspector. Each op module holds its
 * kind's `KindSpec`; `registry.ts` gathers them.
 */
import { tKey } from '../../i18n';
import type { NodeKind } from '../graph';

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
  /** How many incoming edges it takes: [min, max]. [0, 0] marks the network's input. */
  inputs: readonly [number, number];
  /** Whether anything may follow it. False marks the loss, the network's end. */
  hasOutput: boolean;
  /** The parameters a node dropped from the palette starts with: valid, small, what a tutorial would pick. */
  starter: Record<string, unknown>;
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
export function optionLabels(
  kind: NodeKind,
  param: string,
  options: readonly string[],
): Readonly<Record<string, string>> {
  return Object.fromEntries(
    options.map((o) => [o, tKey(`kinds.${kind}.params.${param}.options.${o}`)]),
  );
}

/** The catalogue keys of a kind's label and description. */
export const kindText = (kind: NodeKind): { label: string; description: string } => ({
  label: tKey(`kinds.${kind}.label`),
  description: tKey(`kinds.${kind}.description`),
});

/** The catalogue keys of a parameter's label and doc. */
export const paramText = (kind: NodeKind, name: string): { label: string; doc: string } => ({
  label: tKey(`kinds.${kind}.params.${name}.label`),
  doc: tKey(`kinds.${kind}.params.${name}.doc`),
});

/** A kind's spec with its catalogue text; by default one input, an output, and no starter parameters. */
export const kindSpec = (
  kind: NodeKind,
  spec: Pick<KindSpec, 'params'> & Partial<Pick<KindSpec, 'inputs' | 'hasOutput' | 'starter'>>,
): KindSpec => ({
  kind,
  ...kindText(kind),
  params: spec.params,
  inputs: spec.inputs ?? [1, 1],
  hasOutput: spec.hasOutput ?? true,
  starter: spec.starter ?? {},
});

/** An int or number parameter with its catalogue text. */
export const numberParam = (
  kind: NodeKind,
  name: string,
  range: { type: 'int' | 'number'; min: number; max?: number; default?: number; optional: boolean },
): ParamSpec => ({ name, ...paramText(kind, name), ...range });

/** An enum parameter with its catalogue text and its options' labels. */
export const enumParam = (
  kind: NodeKind,
  name: string,
  options: readonly string[],
  choice: { default?: string; optional: boolean },
): ParamSpec => ({
  name,
  ...paramText(kind, name),
  type: 'enum',
  options,
  optionLabels: optionLabels(kind, name, options),
  ...choice,
});

/** How many of something a layer makes (a dense layer's units, a convolution's filters): required, 1 up. */
export const countParam = (kind: NodeKind, name: string): ParamSpec =>
  numberParam(kind, name, { type: 'int', min: 1, max: LIMITS.maxUnits, optional: false });

/** What every layer with weights has last: `bias` (on unless turned off) and `init`, the weights' initialiser. */
export const weightParams = (kind: NodeKind, init: (typeof INITIALIZERS)[number]): ParamSpec[] => [
  { name: 'bias', ...paramText(kind, 'bias'), type: 'boolean', default: true, optional: true },
  enumParam(kind, 'init', INITIALIZERS, { default: init, optional: true }),
];

/** A kind that joins 2 to 16 inputs and has no parameters (add, concat). */
export const joinSpec = (kind: NodeKind): KindSpec =>
  kindSpec(kind, { params: [], inputs: [2, 16] });
