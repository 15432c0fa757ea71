/**
 * The training-settings part of the JSON Schema, made from settings-spec.ts
 * (as schema-kinds.ts makes the node-kind part from the engine's registry),
 * so the file format and the settings panel cannot disagree about a limit.
 */
import { i18n } from '../i18n';
import {
  TRAINING_SETTINGS,
  VALIDATION_SETTING,
  type NumberSetting,
  type SettingSpec,
} from './settings-spec';

/** The schema is published in English whatever the language. */
const en = i18n.getFixedT('en');

type JsonObject = Record<string, unknown>;

function numberSchema(spec: NumberSetting): JsonObject {
  const out: JsonObject = {};
  if (spec.doc) out.description = en(spec.doc);
  out.type = spec.integer ? 'integer' : 'number';
  out[spec.exclusiveMin ? 'exclusiveMinimum' : 'minimum'] = spec.min;
  if (spec.max !== undefined) out[spec.exclusiveMax ? 'exclusiveMaximum' : 'maximum'] = spec.max;
  return out;
}

function settingSchema(spec: SettingSpec, definitions: JsonObject): JsonObject {
  switch (spec.type) {
    case 'number':
      if (!spec.definition) return numberSchema(spec);
      definitions[spec.definition] = numberSchema({ ...spec, doc: undefined });
      return { $ref: `#/definitions/${spec.definition}` };
    case 'choice':
      return { ...(spec.doc && { description: en(spec.doc) }), enum: [...spec.options] };
    case 'batch':
      return {
        ...(spec.doc && { description: en(spec.doc) }),
        'x-message': en(spec.message),
        anyOf: [
          { enum: [...spec.options] },
          {
            type: 'object',
            required: ['miniBatch'],
            additionalProperties: false,
            properties: { miniBatch: settingSchema(spec.miniBatch, definitions) },
          },
        ],
      };
  }
}

/**
 * The definitions the settings make: `training`, and `seed` and `fraction`, which the data
 * section refers to as well.
 */
export function settingsDefinitions(): JsonObject {
  const definitions: JsonObject = {};
  settingSchema(VALIDATION_SETTING, definitions);
  const entries = Object.entries(TRAINING_SETTINGS) as [
    string,
    SettingSpec & { optional: boolean },
  ][];
  const properties = Object.fromEntries(
    entries.map(([name, spec]) => [name, settingSchema(spec, definitions)]),
  );
  definitions.training = {
    type: 'object',
    required: entries.filter(([, spec]) => !spec.optional).map(([name]) => name),
    additionalProperties: false,
    properties,
  };
  return definitions;
}
