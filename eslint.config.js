// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import i18next from 'eslint-plugin-i18next';
import { importX } from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

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

/**
 * `no-restricted-imports` options refusing Node built-ins, UI libraries and/or Electron;
 * `app`: the file is in app/, which imports src/ as `#src/…` (package.json "imports").
 */
function banned(message, { node = false, ui = false, electron = false, app = false }) {
  const paths = [
    ...(node ? nodeBuiltins : []),
    ...(ui ? ['react', 'react-dom'] : []),
    ...(electron ? ['electron'] : []),
  ].map((name) => ({ name, message }));
  const group = [
    ...(node ? ['node:*', ...nodeBuiltins.map((name) => `${name}/*`)] : []),
    ...(ui ? ['react-*', 'react/*', 'react-dom/*', '@xyflow/*', '@radix-ui/*'] : []),
    ...(electron ? ['electron/*'] : []),
  ];
  return {
    paths,
    patterns: [
      ...(group.length > 0 ? [{ group, message }] : []),
      ...(app
        ? [
            {
              regex: '^(\\.\\./)+src/',
              message:
                'app/ imports src/ as #src/… (node scripts/alias-src-imports.mjs rewrites relative ones).',
            },
          ]
        : []),
    ],
  };
}

/** Options with one more pattern. */
const withPattern = (options, pattern) => ({
  ...options,
  patterns: [...options.patterns, pattern],
});

/**
 * ARCHITECTURE.md's import table, row by row, on resolved files (so `#src/…` and
 * `'../../src/…'` are the same import). `target` is the importing layer, `from`
 * what it must not import; `except` is relative to `from`. Packages and Node
 * built-ins are refused per layer by `no-restricted-imports` below.
 */
const src = (...names) => names.map((name) => `./src/${name}`);
const NODE_SIDE_TRAINING = src(
  'training/worker.ts',
  'training/session.ts',
  'training/worker-url.ts',
);
const PURE_TRAINING = src(
  'training/runner.ts',
  'training/trace.ts',
  'training/frame.ts',
  'training/protocol.ts',
  'training/ending.ts',
  'training/measure.ts',
);
const LAYER_ZONES = [
  {
    target: './src/engine',
    from: [...src('model', 'training', 'teaching', 'interop', 'node', 'cli'), './app'],
    message: 'src/engine is the bottom layer: it imports nothing else of the project but src/i18n.',
  },
  {
    target: './src/model',
    from: [...src('training', 'teaching', 'interop', 'node', 'cli'), './app'],
    message: 'src/model imports only src/engine and src/i18n.',
  },
  {
    target: PURE_TRAINING,
    from: [...src('teaching', 'interop', 'node', 'cli'), ...NODE_SIDE_TRAINING, './app'],
    message:
      'The pure training modules (runner, measure, trace, frame, protocol, ending) import only src/engine, src/model and src/i18n.',
  },
  {
    target: './src/teaching',
    from: [...src('training', 'interop', 'node', 'cli'), './app'],
    message: 'src/teaching imports only src/engine, src/model and src/i18n.',
  },
  {
    target: './src/interop',
    from: [...src('training', 'teaching', 'node', 'cli'), './app'],
    message: 'src/interop imports only src/engine, src/model and src/i18n.',
  },
  {
    target: [...NODE_SIDE_TRAINING, './src/node', './src/cli'],
    from: './app',
    message: 'src/ never imports app/.',
  },
  {
    target: './src/i18n',
    from: [...src('engine', 'model', 'training', 'teaching', 'interop', 'node', 'cli'), './app'],
    message: 'src/i18n is imported by every layer and imports none of them.',
  },
  {
    target: './app/shared',
    from: ['./app/main', './app/renderer', './app/services', './app/web'],
    message:
      'app/shared is the contract between the hosts and the renderer: it imports only itself.',
  },
  {
    target: './app/services',
    from: ['./app/main', './app/renderer', './app/web'],
    message:
      'app/services imports src/ and app/shared only (the hosts import it, not the reverse).',
  },
  {
    target: './app/web',
    from: ['./app/main', './app/renderer'],
    message: 'app/web imports src/, app/shared and app/services only.',
  },
  {
    target: './app/main',
    from: ['./app/renderer', './app/web'],
    message: 'app/main imports src/, app/shared and app/services; never the renderer.',
  },
  {
    target: './app/renderer',
    from: ['./app/main', './app/services', './app/web', ...src('node', 'cli')],
    message: 'The renderer talks to the Host surface (app/shared), never to Node-side modules.',
  },
  {
    target: './app/renderer',
    from: './src/training',
    except: ['./frame.ts', './ending.ts'],
    message:
      'The renderer reads training frames (src/training/frame.ts, ending.ts); sessions run in the host.',
  },
  {
    target: './app/renderer',
    from: './src/interop',
    except: ['./format-info.ts'],
    message:
      'The renderer reads format names from src/interop/format-info; converting happens in the host.',
  },
];

