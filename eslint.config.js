// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import i18next from 'eslint-plugin-i18next';

const nodeBuiltins = [
  'fs',
  'path',
  'os',
  'child_process',
  'worker_threads',
  'http',
  'https',
  'net',
  'crypto',
  'url',
  'stream',
  'events',
  'util',
  'zlib',
  'buffer',
  'process',
  'readline',
  'module',
  'perf_hooks',
];

// Files whose text is not yet in the catalogue (issue 12 empties this list).
const UNTRANSLATED = [
  'app/main/main.ts',
  'app/main/menu.ts',
  'app/renderer/actions/editor.ts',
  'app/renderer/actions/layout.ts',
  'app/renderer/actions/training.ts',
  'app/renderer/canvas/Canvas.tsx',
  'app/renderer/canvas/ShapeEdge.tsx',
  'app/renderer/data.ts',
  'app/renderer/datapanel/DataDialog.tsx',
  'app/renderer/datapanel/actions.ts',
  'app/renderer/dialogs/Dialogs.tsx',
  'app/renderer/dialogs/FilePicker.tsx',
  'app/renderer/dialogs/QuickAdd.tsx',
  'app/renderer/dialogs/RecoveryDialog.tsx',
  'app/renderer/nodes/AddNode.tsx',
  'app/renderer/nodes/ConcatNode.tsx',
  'app/renderer/nodes/DenseNode.tsx',
  'app/renderer/nodes/InputNode.tsx',
  'app/renderer/nodes/LossNode.tsx',
  'app/renderer/nodes/NodeShell.tsx',
  'app/renderer/panels/Details.tsx',
  'app/renderer/panels/Inspector.tsx',
  'app/renderer/panels/Palette.tsx',
  'app/renderer/panels/Problems.tsx',
  'app/renderer/teaching/data/DataPanel.tsx',
  'app/renderer/teaching/data/DataTable.tsx',
  'app/renderer/teaching/data/table.ts',
  'app/renderer/teaching/fit/FitPanel.tsx',
  'app/renderer/teaching/neuron/DenseTools.tsx',
  'app/renderer/teaching/neuron/NeuronView.tsx',
  'app/renderer/teaching/probe/CanvasValues.tsx',
  'app/renderer/teaching/probe/ProbePanel.tsx',
  'app/renderer/teaching/step/StepPanel.tsx',
  'app/renderer/teaching/step/actions.ts',
  'app/renderer/teaching/warnings/Warnings.tsx',
  'app/renderer/topbar/TopBar.tsx',
  'app/renderer/training/BottomPanel.tsx',
  'app/renderer/training/CanvasOverlay.tsx',
  'app/renderer/training/Plots.tsx',
  'app/renderer/training/PredictionsPanel.tsx',
  'app/renderer/training/Progress.tsx',
  'app/renderer/training/SettingsPanel.tsx',
  'app/renderer/training/TrainingControls.tsx',
  'app/renderer/training/UpdateWalk.tsx',
  'app/renderer/training/pace.ts',
  'app/services/documents.ts',
  'src/engine/compile.ts',
  'src/engine/registry.ts',
  'src/model/data-import.ts',
  'src/model/datasets.ts',
  'src/model/examples.ts',
  'src/model/network.ts',
  'src/model/parse.ts',
  'src/model/schema-check.ts',
  'src/model/schema.ts',
  'src/node/model-files.ts',
  'src/teaching/steps.ts',
];

