// Opens everything a data directory holds (database, vector index) and the library over it. The engine,
// the CLI and the tests all come through here, so they agree on file names and on the settings used.
import type { Settings } from '../../../shared/api';
import { errorMessage } from '../../../shared/errors';
import { OfflineEmbedder } from '../embed/offline';
import { closeParsers } from '../parse/index';
import { loadSettings } from '../settings';
import { resolveStoreChoice } from '../store/chroma';
import { openVectorIndex } from '../store/open-vector-index';
import { SqliteStore } from '../store/sqlite';
import type { VectorIndex } from '../store/types';
import type { Embedder } from '../types';
import {
  activeEmbedderAtOpen,
  type EmbedderFromSpec,
  readActiveEmbedder,
  writeActiveEmbedder,
} from './active-embedder';
import { EmbedderSwitch } from './embedder-switch';
import { Library, type LibraryOptions } from './library';
import type { ReembedStatus } from './reembed-progress';
import type { LibraryLog, LibrarySettings } from './types';

export type { EmbedderFromSpec } from './active-embedder';
export type { ReembedState, ReembedStatus } from './reembed-progress';

/** A retired vector index stays open this long, for the searches that were already using it (ms). */
const RETIRE_AFTER_MS = 10_000;

export interface OpenLibraryOptions {
  /** The embedder the library should use (the target); default: the offline one (or embedderFor's choice). */
  embedder?: Embedder;
  /** Picks the target embedder from the saved settings (the engine's provider choice). */
  /** `activeSpec`: the recorded active model's spec, to fall back on when the one asked for cannot open now. */
  embedderFor?: (settings: Settings, activeSpec?: unknown) => Embedder | Promise<Embedder>;
  /**
   * Rebuilds the model that was active when the library last closed (from the spec recorded with it, see
   * active-embedder.ts) when it differs from the target: the library then opens with it and resumes the
   * re-embed toward the target. Without it, or when it returns null or throws, the target is active at once.
   */
  embedderFromSpec?: EmbedderFromSpec;
  /** Progress of the background re-embed (also settable later as OpenLibrary.onReembed). */
  onReembed?: (status: ReembedStatus) => void;
  /** Distinct texts per embedder call while re-embedding (default 64). */
  reembedBatchSize?: number;
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
  /** The ACTIVE model's vector index and embedder: what search uses (the old model during a re-embed). */
  vectors: VectorIndex;
  embedder: Embedder;
  library: Library;
  /**
   * Switches at once: re-opens the vector side for another embedding model, the library is rebuilt (and
   * restarted if it ran) and its catch-up embeds every chunk, during which search by meaning is partial.
   * Cancels a background re-embed. For tests and callers that cannot keep the old model.
   */
  switchEmbedder(next: Embedder): Promise<void>;
  /**
   * Makes `next` the model the library ends up with, without a gap in search: re-embeds in the background
   * while search and indexing keep the active model, then switches atomically (embedder-switch.ts). With the
   * active model, cancels a running re-embed. Resolves once started, not when done (see whenReembedSettled).
   */
  changeEmbedder(next: Embedder): Promise<void>;
  /** The running (or last) re-embed's progress; null when none ran since the library opened. */
  reembedStatus(): ReembedStatus | null;
  /** Resolves when no re-embed is running (switched, failed or cancelled), with its last status. */
  whenReembedSettled(): Promise<ReembedStatus | null>;
  onReembed: ((status: ReembedStatus) => void) | undefined;
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
    const retired = new Set<VectorIndex>();
    const settings = () => librarySettingsFrom(loadSettings(store));
    const log: LibraryLog = opts.library?.log ?? { warn: () => {} };
    const target =
      opts.embedder ??
      (await opts.embedderFor?.(loadSettings(store), readActiveEmbedder(store)?.spec)) ??
      new OfflineEmbedder({ resourcesDir: opts.resourcesDir });
    // The model that was active at the last close when a re-embed was under way, else the target (which is
    // then recorded as active: a data folder from before this record starts with the target at once).
    const embedder = await activeEmbedderAtOpen(store, target, opts.embedderFromSpec, log);
    if (embedder === target) {
      try {
        writeActiveEmbedder(store, target);
      } catch (error) {
        // A full disk must not keep the library from opening; the record is written at the next open.
        log.warn(`could not record the active embedding model: ${errorMessage(error)}`);
      }
    }
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
    /** The old index may still serve a search that began before the swap: it is closed a little later. */
    const retire = (old: VectorIndex) => {
      retired.add(old);
      setTimeout(() => {
        if (retired.delete(old)) void old.close().catch(() => undefined);
      }, RETIRE_AFTER_MS).unref();
    };
    let closed = false;
    const switcher = new EmbedderSwitch({
      store,
      log,
      batchSize: opts.reembedBatchSize,
      active: () => lib.embedder,
      replaceActive: (next) => {
        lib.embedder = next;
      },
      async withLibraryStopped<T>(fn: () => Promise<T>): Promise<T> {
        const before = lib.library;
        const wasStarted = before.isStarted;
        const wasPaused = before.progress().state === 'paused';
        await before.stop();
        try {
          return await fn();
        } finally {
          // The caller may have started the library meanwhile (the engine starts it right after opening, while
          // a resumed re-embed may already be switching): then it runs too, over whichever model is active.
          const startedMeanwhile = before.isStarted;
          if (startedMeanwhile && lib.library !== before) await before.stop();
          if ((wasStarted || startedMeanwhile) && !closed) {
            if (wasPaused) lib.library.pause();
            await lib.library.start();
          }
        }
      },
      async install(next) {
        const nextVectors = await openVectors(next);
        try {
          writeActiveEmbedder(store, next);
        } catch (error) {
          await nextVectors.close();
          throw error;
        }
        // From here to the end, synchronous: no search can run in between and see a mix.
        const old = lib.vectors;
        const nextLibrary = makeLibrary(next, nextVectors, lib.library);
        lib.vectors = nextVectors;
        lib.embedder = next;
        lib.library = nextLibrary;
        retire(old);
      },
      onStatus: (s) => lib.onReembed?.(s),
    });
    const lib: OpenLibrary = {
      dataDir,
      store,
      vectors,
      embedder,
      library: makeLibrary(embedder, vectors),
      onReembed: opts.onReembed,
      switchEmbedder: (next) => switcher.switchNow(next),
      changeEmbedder: (next) => switcher.change(next),
      reembedStatus: () => switcher.status(),
      whenReembedSettled: () => switcher.settled(),
      async close() {
        if (closed) return;
        closed = true;
        try {
          await switcher.close();
          await lib.library.stop();
          await lib.vectors.close();
          for (const old of retired) await old.close();
          retired.clear();
        } finally {
          store.close();
          await closeParsers();
        }
      },
    };
    // A re-embed the last run left unfinished goes on in the background.
    if (embedder !== target) await lib.changeEmbedder(target);
    return lib;
  } catch (error) {
    store.close();
    throw error;
  }
}