/**
 * The renderer's layers (ARCHITECTURE.md, "The renderer's layers"), bottom to top: common/,
 * store/, actions/, files/, then the feature folders, which import those four and never each
 * other; App.tsx and main.tsx compose the features, host/ stands apart (main.tsx picks one).
 */
const RENDERER_FEATURES = [
  'canvas',
  'nodes',
  'panels',
  'teaching',
  'training',
  'lessons',
  'datapanel',
  'dialogs',
  'interop',
  'topbar',
];
/** A renderer folder `target` may import only itself and the folders in `below`. */
const rendererZone = (target, below, message) => ({
  target: `./app/renderer/${target}`,
  from: './app/renderer',
  except: [target, ...below].map((name) => `./${name}`),
  message,
});
const RENDERER_ZONES = [
  rendererZone(
    'host',
    [],
    'renderer/host/ (the Host clients) imports app/shared and src/i18n only; main.tsx picks one.',
  ),
  rendererZone(
    'common',
    [],
    'renderer/common/ is the bottom layer (doors to src/, the frame bus, shared components): it imports no other renderer folder.',
  ),
  rendererZone('store', ['common'], 'renderer/store/ (window state) imports common/ only.'),
  rendererZone(
    'actions',
    ['common', 'store'],
    'renderer/actions/ (the command registry) imports common/ and store/ only; features register into it.',
  ),
  rendererZone(
    'files',
    ['common', 'store', 'actions'],
    'renderer/files/ (open, save, recovery copies) imports common/, store/ and actions/ only; features hook in (afterFileOpened).',
  ),
  ...RENDERER_FEATURES.map((feature) =>
    rendererZone(
      feature,
      ['common', 'store', 'actions', 'files'],
      `renderer/${feature}/ is a feature: it imports common/, store/, actions/ and files/, never another feature or App. Move a shared piece to common/ or store/, or let App pass it in (a prop, a slot: common/faces.ts).`,
    ),
  ),
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
    // Layers (ARCHITECTURE.md, "Import rules") and no cycles. A cycle through `import type`
    // only is allowed: it is erased at compile time and orders no module evaluation.
    files: ['**/*.{ts,tsx,js,mjs}'],
    plugins: { 'import-x': importX },
    settings: {
      ...importX.flatConfigs.typescript.settings,
      'import-x/resolver': undefined,
      'import-x/resolver-next': [
        createTypeScriptImportResolver({
          project: ['tsconfig.node.json', 'tsconfig.web.json', 'tsconfig.e2e.json'],
          noWarnOnMultipleProjects: true,
        }),
      ],
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
    },
  },
  {
    // Tests and test helpers may reach across layers to set a scene up.
    files: ['src/**/*.ts', 'app/**/*.{ts,tsx}'],
    ignores: ['**/*.test.{ts,tsx}', '**/testing/**'],
    rules: {
      'import-x/no-restricted-paths': ['error', { zones: [...LAYER_ZONES, ...RENDERER_ZONES] }],
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
  // Packages and Node built-ins, layer by layer (the project's own layers are LAYER_ZONES above).
  // One block per file: a later block's no-restricted-imports would replace an earlier one's.
  {
    // The engine runs everywhere: main process, worker, renderer, tests.
    files: ['src/engine/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        banned('src/engine must not use Node built-ins, UI libraries or Electron.', {
          node: true,
          ui: true,
          electron: true,
        }),
      ],
    },
  },
  {
    // The model file code runs in the renderer too (src/node has the file I/O).
    files: ['src/model/**/*.ts'],
    ignores: ['src/model/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        banned('src/model must not use Node built-ins or Electron; put file access in src/node.', {
          node: true,
          electron: true,
        }),
      ],
    },
  },
  {
    // Export and import converters (issue 14) are pure: src/node and the CLI read and write the files.
    files: ['src/interop/**/*.ts'],
    ignores: ['src/interop/**/*.test.ts', 'src/interop/testing/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        banned('src/interop must stay pure; put file access in src/node.', {
          node: true,
          ui: true,
          electron: true,
        }),
      ],
    },
  },
  {
    // Step mode's steps run in the renderer and in tests: no Node, no UI.
    files: ['src/teaching/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        banned('src/teaching must stay pure.', { node: true, ui: true, electron: true }),
      ],
    },
  },
  {
    // The frame codec and the runner are read by the renderer and run in a worker: keep them pure.
    files: PURE_TRAINING.map((path) => path.slice(2)),
    rules: {
      'no-restricted-imports': [
        'error',
        banned('This module is shared with the renderer: no Node built-ins, UI or Electron.', {
          node: true,
          ui: true,
          electron: true,
        }),
      ],
    },
  },
  {
    // The Node side of src/: Node yes, Electron and UI no (the CLI and the web host run it too).
    files: [
      ...NODE_SIDE_TRAINING.map((path) => path.slice(2)),
      'src/node/**/*.ts',
      'src/cli/**/*.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        banned('src/ runs without Electron and without a UI.', { ui: true, electron: true }),
      ],
    },
  },
  {
    // The catalogue is loaded everywhere, the renderer included.
    files: ['src/i18n/**/*.ts'],
    ignores: ['src/i18n/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        banned('src/i18n must not use Node built-ins, UI libraries or Electron.', {
          node: true,
          ui: true,
          electron: true,
        }),
      ],
    },
  },
  {
    // The contract between the hosts and the renderer: types from src/, pure constants.
    files: ['app/shared/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        withPattern(
          banned('app/shared is loaded by every host and the renderer: no Node, UI or Electron.', {
            node: true,
            ui: true,
            electron: true,
            app: true,
          }),
          {
            regex: '^#src/',
            allowTypeImports: true,
            message: 'app/shared takes only types from src/ (`import type`): no runtime code.',
          },
        ),
      ],
    },
  },
  {
    // The services and the web host run under Node for every host: no Electron, no UI.
    files: ['app/services/**/*.ts', 'app/web/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        banned('app/services and app/web run without Electron and without React.', {
          ui: true,
          electron: true,
          app: true,
        }),
      ],
    },
  },
  {
    files: ['app/main/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        banned('app/main is the Electron main process: no React or UI libraries.', {
          ui: true,
          app: true,
        }),
      ],
    },
  },
  {
    // The renderer only talks to the Host surface: no Node, no Electron.
    files: ['app/renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        banned('The renderer talks to the Host surface: no Node built-ins, no Electron.', {
          node: true,
          electron: true,
          app: true,
        }),
      ],
    },
  },
  {
    // Every user-facing string goes through the catalogue (src/i18n): text and
    // the attributes people read in JSX, and the properties that carry words
    // to a person (labels, titles, messages) anywhere in the program.
    files: ['app/**/*.{ts,tsx}', 'src/**/*.ts'],
    ignores: [
      '**/*.test.{ts,tsx}',
      '**/testing/**',
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
