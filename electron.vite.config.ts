// The desktop build: a thin Electron shell (src/main/index.ts), a minimal
// preload, and the same two browser pages the headless server serves.
import { defineConfig } from 'electron-vite';
import { resolve } from 'node:path';
import web, { rendererRoot } from './vite.web.config.ts';

export default defineConfig({
  main: {
    build: {
      externalizeDeps: true,
      rolldownOptions: {
        input: {
          index: resolve(import.meta.dirname, 'src/main/index.ts'),
          // The beacon check's worker thread: a file of its own beside index.js (src/main/beacon/beacon-verifier.ts).
          'beacon-worker': resolve(import.meta.dirname, 'src/main/beacon/beacon-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      rolldownOptions: {
        input: { index: resolve(import.meta.dirname, 'src/preload/index.ts') },
        // Sandboxed preloads must be CommonJS.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: { ...web, root: rendererRoot },
});
