/**
 * The JSON Schema of the model file, version 2 (version-1 files are migrated
 * before they are checked: migrate.ts). schema/model.schema.json is
 * generated from this (`npx tsx src/node/update-schema.ts`), with the
 * node-kind parts rebuilt from the engine registry and the training settings
 * from settings-spec.ts; a test fails when the published file is stale.
 */
import { OPTIMIZER_SLOTS } from '../engine/optimizers';
import { DATA_DEFINITIONS } from './schema-data';
import { withKindSchemas } from './schema-kinds';
import { settingsDefinitions } from './schema-settings';

/** `training`, `seed` and `fraction`, from the settings' spec (settings-spec.ts). */
const SETTINGS = settingsDefinitions();

// The kind enum, the per-kind params and the node allOf are filled in from KINDS.
const BASE_SCHEMA: Record<string, unknown> = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://backprop-studio.local/schema/model.schema.json',
  // The published schema is for editors and tools, in English by design.
  // eslint-disable-next-line no-restricted-syntax -- JSON Schema annotation, not shown in the app
  title: 'Backprop Studio model file (.bpmodel), version 2',
  description:
    // eslint-disable-next-line no-restricted-syntax -- JSON Schema annotation, not shown in the app
    'A network graph, its data set, its training settings and optionally its weights, what training resumes from, and its training history. Version 1 files are read too (migrated on load). docs/model-format.md explains every field.',
  type: 'object',
  required: ['format', 'version', 'name', 'graph', 'data', 'training'],
  additionalProperties: false,
  properties: {
    format: {
      const: 'backprop-studio.model',
    },
    version: {
      const: 2,
    },
    name: {
      type: 'string',
      maxLength: 200,
    },
    graph: {
      $ref: '#/definitions/graph',
    },
    data: {
      $ref: '#/definitions/data',
    },
    training: {
      $ref: '#/definitions/training',
    },
    weights: {
      description:
        // eslint-disable-next-line no-restricted-syntax -- JSON Schema annotation, not shown in the app
        'Parameters keyed by node id, then by parameter name (dense: W units × inputs, b units). Absent: initialise from training.seed.',
      $ref: '#/definitions/tensors',
    },
    resume: {
      $ref: '#/definitions/resume',
    },
    history: {
      type: 'array',
      maxItems: 1000000,
      items: {
        $ref: '#/definitions/epochRecord',
      },
    },
    runs: {
      type: 'array',
      maxItems: 100000,
      items: {
        $ref: '#/definitions/runRecord',
      },
    },
    view: {
      $ref: '#/definitions/view',
    },
  },
  definitions: {
    id: {
      type: 'string',
      minLength: 1,
      maxLength: 200,
    },
    width: {
      type: 'integer',
      minimum: 1,
      maximum: 100000,
    },
    fraction: SETTINGS.fraction,
    seed: SETTINGS.seed,
    graph: {
      type: 'object',
      required: ['nodes', 'edges'],
      additionalProperties: false,
      properties: {
        nodes: {
          type: 'array',
          maxItems: 10000,
          items: {
            $ref: '#/definitions/node',
          },
        },
        edges: {
          type: 'array',
          maxItems: 50000,
          items: {
            $ref: '#/definitions/edge',
          },
        },
      },
    },
    node: {
      type: 'object',
      required: ['id', 'kind', 'params'],
      additionalProperties: false,
      properties: {
        id: {
          $ref: '#/definitions/id',
        },
        kind: {
          enum: [],
        },
        params: {
          type: 'object',
        },
        position: {
          type: 'object',
          required: ['x', 'y'],
          additionalProperties: false,
          properties: {
            x: {
              type: 'number',
            },
            y: {
              type: 'number',
            },
          },
        },
      },
    },
    edge: {
      type: 'object',
      required: ['id', 'source', 'target'],
      additionalProperties: false,
      properties: {
        id: {
          $ref: '#/definitions/id',
        },
        source: {
          $ref: '#/definitions/id',
        },
        target: {
          $ref: '#/definitions/id',
        },
        targetSlot: {
          type: 'integer',
          minimum: 0,
          maximum: 10000,
        },
      },
    },
    ...DATA_DEFINITIONS,
    training: SETTINGS.training,
    tensors: {
      type: 'object',
      propertyNames: {
        $ref: '#/definitions/id',
      },
      additionalProperties: {
        type: 'object',
        propertyNames: {
          $ref: '#/definitions/id',
        },
        additionalProperties: {
          $ref: '#/definitions/tensor',
        },
      },
    },
    tensor: {
      // eslint-disable-next-line no-restricted-syntax -- JSON Schema annotation, not shown in the app
      description: 'Nested lists of numbers, outermost axis first, at most 4 deep.',
      type: 'array',
      items: {
        type: ['number', 'array'],
        items: {
          type: ['number', 'array'],
          items: {
            type: ['number', 'array'],
            items: {
              type: 'number',
            },
          },
        },
      },
    },
    resume: {
      type: 'object',
      description:
        // eslint-disable-next-line no-restricted-syntax -- JSON Schema annotation, not shown in the app
        "What training continues from besides the weights (written with them): the optimizer's memory and the shuffle's position, so a resumed run equals one run bit for bit.",
      required: ['updates', 'passes', 'optimizer', 'shuffle'],
      additionalProperties: false,
      properties: {
        updates: {
          type: 'integer',
          minimum: 0,
        },
        passes: {
          type: 'integer',
          minimum: 0,
        },
        optimizer: {
          type: 'object',
          required: ['name', 't', 'moments'],
          additionalProperties: false,
          properties: {
            name: {
              $ref: '#/definitions/training/properties/optimizer',
            },
            t: {
              type: 'integer',
              minimum: 0,
            },
            moments: {
              type: 'object',
              additionalProperties: false,
              // The buffers every rule keeps (momentum: velocity; adam: m, v).
              properties: Object.fromEntries(
                [...new Set(Object.values(OPTIMIZER_SLOTS).flat())].map((slot) => [
                  slot,
                  { $ref: '#/definitions/tensors' },
                ]),
              ),
            },
          },
        },
        shuffle: {
          type: 'object',
          required: ['seed', 'batch', 'rng', 'order', 'position'],
          additionalProperties: false,
          properties: {
            seed: {
              $ref: '#/definitions/seed',
            },
            batch: {
              type: 'integer',
              minimum: 1,
            },
            rng: {
              type: 'integer',
              minimum: -2147483648,
              maximum: 2147483647,
            },
            spare: {
              type: 'number',
            },
            order: {
              type: 'array',
              maxItems: 10000000,
              items: {
                type: 'integer',
                minimum: 0,
              },
            },
            position: {
              type: 'integer',
              minimum: 0,
            },
          },
        },
        epoch: {
          type: 'object',
          required: ['loss', 'correct', 'seen'],
          additionalProperties: false,
          properties: {
            loss: {
              type: 'number',
            },
            correct: {
              type: 'number',
              minimum: 0,
            },
            seen: {
              type: 'number',
              minimum: 0,
            },
          },
        },
      },
    },
    epochRecord: {
      type: 'object',
      required: ['epoch', 'loss'],
      additionalProperties: false,
      properties: {
        epoch: {
          type: 'integer',
          minimum: 0,
        },
        loss: {
          type: 'number',
        },
        valLoss: {
          type: 'number',
        },
        accuracy: {
          type: 'number',
          minimum: 0,
          maximum: 1,
        },
        valAccuracy: {
          type: 'number',
          minimum: 0,
          maximum: 1,
        },
        run: {
          type: 'integer',
          minimum: 1,
        },
      },
    },
    runRecord: {
      type: 'object',
      required: ['id', 'started', 'optimizer', 'learningRate', 'batch', 'fromEpoch', 'epochs'],
      additionalProperties: false,
      properties: {
        id: {
          type: 'integer',
          minimum: 1,
        },
        started: {
          type: 'string',
          maxLength: 40,
        },
        optimizer: {
          $ref: '#/definitions/training/properties/optimizer',
        },
        learningRate: {
          $ref: '#/definitions/training/properties/learningRate',
        },
        batch: {
          $ref: '#/definitions/training/properties/batch',
        },
        fromEpoch: {
          type: 'integer',
          minimum: 0,
        },
        epochs: {
          type: 'integer',
          minimum: 0,
        },
        finalLoss: {
          type: 'number',
        },
        durationMs: {
          type: 'number',
          minimum: 0,
        },
        end: {
          enum: ['done', 'stopped', 'diverged'],
        },
      },
    },
    view: {
      type: 'object',
      properties: {
        viewport: {
          type: 'object',
          required: ['x', 'y', 'zoom'],
          properties: {
            x: {
              type: 'number',
            },
            y: {
              type: 'number',
            },
            zoom: {
              type: 'number',
              exclusiveMinimum: 0,
            },
          },
        },
        panels: {
          type: 'object',
        },
      },
    },
  },
};

/** The complete schema: the base above with every kind and parameter from KINDS. */
export const MODEL_SCHEMA: Record<string, unknown> = withKindSchemas(BASE_SCHEMA);
