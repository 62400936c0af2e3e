// Where the model folders of the usual local-model apps are on each OS (LM Studio, GPT4All, Jan, Ollama, the
// Hugging Face cache), plus Lucarne's own models folder (downloads go there) and the paths the user added.
// A pure function of (platform, home, env) so every OS is tested from any OS; `LUCARNE_MODEL_DIRS` (a path list,
// like PATH) replaces the well-known folders, for tests and for users who keep models elsewhere.
import { posix, win32 } from 'node:path';

export type ModelSource = 'lmstudio' | 'gpt4all' | 'jan' | 'ollama' | 'huggingface' | 'lucarne' | 'added';

export interface ModelFolder {
  path: string;
  source: ModelSource;
}

export interface FolderContext {
  platform: NodeJS.Platform;
  home: string;
  env: Record<string, string | undefined>;
}

function set(v: string | undefined): v is string {
  return typeof v === 'string' && v.trim() !== '';
}

/** The well-known folders of the other apps, in the order they are listed. Nothing is checked on disk here. */
export function wellKnownModelFolders({ platform, home, env }: FolderContext): ModelFolder[] {
  const p = platform === 'win32' ? win32 : posix;
  const at = (...parts: string[]) => p.join(home, ...parts);
  const out: ModelFolder[] = [];
  const add = (source: ModelSource, path: string) => out.push({ source, path });

  // LM Studio: ~/.lmstudio/models since 0.3; ~/.cache/lm-studio/models before (same under Windows' profile).
  add('lmstudio', at('.lmstudio', 'models'));
  add('lmstudio', at('.cache', 'lm-studio', 'models'));

  if (platform === 'win32') {
    const local = set(env.LOCALAPPDATA) ? env.LOCALAPPDATA : at('AppData', 'Local');
    const roaming = set(env.APPDATA) ? env.APPDATA : at('AppData', 'Roaming');
    add('gpt4all', p.join(local, 'nomic.ai', 'GPT4All'));
    add('jan', at('jan', 'models'));
    add('jan', p.join(roaming, 'Jan', 'data', 'models'));
  } else if (platform === 'darwin') {
    add('gpt4all', at('Library', 'Application Support', 'nomic.ai', 'GPT4All'));
    add('jan', at('jan', 'models'));
    add('jan', at('Library', 'Application Support', 'Jan', 'data', 'models'));
  } else {
    const data = set(env.XDG_DATA_HOME) ? env.XDG_DATA_HOME : at('.local', 'share');
    const config = set(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : at('.config');
    add('gpt4all', p.join(data, 'nomic.ai', 'GPT4All'));
    add('jan', at('jan', 'models'));
    add('jan', p.join(config, 'Jan', 'data', 'models'));
  }

  // Ollama: OLLAMA_MODELS when set; else the user's ~/.ollama/models, and on Linux the system service's folder.
  if (set(env.OLLAMA_MODELS)) add('ollama', env.OLLAMA_MODELS);
  else {
    add('ollama', at('.ollama', 'models'));
    if (platform === 'linux') add('ollama', '/usr/share/ollama/.ollama/models');
  }

  // Hugging Face hub cache: HF_HUB_CACHE, else $HF_HOME/hub, else ~/.cache/huggingface/hub (XDG_CACHE_HOME on Unix).
  const hubCache = set(env.HF_HUB_CACHE)
    ? env.HF_HUB_CACHE
    : set(env.HUGGINGFACE_HUB_CACHE)
      ? env.HUGGINGFACE_HUB_CACHE
      : null;
  if (hubCache) add('huggingface', hubCache);
  else if (set(env.HF_HOME)) add('huggingface', p.join(env.HF_HOME, 'hub'));
  else {
    const cache = platform !== 'win32' && set(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : at('.cache');
    add('huggingface', p.join(cache, 'huggingface', 'hub'));
  }
  return out;
}

/** Lucarne's own models folder: where downloads from the catalog go. */
export function lucarneModelsDir(dataDir: string, platform: NodeJS.Platform = process.platform): string {
  return (platform === 'win32' ? win32 : posix).join(dataDir, 'models');
}

/** The entries of LUCARNE_MODEL_DIRS (separated like PATH: `;` on Windows, `:` elsewhere), or null when unset. */
export function modelDirsOverride(ctx: Pick<FolderContext, 'platform' | 'env'>): string[] | null {
  const raw = ctx.env.LUCARNE_MODEL_DIRS;
  if (!set(raw)) return null;
  const sep = ctx.platform === 'win32' ? ';' : ':';
  return raw
    .split(sep)
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * Every folder to scan: Lucarne's own, the well-known ones (or LUCARNE_MODEL_DIRS instead), the user's.
 * Duplicates (same path) are listed once, the first source winning.
 */
export function modelFolders(ctx: FolderContext & { dataDir: string; added?: readonly string[] }): ModelFolder[] {
  const override = modelDirsOverride(ctx);
  const all: ModelFolder[] = [
    { path: lucarneModelsDir(ctx.dataDir, ctx.platform), source: 'lucarne' },
    ...(override ? override.map((path): ModelFolder => ({ path, source: 'added' })) : wellKnownModelFolders(ctx)),
    ...(ctx.added ?? []).map((path): ModelFolder => ({ path, source: 'added' })),
  ];
  const seen = new Set<string>();
  return all.filter((f) => {
    const key = ctx.platform === 'win32' ? f.path.toLowerCase() : f.path;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
