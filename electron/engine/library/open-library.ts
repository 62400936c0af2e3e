// Opens everything a data directory holds (database, vector index) and the library over it. The engine,
// the CLI and the tests all come through here, so they agree on file names and on the settings used.
import type { Settings } from '../../../shared/api';
import { OfflineEmbedder } from '../embed/offline';
import { closeParsers } from '../parse/index';
import { loadSettings } from '../settings';
import { resolveStoreChoice } from '../store/chroma';
import { openVectorIndex } from '../store/open-vector-index';
import { SqliteStore } from '../store/sqlite';
import type { VectorIndex } from '../store/types';
import type { Embedder } from '../types';
import { Library, type LibraryOptions } from './library';
import type { LibrarySettings } from './types';

export interface OpenLibraryOptions {
  /** The embedder to use; default: the offline one (or embedderFor's choice). */
  embedder?: Embedder;
  /** Picks the embedder from the saved settings (the engine's provider choice). */
  embedderFor?: (settings: Settings) => Embedder;
  resourcesDir?: string;
  /**
   * Backend choice for this run: CLI flags (--store, --chroma-url, --chroma-tenant, --chroma-database,
   * --chroma-prefix, --chroma-token) over the saved settings; the token otherwise comes from CHROMA_TOKEN.
   */
  storeFlags?: Record<string, string | boolean | undefined>;
  /** Library options beyond the stores (watch, parse seams, timings). */
  library?: Partial<Omit<LibraryOptions, 'store' | 'vectors' | 'embedder'>>;
}

export interface OpenLibrary {
  readonly dataDir: string;
  readonly store: SqliteStore;
  vectors: VectorIndex;
  embedder: Embedder;
  library: Library;
  /** Re-opens the vector side for another embedding model; the library is rebuilt (and restarted if it ran). */
  switchEmbedder(next: Embedder): Promise<void>;
  close(): Promise<void>;
}

export function librarySettingsFrom(settings: Settings): LibrarySettings {
  return {
    chunkTokens: settings.chunkTokens,
    chunkOverlap: settings.chunkOverlap,
    maxFileMb: settings.maxFileMb,
    include: settings.include,
    exclude: settings.exclude,
    ocr: settings.ocr,
  };
}

export async function openLibrary(dataDir: string, opts: OpenLibraryOptions = {}): Promise<OpenLibrary> {
  const store = SqliteStore.open(dataDir);
  try {
    const settings = () => librarySettingsFrom(loadSettings(store));
    const embedder =
      opts.embedder ??
      opts.embedderFor?.(loadSettings(store)) ??
      new OfflineEmbedder({ resourcesDir: opts.resourcesDir });
    const choice = resolveStoreChoice(opts.storeFlags ?? {}, loadSettings(store), process.env);
    const openVectors = (e: Embedder) =>
      openVectorIndex({
        backend: choice.backend,
        chroma: choice.chroma,
        dir: dataDir,
        store,
        model: e.id,
        dim: e.dim,
        log: opts.library?.log,
      });
    const vectors = await openVectors(embedder);
    const makeLibrary = (e: Embedder, v: VectorIndex, previous?: Library) =>
      new Library({
        settings,
        ...opts.library,
        onProgress: previous?.onProgress ?? opts.library?.onProgress,
        onChanged: previous?.onChanged ?? opts.library?.onChanged,
        store,
        vectors: v,
        embedder: e,
      });
    let closed = false;
    const lib: OpenLibrary = {
      dataDir,
      store,
      vectors,
      embedder,
      library: makeLibrary(embedder, vectors),
      async switchEmbedder(next: Embedder) {
        if (next.id === lib.embedder.id && next.dim === lib.embedder.dim) {
          lib.embedder = next;
          return;
        }
        const wasStarted = lib.library.isStarted;
        await lib.library.stop();
        const nextVectors = await openVectors(next);
        await lib.vectors.close();
        const previous = lib.library;
        lib.vectors = nextVectors;
        lib.embedder = next;
        lib.library = makeLibrary(next, nextVectors, previous);
        if (wasStarted) await lib.library.start();
      },
      async close() {
        if (closed) return;
        closed = true;
        try {
          await lib.library.stop();
          await lib.vectors.close();
        } finally {
          store.close();
          await closeParsers();
        }
      },
    };
    return lib;
  } catch (error) {
    store.close();
    throw error;
  }
}
