/**
 * One registry of node kinds. The compiler validates parameters with it, the
 * file format builds its schema from it, and the editor's palette and
 * inspector render from it, so a kind is described in exactly one place.
 */
import { formatNumber, t } from '../i18n';
import type { NodeKind } from './graph';
import { OPS } from './ops';
import type { KindSpec } from './ops/spec';

export type { ParamSpec, KindSpec } from './ops/spec';
export { LIMITS, ACTIVATIONS, LOSSES, INITIALIZERS } from './ops/spec';

/** Each kind's description, taken from its op module. */
export const KINDS = Object.fromEntries(
  Object.entries(OPS).map(([kind, op]) => [kind, op.spec]),
) as Record<NodeKind, KindSpec>;

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
