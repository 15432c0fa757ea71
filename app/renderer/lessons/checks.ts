/**
 * The lessons' checks: named predicates over a snapshot of the app's state
 * (`LessonWorld`), each with the parameters it takes. A lesson's content file
 * names a check by id and gives its parameters beside it
 * (`check: runFinished` + `batch: stochastic`), so a teacher reuses these
 * without writing code. `validateTask` says what is wrong with a task (an
 * unknown id, a missing or mistyped parameter) in words a teacher can act on.
 */
import { ACTIVATION_TABLE } from '#src/engine/activations';
import { denseWeights } from '#src/engine/weights';
import type { BatchMode, ModelFile } from '#src/model/types';
import type { BottomTab, TrainingState } from '../store/training';
import { t } from '../common/i18n';

/** What the checks look at: taken from the stores when something changes (world.ts). */
export interface LessonWorld {
  /** The open document as a file would hold it (graph, settings, weights, runs). */
  model: ModelFile;
  /** The training panel's tab. */
  tab: BottomTab;
  training: TrainingState;
  /** Step through: open, the key of the step shown (`backward:dense2`), a finished gradient check. */
  step: { open: boolean; key: string | null; gradientsChecked: boolean };
  /** The probe's sample shown on the canvas (in the data's units). */
  probe: { shown: boolean; values: number[] };
}

export type ParamType = 'string' | 'number' | 'boolean' | 'numbers';
export type ParamValue = string | number | boolean | number[];
export type Params = Record<string, ParamValue>;

export interface ParamSpec {
  type: ParamType;
  optional?: boolean;
  /** The values a string parameter may take. */
  values?: readonly string[];
}

export interface CheckDef {
  params: Record<string, ParamSpec>;
  test(world: LessonWorld, params: Params): boolean;
}

const TABS: readonly BottomTab[] = [
  'loss',
  'weights',
  'gradients',
  'predictions',
  'probe',
  'fit',
  'data',
  'settings',
];
const DESCENTS = ['full', 'stochastic', 'mini'] as const;
const ACTIVATIONS = Object.keys(ACTIVATION_TABLE);

const descentOf = (b: BatchMode) => (typeof b === 'object' ? 'mini' : b);
const near = (a: number, b: number, tolerance: number) => Math.abs(a - b) <= tolerance;

function activations(model: ModelFile): string[] {
  return model.graph.nodes.filter((n) => n.kind === 'activation').map((n) => String(n.params.fn));
}

