// The models on this machine as `lucarne models` and the app's model list show them: the folders scanned
// (Lucarne's own, the well-known ones or LUCARNE_MODEL_DIRS, the user's), each GGUF read from its header,
// and the memory each would need against the memory free now.
import { stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { estimateMemory, type MemoryEstimate } from './memory';
import { type ModelFolder, modelFolders } from './folders';
import { type FoundModel, scanModels } from './scan';

export type ListedModel = FoundModel & { memory: MemoryEstimate | null };

export interface ModelsJson {
  version: 1;
  folders: (ModelFolder & { exists: boolean })[];
  models: ListedModel[];
}

export interface ListModelsOptions {
  dataDir: string;
  /** Folders to scan besides the usual ones. */
  dirs?: readonly string[];
  /** Files to list as they are (added by the user). */
  files?: readonly string[];
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  home?: string;
  freeMemory?: () => number;
  signal?: AbortSignal;
  /** Context size the memory estimate assumes (default: the model's, capped). */
  contextSize?: number;
}

/** Scans the model folders and estimates each model's memory: what `lucarne models --json` prints. */
export async function listModels(opts: ListModelsOptions): Promise<ModelsJson> {
  const folders = modelFolders({
    platform: opts.platform ?? process.platform,
    home: opts.home ?? homedir(),
    env: opts.env ?? process.env,
    dataDir: opts.dataDir,
    added: opts.dirs,
  });
  const found = await scanModels({ dirs: folders, extraFiles: opts.files, signal: opts.signal });
  const exists = await Promise.all(
    folders.map((f) =>
      stat(f.path).then(
        (s) => s.isDirectory(),
        () => false,
      ),
    ),
  );
  return {
    version: 1,
    folders: folders.map((f, i) => ({ ...f, exists: exists[i] })),
    models: found.map((m) => ({
      ...m,
      memory: m.error ? null : estimateMemory(m, { freeMemory: opts.freeMemory, contextSize: opts.contextSize }),
    })),
  };
}
