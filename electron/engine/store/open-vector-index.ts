// The one place that turns "which backend" into a VectorIndex: FAISS next to the database (embedded), or a
// collection on a Chroma server (scale-out). The library opener, the engine and the CLI come through here.
import {
  type ChromaConfig,
  ChromaConnection,
  ChromaIndex,
  type ChromaIndexOptions,
  type RetryPolicy,
  type StoreBackend,
} from './chroma';
import { FaissIndex } from './faiss';
import type { SqliteStore } from './sqlite';
import type { VectorIndex } from './types';

export interface OpenVectorIndexOptions {
  backend: StoreBackend;
  /** Required for 'chroma'. The token comes from CHROMA_TOKEN / --chroma-token (see resolveStoreChoice). */
  chroma?: ChromaConfig;
  /** The data directory (FAISS file). */
  dir: string;
  store: SqliteStore;
  model: string;
  dim: number;
  /** Chroma only: 'auto' (default) picks owner or reader; 'owner' refuses a collection of another library. */
  mode?: ChromaIndexOptions['mode'];
  retry?: Partial<RetryPolicy>;
  log?: ChromaIndexOptions['log'];
}

/**
 * Opens the vector index of `model`. For Chroma, the server is probed first: an unreachable server, an
 * old version, a rejected token or a missing database fail here with a ChromaBackendError saying which.
 */
export async function openVectorIndex(opts: OpenVectorIndexOptions): Promise<VectorIndex> {
  if (opts.backend === 'embedded') {
    return FaissIndex.open({ dir: opts.dir, model: opts.model, dim: opts.dim, store: opts.store });
  }
  if (opts.backend !== 'chroma') throw new Error(`Unknown store backend "${String(opts.backend)}"`);
  if (!opts.chroma) throw new Error('openVectorIndex: the chroma backend needs its connection settings');
  const connection = await ChromaConnection.connect(opts.chroma, { retry: opts.retry });
  return ChromaIndex.open({
    connection,
    store: opts.store,
    model: opts.model,
    dim: opts.dim,
    mode: opts.mode,
    log: opts.log,
  });
}
