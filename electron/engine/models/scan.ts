// Finds the GGUF models already on the machine: walks the model folders (folders.ts), reads Ollama's manifests
// to name its content-addressed blobs, and reads each header (header.ts). A broken file is listed with its
// error, never thrown; the same file reached twice (a symlink, two Ollama tags on one blob) is listed once.
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { basename, join, relative, sep } from 'node:path';
import { describeModelError, ModelFileError, type ModelFileErrorCode } from './errors';
import type { ModelSource, ModelFolder } from './folders';
import { type ModelInfo, type ModelRole, readModelInfo } from './header';

export interface FoundModel extends Omit<ModelInfo, 'architecture' | 'role'> {
  /** Null when the file could not be read (see `error`). */
  architecture: string | null;
  role: ModelRole | null;
  source: ModelSource;
  /** Other names of the same file (Ollama tags pointing at one blob). */
  aliases: string[];
  error: { code: ModelFileErrorCode; message: string } | null;
}

export interface ScanOptions {
  /** Folders to walk; a bare string is a folder the user added. Missing folders are skipped silently. */
  dirs: readonly (ModelFolder | string)[];
  /** Files the user picked or dropped: listed even when they are not models, with the error that says why. */
  extraFiles?: readonly string[];
  signal?: AbortSignal;
  /** How deep to walk below each folder (the HF cache needs 4: models--o--n/snapshots/rev/file). Default 6. */
  maxDepth?: number;
}

interface Candidate {
  path: string;
  source: ModelSource;
  /** The name to show instead of the header's (Ollama's model:tag). */
  name?: string;
  /** Chosen by the user: kept even when it is a projector or broken. */
  explicit: boolean;
  /** Known to be broken before reading (an Ollama manifest pointing nowhere). */
  error?: ModelFileError;
}

const GGUF_FILE = /\.gguf$/i;
const LATER_SHARD = /-(\d{5})-of-\d{5}\.gguf$/i;
// Vision projectors ship next to multimodal models ("mmproj-model-f16.gguf", "…-mmproj.gguf"): not models.
const PROJECTOR = /(^|[-_.])mmproj([-_.]|$)/i;
const OLLAMA_MODEL_LAYER = 'application/vnd.ollama.image.model';
const MAX_MANIFEST_BYTES = 1_000_000;

async function isDir(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

/** Every file below `root` (following symlinks, each real folder once, unreadable folders skipped). */
async function walkFiles(root: string, maxDepth: number, signal?: AbortSignal): Promise<string[]> {
  const files: string[] = [];
  const seenDirs = new Set<string>();
  const stack: [string, number][] = [[root, 0]];
  while (stack.length > 0) {
    signal?.throwIfAborted();
    const [dir, depth] = stack.pop()!;
    let real: string;
    try {
      real = await realpath(dir);
    } catch {
      continue;
    }
    if (seenDirs.has(real)) continue; // a symlink loop, or the same folder reached twice
    seenDirs.add(real);
    let entries: import('node:fs').Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      continue; // permission denied, vanished: nothing to list there
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : 1));
    const subdirs: string[] = [];
    for (const e of entries) {
      const full = join(dir, e.name);
      let directory = e.isDirectory();
      let file = e.isFile();
      if (e.isSymbolicLink()) {
        try {
          const s = await stat(full);
          directory = s.isDirectory();
          file = s.isFile();
        } catch {
          continue; // dangling link
        }
      }
      if (directory && depth < maxDepth && !e.name.startsWith('.')) subdirs.push(full);
      else if (file) files.push(full);
    }
    for (const d of subdirs.reverse()) stack.push([d, depth + 1]); // popped in name order
  }
  return files;
}

/** Is this a model file to list from a folder walk (a .gguf, not a projector, not a later shard)? */
export function isModelFileName(name: string): boolean {
  if (!GGUF_FILE.test(name) || PROJECTOR.test(name)) return false;
  const shard = LATER_SHARD.exec(name);
  return !shard || Number(shard[1]) === 1;
}

/** The display name of an Ollama manifest path manifests/<host>/<namespace>/<model>/<tag>. */
function ollamaName(parts: string[]): string {
  const [host, ns, model, tag] = parts;
  if (host === 'registry.ollama.ai') return ns === 'library' ? `${model}:${tag}` : `${ns}/${model}:${tag}`;
  return `${host}/${ns}/${model}:${tag}`;
}

