// Builds the two browser pages (operator console and player page) that the
// headless server serves. The Electron build (electron.vite.config.ts) builds
// the same pages from the same sources.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { resolve } from 'node:path';

export const rendererRoot = resolve(import.meta.dirname, 'src/renderer');

export default defineConfig({
  root: rendererRoot,
  base: '/',
  plugins: [react()],
  build: {
    outDir: resolve(import.meta.dirname, 'out/renderer'),
    emptyOutDir: true,
    rolldownOptions: {
      input: {
        console: resolve(rendererRoot, 'console/index.html'),
        player: resolve(rendererRoot, 'player/index.html'),
      },
    },
  },
});