export default tseslint.config(
  {
    ignores: [
      'node_modules',
      'dist',
      'out',
      'release',
      'test-results',
      'playwright-report',
      'e2e/artifacts',
      '**/e2e/artifacts/**',
      'src/engine/kernels/*.generated.ts',
      'src/model/*.generated.js',
      'src/engine/kernels/assembly/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['app/renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    // The engine runs everywhere: main process, worker, renderer, tests.
    files: ['src/engine/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...nodeBuiltins.map((name) => ({
              name,
              message: 'src/engine must not use Node built-ins.',
            })),
            { name: 'react', message: 'src/engine must not import React.' },
            { name: 'electron', message: 'src/engine must not import Electron.' },
          ],
          patterns: [
            { group: ['node:*'], message: 'src/engine must not use Node built-ins.' },
            {
              group: ['**/app/**', '../../app/*'],
              message: 'src/engine must not import from app/.',
            },
            {
              group: ['**/model/*', '**/training/*', '**/node/*', '**/cli/*'],
              message: 'src/engine is the bottom layer: it imports nothing else of the project.',
            },
            {
              group: ['react-*', '@xyflow/*'],
              message: 'src/engine must not import UI libraries.',
            },
          ],
        },
      ],
    },
  },
  {
    // The model file code runs in the renderer too: no Node built-ins (src/node has the file I/O).
    files: ['src/model/**/*.ts'],
    ignores: ['src/model/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...nodeBuiltins.map((name) => ({
              name,
              message: 'src/model must not use Node built-ins; put file access in src/node.',
            })),
            { name: 'electron', message: 'src/model must not import Electron.' },
          ],
          patterns: [
            {
              group: ['node:*'],
              message: 'src/model must not use Node built-ins; put file access in src/node.',
            },
            {
              group: ['**/app/**', '**/node/*', '**/cli/*'],
              message: 'src/model must not import from app/, src/node or src/cli.',
            },
          ],
        },
      ],
    },
  },
  {
    // Export and import converters (issue 14) are pure: src/node and the CLI read and write the files.
    files: ['src/interop/**/*.ts'],
    ignores: ['src/interop/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({
            name,
            message: 'src/interop must stay pure; put file access in src/node.',
          })),
          patterns: [
            {
              group: ['node:*', 'react', 'react-*', '@xyflow/*', 'electron'],
              message: 'src/interop must stay pure; put file access in src/node.',
            },
            {
              group: ['**/app/**', '**/node/*', '**/cli/*', '**/training/*', '**/teaching/*'],
              message: 'src/interop imports only src/engine, src/model and src/i18n.',
            },
          ],
        },
      ],
    },
  },
  {
    // Step mode's steps run in the renderer and in tests: engine and model only, no Node, no UI.
    files: ['src/teaching/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({ name, message: 'src/teaching must stay pure.' })),
          patterns: [
            {
              group: ['node:*', 'react', 'react-*', '@xyflow/*', 'electron'],
              message: 'src/teaching must stay pure.',
            },
            {
              group: ['**/app/**', '**/node/*', '**/cli/*', '**/training/*'],
              message: 'src/teaching imports only src/engine and src/model.',
            },
          ],
        },
      ],
    },
  },
  {
    // The frame codec and the runner are read by the renderer and run in a worker: keep them pure.
    files: [
      'src/training/frame.ts',
      'src/training/runner.ts',
      'src/training/trace.ts',
      'src/training/protocol.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*'],
              message: 'This module is shared with the renderer: no Node built-ins.',
            },
            {
              group: ['**/app/**', '**/node/*', '**/cli/*'],
              message: 'Pure training code imports only src/engine and src/model.',
            },
          ],
        },
      ],
    },
  },
  {
    // The renderer only talks to the Host surface: no Node, no Electron.
    files: ['app/renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'The renderer talks to the Host surface, not Electron.' },
          ],
          patterns: [{ group: ['node:*'], message: 'The renderer must not use Node built-ins.' }],
        },
      ],
    },
  },
  {
    // Every user-facing string goes through the catalogue (src/i18n): text and
    // the attributes people read in JSX, and the properties that carry words
    // to a person (labels, titles, messages) anywhere in the program.
    files: ['app/**/*.{ts,tsx}', 'src/**/*.ts'],
    ignores: [
      ...UNTRANSLATED,
      '**/*.test.{ts,tsx}',
      'src/i18n/**',
      'src/engine/kernels/**',
      'bench/**',
      'e2e/**',
    ],
    plugins: { i18next },
    rules: {
      'i18next/no-literal-string': [
        'error',
        {
          mode: 'jsx-only',
          'jsx-attributes': {
            include: [
              'title',
              'label',
              'aria-label',
              'aria-description',
              'aria-roledescription',
              'aria-valuetext',
              'placeholder',
              'alt',
              'confirmLabel',
              'message',
              'hint',
            ],
          },
          words: { exclude: ['[0-9!-/:-@[-`{-~\\s×·—–…→←↑↓Σσδλ∂ŷ₀-₉⁰-⁹]+', '[A-Z_-]+'] },
        },
      ],
      'no-restricted-syntax': [
        'error',
        ...['Literal', 'TemplateLiteral']
          .map((node) => ({
            selector: `Property[key.name=/^(label|title|message|confirmLabel|intro|detail|hint|description|tooltip|placeholder|text)$/] > ${node}[value=/[A-Za-z]{2}/], Property[key.name=/^(label|title|message|confirmLabel|intro|detail|hint|description|tooltip|placeholder|text)$/] > TemplateLiteral > TemplateElement[value.raw=/[A-Za-z]{2}/]`,
            message: "User-facing text goes through the catalogue: t('area.key') (src/i18n).",
          }))
          .slice(0, 1),
      ],
    },
  },
);