/** Every check a content file may name. Add one here, with its unit test in checks.test.ts. */
export const CHECKS: Record<string, CheckDef> = {
  /** The training panel shows `tab`. */
  tabOpen: {
    params: { tab: { type: 'string', values: TABS } },
    test: (w, p) => w.tab === p.tab,
  },
  /** Training runs (or is paused) right now. */
  training: {
    params: {},
    test: (w) => w.training === 'running' || w.training === 'paused',
  },
  /**
   * At least `count` (1) runs ran to their end, with `batch` descent if given, and, with
   * `fresh`, from weights drawn from the seed (after Reset weights, or a new document).
   */
  runFinished: {
    params: {
      batch: { type: 'string', optional: true, values: DESCENTS },
      fresh: { type: 'boolean', optional: true },
      count: { type: 'number', optional: true },
    },
    test: (w, p) =>
      (w.model.runs ?? []).filter(
        (r) =>
          r.end === 'done' &&
          (p.batch === undefined || descentOf(r.batch) === p.batch) &&
          (p.fresh !== true || r.fromEpoch === 0),
      ).length >= (typeof p.count === 'number' ? p.count : 1),
  },
  /** The document's training settings use `batch` descent. */
  batchIs: {
    params: { batch: { type: 'string', values: DESCENTS } },
    test: (w, p) => descentOf(w.model.training.batch) === p.batch,
  },
  /** Weight W[row][col] of Dense node `node` (from its trained weights) is `value` ± `tolerance`. */
  weightNear: {
    params: {
      node: { type: 'string' },
      row: { type: 'number', optional: true },
      col: { type: 'number' },
      value: { type: 'number' },
      tolerance: { type: 'number', optional: true },
    },
    test: (w, p) => {
      const W = denseWeights(w.model.weights?.[String(p.node)])?.W;
      const v = W?.[typeof p.row === 'number' ? p.row : 0]?.[Number(p.col)];
      return v !== undefined && near(v, Number(p.value), Number(p.tolerance ?? 0.1));
    },
  },
  /** The last recorded training loss is below `value`. */
  lossBelow: {
    params: { value: { type: 'number' } },
    test: (w, p) => {
      const last = w.model.history?.at(-1);
      return last !== undefined && last.loss < Number(p.value);
    },
  },
  /** The graph has an Activation node with function `fn`. */
  activationIs: {
    params: { fn: { type: 'string', values: ACTIVATIONS } },
    test: (w, p) => activations(w.model).includes(String(p.fn)),
  },
  /** Step through is open and ready. */
  stepOpen: {
    params: {},
    test: (w) => w.step.open && w.step.key !== null,
  },
  /** Step through shows step `key` (`backward:dense2`), or one of its parts (`backward:dense2:W`). */
  stepAt: {
    params: { key: { type: 'string' } },
    test: (w, p) =>
      w.step.open &&
      w.step.key !== null &&
      (w.step.key === p.key || w.step.key.startsWith(`${String(p.key)}:`)),
  },
  /** Check gradients has run and shows its table. */
  gradientsChecked: {
    params: {},
    test: (w) => w.step.gradientsChecked,
  },
  /** The probe's sample is shown on the canvas; with `values`, it is that sample (± 1e-9). */
  probeShown: {
    params: { values: { type: 'numbers', optional: true } },
    test: (w, p) => {
      if (!w.probe.shown) return false;
      const want = p.values;
      if (!Array.isArray(want)) return true;
      return (
        want.length === w.probe.values.length &&
        want.every((v, i) => near(v, w.probe.values[i], 1e-9))
      );
    },
  },
};

function typeOk(value: unknown, spec: ParamSpec): boolean {
  switch (spec.type) {
    case 'string':
      return typeof value === 'string' && (!spec.values || spec.values.includes(value));
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'numbers':
      return Array.isArray(value) && value.every((v) => typeof v === 'number');
  }
}

function describe(spec: ParamSpec): string {
  return spec.values ? spec.values.join(' | ') : spec.type;
}

/** What is wrong with a task's check id and parameters, each problem in words; empty when fine. */
export function validateTask(check: string, params: Record<string, unknown>): string[] {
  const def = Object.hasOwn(CHECKS, check) ? CHECKS[check] : undefined;
  if (!def) {
    return [t('lessons.problems.unknownCheck', { check, known: Object.keys(CHECKS).join(', ') })];
  }
  const problems: string[] = [];
  for (const [name, spec] of Object.entries(def.params)) {
    const value = params[name];
    if (value === undefined) {
      if (!spec.optional) problems.push(t('lessons.problems.missingParam', { check, name }));
    } else if (!typeOk(value, spec)) {
      problems.push(
        t('lessons.problems.badParam', {
          check,
          name,
          value: JSON.stringify(value),
          expected: describe(spec),
        }),
      );
    }
  }
  for (const name of Object.keys(params)) {
    if (!Object.hasOwn(def.params, name)) {
      const known = Object.keys(def.params).join(', ') || '—';
      problems.push(t('lessons.problems.unknownParam', { check, name, known }));
    }
  }
  return problems;
}

/** Whether a valid task's check holds (false for one with problems). */
export function runCheck(check: string, params: Params, world: LessonWorld): boolean {
  const def = Object.hasOwn(CHECKS, check) ? CHECKS[check] : undefined;
  return def ? def.test(world, params) : false;
}
