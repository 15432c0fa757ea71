/**
 * The renderer built for the browser host (`npm run build:web` → dist/web),
 * served by app/web/server.ts. The desktop build is electron.vite.config.ts.
 */
import react from '@vitejs/plugin-react';
import { resolve } from 'node:path';
import { defineConfig } from 'vite';
import { cspMetaTag } from './app/web/vite-csp';

const root = import.meta.dirname;

export default defineConfig({
  root: resolve(root, 'app/renderer'),
  base: './',
  plugins: [react(), cspMetaTag()],
  build: {
    outDir: resolve(root, 'dist/web'),
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 2000,
  },
});
