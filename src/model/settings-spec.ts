/**
 * The training settings of a model file, described once, as each node kind
 * describes its parameters with `ParamSpec` (src/engine/ops/spec.ts): the file
 * schema's `training` section (schema-settings.ts) and the settings panel's
 * fields (app/renderer/training/SettingsPanel.tsx) are made from this, so the
 * panel refuses exactly what a file refuses.
 *
 * `label`, `doc` and option names hold catalogue keys: show them through t().
 * The schema takes the English text of `doc` as a setting's description.
 */
import { OPTIMIZER_SLOTS, type OptimizerName } from '../engine/optimizers';
import { formatNumber, t, tKey } from '../i18n';
import type { TrainingSettings } from './types';

/** Where a number may lie: `min` ≤ n ≤ `max` (< where exclusive), and whole when `integer`. */
export interface NumberLimits {
  integer?: boolean;
  min?: number;
  /** Whether `min` itself is refused (a learning rate is more than 0). */
  exclusiveMin?: boolean;
  max?: number;
  /** Whether `max` itself is refused (a share is less than 1). */
  exclusiveMax?: boolean;
}

/** Catalogue keys of the panel's label and of the line under the field. */
interface Shown {
  label: string;
  doc: string;
}

export interface NumberSetting extends NumberLimits, Partial<Shown> {
  type: 'number';
  min: number;
  // `label`, `doc`: absent for a setting the panel does not show; the doc is the schema's description.
  /** What the panel shows while a file leaves the setting out. */
  default?: number;
  /** The schema keeps it in `definitions/<definition>`, which other places refer to as well. */
  definition?: string;
}

export interface ChoiceSetting<T extends string> extends Shown {
  type: 'choice';
  options: readonly T[];
  /** Catalogue key of each option's name (the option itself is what the file stores). */
  optionLabels: Readonly<Record<T, string>>;
}

/** How many samples an update takes: one of `options`, or `{ miniBatch: k }`. */
export interface BatchSetting extends Shown {
  type: 'batch';
  options: readonly ('full' | 'stochastic')[];
  /** Catalogue keys of the panel's three choices. */
  optionLabels: Readonly<Record<'full' | 'stochastic' | 'mini', string>>;
  /** Samples per update when they are a number; `default`: the panel's first choice. */
  miniBatch: NumberSetting & { default: number };
  /** Catalogue key of the message when a file's batch is none of them. */
  message: string;
}

export type SettingSpec = NumberSetting | ChoiceSetting<string> | BatchSetting;

type Optional<K extends keyof TrainingSettings> = undefined extends TrainingSettings[K]
  ? true
  : false;

/** Each setting of the file's `training` section, in the schema's order; `optional` agrees with types.ts. */
type TrainingSpecs = {
  [K in keyof Required<TrainingSettings>]: (K extends 'optimizer'
    ? ChoiceSetting<OptimizerName>
    : K extends 'batch'
      ? BatchSetting
      : NumberSetting) & { optional: Optional<K> };
};

const shown = (name: string) => ({
  label: tKey(`training.settings.${name}`),
  doc: tKey(`training.settings.${name}Doc`),
});

/** The largest whole number a seed may be: the generator's state is 32 bits. */
const MAX_SEED = 4294967295;

const OPTIMIZERS = Object.keys(OPTIMIZER_SLOTS) as OptimizerName[];

export const TRAINING_SETTINGS = {
  optimizer: {
    type: 'choice',
    options: OPTIMIZERS,
    optionLabels: {
      sgd: tKey('training.optimizer.sgd'),
      momentum: tKey('training.optimizer.momentum'),
      adam: tKey('training.optimizer.adam'),
    },
    optional: false,
    ...shown('optimizer'),
  },
  learningRate: {
    type: 'number',
    min: 0,
    exclusiveMin: true,
    max: 100,
    optional: false,
    ...shown('learningRate'),
  },
  batch: {
    type: 'batch',
    options: ['full', 'stochastic'],
    optionLabels: {
      full: tKey('training.settings.descentFull'),
      stochastic: tKey('training.settings.descentStochastic'),
      mini: tKey('training.settings.descentMini'),
    },
    miniBatch: {
      type: 'number',
      integer: true,
      min: 1,
      max: 1_000_000,
      default: 32,
      ...shown('miniBatch'),
    },
    message: tKey('problems.schema.batch'),
    optional: false,
    label: tKey('training.settings.descent'),
    doc: tKey('training.settings.descentDoc'),
  },
  epochs: {
    type: 'number',
    integer: true,
    min: 1,
    max: 1_000_000,
    optional: false,
    ...shown('epochs'),
  },
  seed: {
    type: 'number',
    integer: true,
    min: 0,
    max: MAX_SEED,
    definition: 'seed',
    optional: false,
    ...shown('seed'),
  },
  l2: { type: 'number', min: 0, max: 100, optional: false, ...shown('l2') },
  // Absent is 0: the panel writes no `l1` for 0.
  l1: { type: 'number', min: 0, max: 100, default: 0, optional: true, ...shown('l1') },
  // The optimizers' constants are the file's to set, not the panel's (the engine's defaults).
  momentum: { type: 'number', min: 0, max: 1, exclusiveMax: true, optional: true },
  beta1: { type: 'number', min: 0, max: 1, exclusiveMax: true, optional: true },
  beta2: { type: 'number', min: 0, max: 1, exclusiveMax: true, optional: true },
  epsilon: { type: 'number', min: 0, exclusiveMin: true, max: 1, optional: true },
  targetLoss: { type: 'number', min: 0, optional: true, ...shown('targetLoss') },
} satisfies TrainingSpecs;

/**
 * The data's validation share (the `data` section, CSV and built-in alike; the panel shows
 * it with the training settings). Its doc depends on the data: the panel words it.
 */
export const VALIDATION_SETTING = {
  type: 'number',
  min: 0,
  max: 1,
  exclusiveMax: true,
  definition: 'fraction',
  label: tKey('training.settings.validation'),
} satisfies NumberSetting;

/**
 * Why `n` is outside `limits`, worded with the field's `label` (already translated), or null
 * when it fits. `n` is finite: the caller has parsed it.
 */
export function numberProblem(label: string, n: number, limits: NumberLimits): string | null {
  const { integer, min, max, exclusiveMin, exclusiveMax } = limits;
  if (integer && !Number.isInteger(n)) return t('common.number.wholeNumber', { label });
  if (min !== undefined && (exclusiveMin ? n <= min : n < min)) {
    const values = { label, min: formatNumber(min) };
    return exclusiveMin ? t('common.number.moreThan', values) : t('common.number.atLeast', values);
  }
  if (max !== undefined && (exclusiveMax ? n >= max : n > max)) {
    const values = { label, max: formatNumber(max) };
    return exclusiveMax ? t('common.number.lessThan', values) : t('common.number.atMost', values);
  }
  return null;
}

/** `numberProblem` for a setting the panel shows, named by its label. */
export function settingProblem(spec: NumberSetting & { label: string }, n: number): string | null {
  return numberProblem(t(spec.label), n, spec);
}