/** The blobs an Ollama models folder names in its manifests, each as a candidate named model:tag. */
async function ollamaCandidates(dir: string, source: ModelSource, signal?: AbortSignal): Promise<Candidate[]> {
  const manifests = join(dir, 'manifests');
  const out: Candidate[] = [];
  for (const file of await walkFiles(manifests, 4, signal)) {
    const parts = relative(manifests, file).split(sep);
    if (parts.length !== 4) continue;
    const name = ollamaName(parts);
    try {
      const s = await stat(file);
      if (s.size > MAX_MANIFEST_BYTES) throw new Error(`${s.size} bytes, too large for a manifest`);
      const manifest = JSON.parse(await readFile(file, 'utf8')) as {
        layers?: { mediaType?: string; digest?: string }[];
      };
      const layer = manifest.layers?.find((l) => l.mediaType === OLLAMA_MODEL_LAYER);
      if (!layer) continue; // an adapter or a non-model entry: nothing to list
      const digest = /^sha256[:-]([0-9a-f]{64})$/i.exec(layer.digest ?? '');
      if (!digest) throw new Error(`its model layer has no sha256 digest (${String(layer.digest).slice(0, 80)})`);
      const blob = join(dir, 'blobs', `sha256-${digest[1].toLowerCase()}`);
      const present = await stat(blob).then(
        (b) => b.isFile(),
        () => false,
      );
      out.push({
        path: blob,
        source,
        name,
        explicit: false,
        error: present
          ? undefined
          : new ModelFileError(
              'unreadable',
              `Ollama lists ${name} but its model file ${blob} is missing. Run "ollama pull ${name}" again.`,
              blob,
            ),
      });
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      out.push({
        path: file,
        source,
        name,
        explicit: false,
        error: new ModelFileError(
          'corrupt',
          `Ollama's manifest for ${name} (${file}) cannot be read: ${why}. Run "ollama pull ${name}" again.`,
          file,
        ),
      });
    }
  }
  return out;
}

/** 'added' folders that turn out to be an Ollama store or a Hugging Face cache are labelled as such. */
function refineSource(source: ModelSource, path: string, ollama: boolean): ModelSource {
  if (source !== 'added') return source;
  if (ollama) return 'ollama';
  if (/[\\/]models--[^\\/]+[\\/]snapshots[\\/]/.test(path)) return 'huggingface';
  return source;
}

function broken(c: Candidate, error: FoundModel['error'], fileBytes: number): FoundModel {
  const fileName = basename(c.path);
  return {
    path: c.path,
    fileName,
    name: c.name ?? fileName.replace(GGUF_FILE, ''),
    architecture: null,
    parameters: null,
    quantization: null,
    contextLength: null,
    embeddingLength: null,
    fileBytes,
    role: null,
    hasChatTemplate: false,
    family: null,
    blockCount: null,
    headCount: null,
    headCountKv: null,
    keyLength: null,
    valueLength: null,
    source: c.source,
    aliases: [],
    error,
  };
}

async function describe(c: Candidate, signal?: AbortSignal): Promise<FoundModel | null> {
  const size = await stat(c.path).then(
    (s) => s.size,
    () => 0,
  );
  if (c.error) return broken(c, { code: c.error.code, message: c.error.message }, size);
  try {
    const info = await readModelInfo(c.path, { signal });
    if (info.architecture === 'clip') {
      if (!c.explicit) return null; // a projector without the usual name: not a model, not listed
      const message = `${c.path} is a vision projector (mmproj) that goes with a model, not a model itself. Choose the model's own .gguf file.`;
      return broken(c, { code: 'not-a-model', message }, size);
    }
    return { ...info, name: c.name ?? info.name, source: c.source, aliases: [], error: null };
  } catch (err) {
    signal?.throwIfAborted();
    return broken(c, describeModelError(err, c.path), size);
  }
}

/** Lists the models in `dirs` and `extraFiles`. Rejects only when `signal` aborts. */
export async function scanModels(opts: ScanOptions): Promise<FoundModel[]> {
  const { signal } = opts;
  const maxDepth = opts.maxDepth ?? 6;
  const candidates: Candidate[] = [];
  for (const d of opts.dirs) {
    signal?.throwIfAborted();
    const folder: ModelFolder = typeof d === 'string' ? { path: d, source: 'added' } : d;
    if (!(await isDir(folder.path))) continue;
    if (await isDir(join(folder.path, 'manifests'))) {
      candidates.push(...(await ollamaCandidates(folder.path, refineSource(folder.source, folder.path, true), signal)));
      continue;
    }
    for (const file of await walkFiles(folder.path, maxDepth, signal)) {
      if (!isModelFileName(basename(file))) continue;
      candidates.push({ path: file, source: refineSource(folder.source, file, false), explicit: false });
    }
  }
  for (const file of opts.extraFiles ?? []) candidates.push({ path: file, source: 'added', explicit: true });

  // One entry per real file; later names of the same file become aliases.
  const byReal = new Map<string, Candidate>();
  const aliases = new Map<string, string[]>();
  for (const c of candidates) {
    const key = await realpath(c.path).catch(() => c.path);
    const first = byReal.get(key);
    if (!first) byReal.set(key, c);
    else if (c.name && c.name !== first.name) aliases.set(key, [...(aliases.get(key) ?? []), c.name]);
  }

  // Headers are read two at a time: each is a few small reads, and the machine may be busy indexing.
  const unique = [...byReal.entries()];
  const results: (FoundModel | null)[] = new Array(unique.length).fill(null);
  let next = 0;
  const worker = async () => {
    while (next < unique.length) {
      const i = next++;
      const [key, c] = unique[i];
      const found = await describe(c, signal);
      if (found) found.aliases = aliases.get(key) ?? [];
      results[i] = found;
    }
  };
  await Promise.all([worker(), worker()]);
  return results.filter((r): r is FoundModel => r !== null);
}
