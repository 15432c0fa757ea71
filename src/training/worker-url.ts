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

const cached = new Map<string, URL>();

/** The training session's worker (worker.ts). */
export function workerUrl(): URL {
  return entryUrl('training-worker');
}

/** The extra threads of a data-parallel run (shard-worker.ts). */
export function shardWorkerUrl(): URL {
  return entryUrl('shard-worker');
}

function entryUrl(name: 'training-worker' | 'shard-worker'): URL {
  const known = cached.get(name);
  if (known) return known;
  const remember = (url: URL): URL => (cached.set(name, url), url);
  const here = dirname(fileURLToPath(import.meta.url));
  if (!import.meta.url.endsWith('.ts')) {
    // out/main/main.js, or a shared chunk in out/main/chunks/ should the bundler move this code.
    // (.mjs: the bundle made from source below, which the training worker runs from.)
    for (const shipped of [
      join(here, `${name}.js`),
      join(here, `../${name}.js`),
      join(here, `${name}.mjs`),
    ]) {
      if (existsSync(shipped)) return remember(pathToFileURL(shipped));
    }
  }
  // Both entries into one folder of this process: the training worker, itself bundled there,
  // then finds the shard worker beside it as the shipped app does.
  const { buildSync } = createRequire(import.meta.url)('esbuild') as typeof import('esbuild');
  const outDir = join(here, '../../node_modules/.cache/backprop-studio', String(process.pid));
  mkdirSync(outDir, { recursive: true });
  const outfile = join(outDir, `${name}.mjs`);
  if (!existsSync(outfile)) {
    buildSync({
      entryPoints: {
        'training-worker': join(here, 'worker.ts'),
        'shard-worker': join(here, 'shard-worker.ts'),
      },
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      outdir: outDir,
      outExtension: { '.js': '.mjs' },
      logLevel: 'error',
      // papaparse and friends are CommonJS: give the ESM bundle a require().
      banner: {
        js: "import { createRequire as bpsCreateRequire } from 'node:module'; const require = bpsCreateRequire(import.meta.url);",
      },
    });
  }
  return remember(pathToFileURL(outfile));
}
