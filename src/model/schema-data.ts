/**
 * The model file schema's definitions of the data section (schema.ts puts
 * them in their place): a built-in set, a CSV file, or inline rows.
 */
import { i18n, tKey } from '../i18n';

/** The schema is published in English; its `x-message`s are shown translated (schema-check.ts). */
const en = i18n.getFixedT('en');

/** Column names of a CSV file. */
const COLUMNS = {
  type: 'array',
  minItems: 1,
  maxItems: 100000,
  items: {
    type: 'string',
    minLength: 1,
    maxLength: 200,
  },
};

/** Whether to standardise, the validation share and the shuffle's seed: CSV and inline data alike. */
const SPLIT = {
  standardize: {
    type: 'boolean',
  },
  validation: {
    $ref: '#/definitions/fraction',
  },
  seed: {
    $ref: '#/definitions/seed',
  },
};

export const DATA_DEFINITIONS: Record<string, unknown> = {
  data: {
    type: 'object',
    'x-message': en(tKey('problems.schema.dataSource')),
    oneOf: [
      {
        required: ['builtin'],
      },
      {
        required: ['csv'],
      },
      {
        required: ['inline'],
      },
    ],
    allOf: [
      {
        if: {
          required: ['builtin'],
        },
        then: {
          $ref: '#/definitions/builtinData',
        },
      },
      {
        if: {
          required: ['csv'],
        },
        then: {
          $ref: '#/definitions/csvData',
        },
      },
      {
        if: {
          required: ['inline'],
        },
        then: {
          $ref: '#/definitions/inlineData',
        },
      },
    ],
  },
  builtinData: {
    type: 'object',
    additionalProperties: false,
    properties: {
      builtin: {
        enum: ['article', 'xor', 'circle', 'gauss', 'spiral', 'sine', 'plane', 'iris', 'digits'],
      },
      samples: {
        type: 'integer',
        minimum: 1,
        maximum: 1000000,
      },
      noise: {
        type: 'number',
        minimum: 0,
        maximum: 10,
      },
      seed: {
        $ref: '#/definitions/seed',
      },
      validation: {
        $ref: '#/definitions/fraction',
      },
    },
  },
  csvData: {
    type: 'object',
    required: ['features', 'targets'],
    additionalProperties: false,
    properties: {
      csv: {
        type: 'string',
        minLength: 1,
        maxLength: 4096,
      },
      features: COLUMNS,
      targets: COLUMNS,
      categorical: {
        type: 'boolean',
      },
      ...SPLIT,
    },
  },
  inlineData: {
    type: 'object',
    additionalProperties: false,
    properties: {
      inline: {
        type: 'object',
        required: ['x', 'y'],
        additionalProperties: false,
        properties: {
          x: {
            $ref: '#/definitions/rows',
          },
          y: {
            $ref: '#/definitions/rows',
          },
          features: { $ref: '#/definitions/names' },
          targets: { $ref: '#/definitions/names' },
          classes: { $ref: '#/definitions/names' },
        },
      },
      ...SPLIT,
    },
  },
  names: {
    type: 'array',
    minItems: 1,
    items: { type: 'string' },
  },
  rows: {
    type: 'array',
    minItems: 1,
    items: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'number',
      },
    },
  },
};
