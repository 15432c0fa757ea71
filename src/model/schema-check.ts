/**
 * Checks a parsed value against schema/model.schema.json, with the validator
 * Ajv generated from it ahead of time (validate.generated.js), and turns
 * Ajv's errors into messages a person can act on: the JSON path in dotted
 * form (`graph.nodes[2].params.units`), what is expected and what was found.
 */
import type { ErrorObject } from 'ajv';
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
    return `the text ${JSON.stringify(shown)}`;
  }
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : String(value);
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (typeof value === 'object') return 'an object';
  return typeof value;
}

const TYPE_NAMES: Record<string, string> = {
  integer: 'a whole number',
  number: 'a finite number',
  string: 'text',
  object: 'an object',
  array: 'a list',
  boolean: 'true or false',
  null: 'null',
};

function typeName(type: unknown): string {
  if (Array.isArray(type)) return type.map(typeName).join(' or ');
  return TYPE_NAMES[String(type)] ?? String(type);
}

function list(values: readonly unknown[]): string {
  return values.map((v) => JSON.stringify(v)).join(', ');
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
  const whole = parent.type === 'integer' ? 'a whole number ' : '';
  switch (keyword) {
    case 'type':
      return { path: at, message: `must be ${typeName(params.type)}, got ${describe(data)}` };
    case 'required':
      return {
        path: jsonPath([...segments, params.missingProperty as string]),
        message: 'is missing',
      };
    case 'additionalProperties': {
      const name = params.additionalProperty as string;
      const allowed = Object.keys((parent.properties as object | undefined) ?? {});
      const hint = allowed.length
        ? `; allowed here: ${allowed.join(', ')}`
        : '; nothing is allowed here';
      return { path: jsonPath([...segments, name]), message: `unknown field${hint}` };
    }
    case 'enum': {
      const options = params.allowedValues as unknown[];
      if (segments[segments.length - 1] === 'kind') {
        return {
          path: at,
          message: `unknown node kind ${JSON.stringify(data)}; known kinds: ${options.join(', ')}`,
        };
      }
      return { path: at, message: `must be one of ${list(options)}, got ${describe(data)}` };
    }
    case 'const':
      return {
        path: at,
        message: `must be ${JSON.stringify(params.allowedValue)}, got ${describe(data)}`,
      };
    case 'minimum':
      return { path: at, message: `must be ${whole}≥ ${params.limit}, got ${describe(data)}` };
    case 'maximum':
      return { path: at, message: `must be ${whole}≤ ${params.limit}, got ${describe(data)}` };
    case 'exclusiveMinimum':
      return { path: at, message: `must be ${whole}> ${params.limit}, got ${describe(data)}` };
    case 'exclusiveMaximum':
      return { path: at, message: `must be ${whole}< ${params.limit}, got ${describe(data)}` };
    case 'minItems':
      return {
        path: at,
        message: `must have at least ${params.limit} item${params.limit === 1 ? '' : 's'}, got ${(data as unknown[]).length}`,
      };
    case 'maxItems':
      return {
        path: at,
        message: `must have at most ${params.limit} items, got ${(data as unknown[]).length}`,
      };
    case 'minLength':
      return {
        path: at,
        message:
          params.limit === 1 ? 'must not be empty' : `must be at least ${params.limit} characters`,
      };
    case 'maxLength':
      return { path: at, message: `must be at most ${params.limit} characters long` };
    case 'propertyNames':
      return {
        path: jsonPath([...segments, params.propertyName as string]),
        message: 'is not a valid id (1 to 200 characters)',
      };
    case 'anyOf':
    case 'oneOf': {
      const custom = parent['x-message'];
      return {
        path: at,
        message: typeof custom === 'string' ? `${custom}` : `does not match any allowed form`,
      };
    }
    default:
      return { path: at, message: error.message ?? 'is not valid' };
  }
}
