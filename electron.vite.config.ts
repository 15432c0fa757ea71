/**
 * The desktop build (`electron-vite build` → out/): main (ESM) with the
 * training worker beside it (out/main/training-worker.js), preload
 * (CommonJS, because sandboxed preloads cannot be ES modules) and the renderer.
 */
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import { resolve } from 'node:path';
import { cspMetaTag } from './app/web/vite-csp';

const root = import.meta.dirname;

export default defineConfig({
  main: {
    build: {
      outDir: resolve(root, 'out/main'),
      rolldownOptions: {
        input: {
          main: resolve(root, 'app/main/main.ts'),
          // Training sessions run it in a worker thread; src/training/worker-url.ts looks for it here.
          'training-worker': resolve(root, 'src/training/worker.ts'),
          // The extra threads of a data-parallel run: src/training/threads.ts starts them.
          'shard-worker': resolve(root, 'src/training/shard-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: resolve(root, 'out/preload'),
      rolldownOptions: {
        input: { preload: resolve(root, 'app/main/preload.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'app/renderer'),
    plugins: [react(), cspMetaTag()],
    build: {
      outDir: resolve(root, 'out/renderer'),
      chunkSizeWarningLimit: 2000,
      rolldownOptions: { input: resolve(root, 'app/renderer/index.html') },
    },
  },
});
