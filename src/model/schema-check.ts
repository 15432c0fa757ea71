/**
 * Checks a parsed value against schema/model.schema.json, with the validator
 * Ajv generated from it ahead of time (validate.generated.js), and turns
 * Ajv's errors into messages a person can act on: the JSON path in dotted
 * form (`graph.nodes[2].params.units`), what is expected and what was found.
 */
import type { ErrorObject } from 'ajv';
import { i18n, t, tKey } from '../i18n';
import type { FileProblem } from './types';
// The schema compiled ahead of time (npm run build:schema): Ajv's own compiler
// uses `new Function`, which the renderer's Content-Security-Policy forbids.
import { validate } from './validate.generated';

/** Every schema violation in `value`, as path-named messages. Empty when it conforms. */
export function schemaProblems(value: unknown): FileProblem[] {
  if (validate(value)) return [];
  const problems: FileProblem[] = [];
  const seen = new Set<string>();
  const errors = validate.errors ?? [];
  // Where "exactly one of" failed, the per-form errors at the same place are noise.
  const oneOfAt = new Set(errors.filter((e) => e.keyword === 'oneOf').map((e) => e.instancePath));
  for (const error of errors) {
    if (
      oneOfAt.has(error.instancePath) &&
      (error.keyword === 'required' || error.keyword === 'additionalProperties')
    ) {
      continue;
    }
    const problem = translate(error, value);
    if (!problem) continue;
    const key = `${problem.path}\u0000${problem.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push(problem);
  }
  return problems;
}

/** `/graph/nodes/2/params` → `graph.nodes[2].params`, using the data to tell array indices from keys. */
export function jsonPath(segments: readonly (string | number)[]): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(segment)) out += out ? `.${segment}` : segment;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out || '(file)';
}

function segmentsOf(instancePath: string, root: unknown): (string | number)[] {
  if (!instancePath) return [];
  const raw = instancePath
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  const out: (string | number)[] = [];
  let node: unknown = root;
  for (const key of raw) {
    if (Array.isArray(node)) {
      const index = Number(key);
      out.push(index);
      node = node[index];
    } else {
      out.push(key);
      node = node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined;
    }
  }
  return out;
}

/** A short description of a value for "got …". */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string') {
    const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value;
    return t('problems.schema.text', { text: JSON.stringify(shown) });
  }
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return t('problems.schema.list', { count: value.length });
  if (typeof value === 'object') return t('problems.schema.anObject');
  return typeof value;
}

const TYPE_NAMES: Record<string, string> = {
  integer: tKey('problems.schema.types.integer'),
  number: tKey('problems.schema.types.number'),
  string: tKey('problems.schema.types.string'),
  object: tKey('problems.schema.types.object'),
  array: tKey('problems.schema.types.array'),
  boolean: tKey('problems.schema.types.boolean'),
  null: tKey('problems.schema.types.null'),
};

function typeName(type: unknown): string {
  if (Array.isArray(type)) return type.map(typeName).join(t('problems.schema.or'));
  const key = TYPE_NAMES[String(type)];
  return key ? t(key) : String(type);
}

function list(values: readonly unknown[]): string {
  return values.map((v) => JSON.stringify(v)).join(', ');
}

/**
 * The schema's `x-message` annotations are English (the schema is published in English): each
 * is one of these keys' English text, shown in the current language.
 */
const X_MESSAGES = [tKey('problems.schema.dataSource'), tKey('problems.schema.batch')];
const en = i18n.getFixedT('en');

function customMessage(text: string): string {
  const key = X_MESSAGES.find((k) => en(k) === text);
  return key ? t(key) : text;
}

function translate(error: ErrorObject, root: unknown): FileProblem | null {
  const { keyword, params, data } = error;
  // Branches of anyOf / oneOf: their parent reports one message (`x-message`).
  if (/\/(anyOf|oneOf)\/\d+\//.test(error.schemaPath)) return null;
  if (keyword === 'if') return null;
  // Errors inside propertyNames: the propertyNames error itself names the key.
  if (error.propertyName !== undefined) return null;
  const segments = segmentsOf(error.instancePath, root);
  const at = jsonPath(segments);
  const parent = (error.parentSchema ?? {}) as Record<string, unknown>;
  const got = describe(data);
  const bound = (op: string) => ({
    path: at,
    message: t(parent.type === 'integer' ? 'problems.schema.boundWhole' : 'problems.schema.bound', {
      op,
      limit: params.limit,
      got,
    }),
  });
  switch (keyword) {
    case 'type':
      return { path: at, message: t('problems.schema.type', { type: typeName(params.type), got }) };
    case 'required':
      return {
        path: jsonPath([...segments, params.missingProperty as string]),
        message: t('problems.schema.missing'),
      };
    case 'additionalProperties': {
      const name = params.additionalProperty as string;
      const allowed = Object.keys((parent.properties as object | undefined) ?? {});
      return {
        path: jsonPath([...segments, name]),
        message: allowed.length
          ? t('problems.schema.unknownField', { allowed: allowed.join(', ') })
          : t('problems.schema.noField'),
      };
    }
    case 'enum': {
      const options = params.allowedValues as unknown[];
      if (segments[segments.length - 1] === 'kind') {
        return {
          path: at,
          message: t('problems.schema.unknownKind', {
            kind: JSON.stringify(data),
            kinds: options.join(', '),
          }),
        };
      }
      return { path: at, message: t('problems.schema.oneOf', { options: list(options), got }) };
    }
    case 'const':
      return {
        path: at,
        message: t('problems.schema.const', { value: JSON.stringify(params.allowedValue), got }),
      };
    case 'minimum':
      return bound('≥');
    case 'maximum':
      return bound('≤');
    case 'exclusiveMinimum':
      return bound('>');
    case 'exclusiveMaximum':
      return bound('<');
    case 'minItems':
      return {
        path: at,
        message: t('problems.schema.minItems', {
          count: params.limit as number,
          got: (data as unknown[]).length,
        }),
      };
    case 'maxItems':
      return {
        path: at,
        message: t('problems.schema.maxItems', {
          max: params.limit,
          got: (data as unknown[]).length,
        }),
      };
    case 'minLength':
      return {
        path: at,
        message:
          params.limit === 1
            ? t('problems.schema.notEmpty')
            : t('problems.schema.minLength', { min: params.limit }),
      };
    case 'maxLength':
      return { path: at, message: t('problems.schema.maxLength', { max: params.limit }) };
    case 'propertyNames':
      return {
        path: jsonPath([...segments, params.propertyName as string]),
        message: t('problems.schema.badId'),
      };
    case 'anyOf':
    case 'oneOf': {
      const custom = parent['x-message'];
      return {
        path: at,
        message: typeof custom === 'string' ? customMessage(custom) : t('problems.schema.noForm'),
      };
    }
    default:
      return { path: at, message: error.message ?? t('problems.schema.invalid') };
  }
}
