/**
 * Where the training worker's JavaScript is. A bundled app (the Electron
 * build) ships it beside the main bundle as `training-worker.js`. Run from
 * source (tests, `npm run web`, the CLI), the worker is bundled once with
 * esbuild into a cache folder: Node 20 cannot apply tsx's loader inside a
 * worker thread, so it must be handed plain JavaScript.
 *
 * esbuild is loaded only then, so the bundled app never loads it (nor needs it).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

let cached: URL | null = null;

export function workerUrl(): URL {
  if (cached) return cached;
  const here = dirname(fileURLToPath(import.meta.url));
  if (!import.meta.url.endsWith('.ts')) {
    // out/main/main.js, or a shared chunk in out/main/chunks/ should the bundler move this code.
    for (const shipped of [join(here, 'training-worker.js'), join(here, '../training-worker.js')]) {
      if (existsSync(shipped)) return (cached = pathToFileURL(shipped));
    }
  }
  const { buildSync } = createRequire(import.meta.url)('esbuild') as typeof import('esbuild');
  const outDir = join(here, '../../node_modules/.cache/backprop-studio');
  mkdirSync(outDir, { recursive: true });
  const outfile = join(outDir, `training-worker-${process.pid}.mjs`);
  buildSync({
    entryPoints: [join(here, 'worker.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile,
    logLevel: 'error',
    // papaparse and friends are CommonJS: give the ESM bundle a require().
    banner: {
      js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
    },
  });
  return (cached = pathToFileURL(outfile));
}
