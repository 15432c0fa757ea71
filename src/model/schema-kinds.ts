/**
 * The node-kind part of the JSON Schema, derived from the engine's registry
 * (src/engine/registry.ts) so the file format and the compiler cannot
 * disagree about a kind or a parameter. `src/node/update-schema.ts` writes it
 * into schema/model.schema.json; a test fails when the file is stale.
 */
import { KINDS, type KindSpec, type ParamSpec } from '../engine/registry';
import { i18n } from '../i18n';

/** The schema is published in English whatever the language: descriptions come from the English catalogue. */
const en = i18n.getFixedT('en');

type JsonObject = Record<string, unknown>;

function paramSchema(spec: ParamSpec): JsonObject {
  const out: JsonObject = { description: en(spec.doc) };
  switch (spec.type) {
    case 'int':
    case 'number':
      out.type = spec.type === 'int' ? 'integer' : 'number';
      out.minimum = spec.min;
      if (spec.max !== undefined) out.maximum = spec.max;
      break;
    case 'boolean':
      out.type = 'boolean';
      break;
    case 'enum':
      out.enum = [...spec.options];
      break;
  }
  if (spec.default !== undefined) out.default = spec.default;
  return out;
}

export function kindParamsSchema(kind: KindSpec): JsonObject {
  const out: JsonObject = {
    type: 'object',
    description: en(kind.description),
  };
  const required = kind.params.filter((p) => !p.optional).map((p) => p.name);
  if (required.length) out.required = required;
  out.additionalProperties = false;
  out.properties = Object.fromEntries(kind.params.map((p) => [p.name, paramSchema(p)]));
  return out;
}

/** Returns `schema` with its node-kind parts (kind enum, per-kind params) rebuilt from KINDS. */
export function withKindSchemas(schema: JsonObject): JsonObject {
  const copy = JSON.parse(JSON.stringify(schema)) as JsonObject;
  const defs = copy.definitions as JsonObject;
  const kinds = Object.keys(KINDS) as (keyof typeof KINDS)[];
  defs.params = Object.fromEntries(kinds.map((k) => [k, kindParamsSchema(KINDS[k])]));
  const node = defs.node as JsonObject;
  (node.properties as JsonObject).kind = { enum: kinds };
  node.allOf = kinds.map((k) => ({
    if: { properties: { kind: { const: k } }, required: ['kind'] },
    then: { properties: { params: { $ref: `#/definitions/params/${k}` } } },
  }));
  return copy;
}
