// Which embedding model answers searches, kept in the store's meta table (key `embedder.active`, JSON
// `{ id, dim, spec }`). Changing the embedder re-embeds the library in the background while the old model
// stays active (see embedder-switch.ts), so after a crash or a restart the store must say which model that
// was: the library then opens with it again, rebuilt from its spec by the provider, and resumes the re-embed.
import { errorMessage } from '../../../shared/errors';
import type { SqliteStore } from '../store/sqlite';
import type { Embedder } from '../types';
import type { LibraryLog } from './types';

export const ACTIVE_EMBEDDER_KEY = 'embedder.active';

export interface ActiveEmbedderRecord {
  id: string;
  dim: number;
  /** The provider's recipe for this embedder (Embedder.spec); absent when it gave none. */
  spec?: unknown;
}

/** Rebuilds an embedder from its spec; null (or a throw) when it cannot be any more (key removed, file gone). */
export type EmbedderFromSpec = (spec: unknown) => Promise<Embedder | null> | Embedder | null;

export function sameModel(a: { id: string; dim: number }, b: { id: string; dim: number }): boolean {
  return a.id === b.id && a.dim === b.dim;
}

/** The recorded active model; null when there is none (a data folder from before this record) or it is unreadable. */
export function readActiveEmbedder(store: SqliteStore): ActiveEmbedderRecord | null {
  const raw = store.getMeta(ACTIVE_EMBEDDER_KEY);
  if (raw === null) return null;
  try {
    const v = JSON.parse(raw) as Partial<ActiveEmbedderRecord> | null;
    if (!v || typeof v.id !== 'string' || !v.id || !Number.isInteger(v.dim) || (v.dim as number) <= 0) return null;
    return { id: v.id, dim: v.dim as number, ...(v.spec !== undefined ? { spec: v.spec } : {}) };
  } catch {
    return null;
  }
}

/**
 * Records `e` as the active model (nothing is written when the record already says so). A spec that does not
 * serialise (a cycle, a BigInt) is left out: that embedder then simply cannot be rebuilt at the next open,
 * which falls back to the target at once.
 */
export function writeActiveEmbedder(store: SqliteStore, e: Embedder): void {
  let value: string;
  try {
    value = JSON.stringify({ id: e.id, dim: e.dim, spec: e.spec });
  } catch {
    value = JSON.stringify({ id: e.id, dim: e.dim });
  }
  if (store.getMeta(ACTIVE_EMBEDDER_KEY) !== value) store.setMeta(ACTIVE_EMBEDDER_KEY, value);
}

/**
 * The embedder search uses when the library opens, given the one it should end up with (`target`). When
 * the store records another active model and `fromSpec` rebuilds it, that one: the caller then resumes the
 * re-embed toward `target`. Otherwise `target` is active at once, which is the behaviour from before
 * background re-embedding (the library's catch-up at start embeds whatever lacks a vector for it):
 * - no record yet (a new data folder, or one from before this record existed),
 * - no spec recorded, or no `fromSpec` given,
 * - the old embedder cannot be rebuilt (fromSpec returns null or throws: its key was removed, its model file
 *   is gone...) or comes back as another model or dimension.
 */
export async function activeEmbedderAtOpen(
  store: SqliteStore,
  target: Embedder,
  fromSpec: EmbedderFromSpec | undefined,
  log: LibraryLog,
): Promise<Embedder> {
  const recorded = readActiveEmbedder(store);
  if (!recorded || sameModel(recorded, target)) return target;
  const fallback = (why: string): Embedder => {
    log.warn(`the search model ${recorded.id} ${why}: switching to ${target.id} at once`);
    return target;
  };
  if (!fromSpec || recorded.spec === undefined) return fallback('cannot be rebuilt (no recipe recorded)');
  let rebuilt: Embedder | null;
  try {
    rebuilt = await fromSpec(recorded.spec);
  } catch (error) {
    return fallback(`cannot be rebuilt (${errorMessage(error)})`);
  }
  if (!rebuilt) return fallback('is not available any more');
  if (!sameModel(rebuilt, recorded)) {
    return fallback(`came back as ${rebuilt.id} (${rebuilt.dim}-d), not ${recorded.dim}-d`);
  }
  return rebuilt;
}
