// The collection that holds one library's vectors for one embedding model on the server: getting or
// creating it (HNSW settings for a new one), refusing one that holds another model or was not made by
// Lucarne, the metadata that says whose it is and which catalog generation it mirrors, and running
// operations on it through the connection's retries. The handle survives the collection being recreated.
import { randomUUID } from 'node:crypto';
import type { Collection, Metadata } from 'chromadb';
import type { SqliteStore } from '../sqlite';
import { collectionNameFor } from './config';
import { ChromaBackendError, type ChromaConnection, type RetryPolicy } from './connection';

/** Settings key of this library's identity, recorded in the collections it owns. */
export const LIBRARY_ID_KEY = 'chroma.libraryId';
const SCHEMA_VERSION = 1;

/** The random id of this library (created on first use), stored in its settings table. */
export function libraryIdOf(store: SqliteStore): string {
  const existing = store.getSetting<string>(LIBRARY_ID_KEY);
  if (typeof existing === 'string' && existing) return existing;
  const id = randomUUID();
  store.setSetting(LIBRARY_ID_KEY, id);
  return id;
}

export interface HnswOptions {
  efConstruction?: number;
  efSearch?: number;
  maxNeighbors?: number;
}

export class CollectionHandle {
  readonly name: string;
  private collection!: Collection;

  constructor(
    readonly connection: ChromaConnection,
    readonly model: string,
    readonly dim: number,
    /** This library's id (libraryIdOf): the owner recorded in the collections it creates. */
    readonly libraryId: string,
  ) {
    this.name = collectionNameFor(connection.config.collectionPrefix, model, dim);
  }

  /** The collection's metadata as last read or written (after open). */
  get metadata(): Metadata {
    return this.collection.metadata ?? {};
  }

  /** Runs `op` on the collection with the connection's retries (`opts` overrides the retry policy). */
  run<T>(what: string, op: (collection: Collection) => Promise<T>, opts: Partial<RetryPolicy> = {}): Promise<T> {
    return this.connection.run(what, () => op(this.collection), opts);
  }

  /** Gets or creates the collection; returns true when it was created now. */
  async open(opts: { mode?: 'auto' | 'owner' | 'reader'; hnsw?: HnswOptions }): Promise<boolean> {
    const name = this.name;
    const existing = await this.connection
      .run('open the collection', (c) => c.getCollection({ name }))
      .catch((err: unknown) => {
        if (err instanceof ChromaBackendError && err.problem === 'not-found') return null;
        throw err;
      });
    let created = false;
    if (existing) {
      this.collection = existing;
    } else if (opts.mode === 'reader') {
      throw new ChromaBackendError(
        'not-found',
        `There is no collection "${name}" on ${this.connection.base} (tenant "${this.connection.config.tenant}", ` +
          `database "${this.connection.config.database}"): nothing has been indexed there with ${this.model} and this prefix.`,
      );
    } else {
      const h = opts.hnsw ?? {};
      this.collection = await this.connection.run('create the collection', (c) =>
        c.getOrCreateCollection({
          name,
          embeddingFunction: null,
          configuration: {
            hnsw: {
              space: 'ip',
              ef_construction: h.efConstruction ?? 200,
              ef_search: h.efSearch ?? 200,
              ...(h.maxNeighbors ? { max_neighbors: h.maxNeighbors } : {}),
            },
          },
          metadata: this.metadataFor(-1),
        }),
      );
      created = true;
    }
    const meta = this.collection.metadata ?? {};
    if (meta.lucarne_schema === undefined) {
      const count = await this.connection.run('count the vectors', () => this.collection.count());
      if (count > 0) {
        throw new ChromaBackendError(
          'bad-config',
          `The Chroma collection "${name}" exists but was not created by Lucarne; choose another collection prefix.`,
        );
      }
      await this.modifyMetadata(this.metadataFor(-1));
    } else if (meta.lucarne_model !== this.model || meta.lucarne_dim !== this.dim) {
      throw new ChromaBackendError(
        'bad-config',
        `The Chroma collection "${name}" holds ${String(meta.lucarne_model)} (${String(meta.lucarne_dim)}-d) vectors, not ${this.model} (${this.dim}-d).`,
      );
    }
    return created;
  }

  /** The collection's metadata when it mirrors catalog `generation` (-1: none yet). */
  metadataFor(generation: number): Metadata {
    return {
      lucarne_schema: SCHEMA_VERSION,
      lucarne_model: this.model,
      lucarne_dim: this.dim,
      lucarne_library: this.libraryId,
      lucarne_generation: generation,
    };
  }

  async modifyMetadata(metadata: Metadata): Promise<void> {
    await this.connection.run('update the collection', () => this.collection.modify({ metadata }));
    this.collection.metadata = metadata;
  }
}
