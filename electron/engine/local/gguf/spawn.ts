// How the engine starts its model process. A child process rather than a worker thread: exiting it is the
// one sure way to hand all of llama.cpp's memory back, and a native crash or the out-of-memory killer takes
// it down without the engine. From source (tests, tsx) the entry is worker.ts behind a bootstrap that
// registers tsx; in the build it is llama-worker.js, bundled next to the module that spawns it.
import { type ChildProcess, fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export function forkLlamaWorker(extraEnv: NodeJS.ProcessEnv = {}): ChildProcess {
  const here = fileURLToPath(import.meta.url);
  const dir = path.dirname(here);
  const options = {
    // Not the parent's flags (a test runner's loaders, --inspect…): the child is a plain Node process.
    execArgv: [],
    // Structured clone: vectors cross as Float32Array.
    serialization: 'advanced' as const,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'] as ('ignore' | 'pipe' | 'ipc')[],
    // Under Electron (the engine's utility process) process.execPath is Electron itself: run it as Node.
    env: { ...process.env, ...extraEnv, ELECTRON_RUN_AS_NODE: '1' },
  };
  if (here.endsWith('.ts')) {
    return fork(path.join(dir, 'worker-bootstrap.mjs'), [pathToFileURL(path.join(dir, 'worker.ts')).href], options);
  }
  // The bundler may put this module in out/main/chunks/: the worker entry is in out/main/.
  const entry = [path.join(dir, 'llama-worker.js'), path.join(dir, '..', 'llama-worker.js')].find((f) => existsSync(f));
  if (!entry) throw new Error(`llama-worker.js was not found next to ${dir}: rebuild with npm run build.`);
  return fork(entry, [], options);
}
