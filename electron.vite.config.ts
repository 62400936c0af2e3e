import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

// Everything Node-side (Electron main, the engine, its parse worker, the browser host and the CLI) is built
// into out/main/ so the worker and the engine entry sit next to the bundles that spawn them.
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          index: resolve('electron/main/index.ts'),
          engine: resolve('electron/engine/entry.ts'),
          host: resolve('electron/engine/host/main.ts'),
          cli: resolve('electron/cli/index.ts'),
          'parse-worker': resolve('electron/engine/parse/worker.ts'),
          'llama-worker': resolve('electron/engine/local/gguf/worker.ts'),
        },
      },
    },
  },
  preload: {
    // A sandboxed preload cannot require packages: bundle zod and the contract into one CommonJS file.
    build: {
      outDir: 'out/preload',
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve('electron/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'renderer',
    build: {
      outDir: 'out/renderer',
      minify: true,
      rollupOptions: { input: { index: resolve('renderer/index.html') } },
    },
    plugins: [react()],
  },
});
