// Opens embedders and generators from their specs and keeps them: a local model lives in a child process
// (in-process GGUF) or behind a probed server, so building one per question would reload it each time.
// Instances no longer wanted are disposed (their model process exits, its memory returns to the system).
import { type EmbedderSpec, type GeneratorSpec, specKey } from './specs';
import type { Embedder, Generator } from '../types';
import { type OpenContext, openEmbedder, openGenerator } from './open';

type Disposable = { dispose?: () => Promise<void> | void };

export class ProviderPool {
  private embedders = new Map<string, Promise<Embedder>>();
  private generators = new Map<string, Promise<Generator>>();

  constructor(private readonly ctx: () => OpenContext) {}

  embedder(spec: EmbedderSpec): Promise<Embedder> {
    return this.cached(this.embedders, spec, () => openEmbedder(spec, this.ctx()));
  }

  generator(spec: GeneratorSpec): Promise<Generator> {
    return this.cached(this.generators, spec, () => openGenerator(spec, this.ctx()));
  }

  /** Disposes every instance whose key is not in `keep` (the active and target embedders, the chat model). */
  async prune(keep: (EmbedderSpec | GeneratorSpec)[]): Promise<void> {
    const wanted = new Set(keep.map(specKey));
    await Promise.all(
      [this.embedders, this.generators].flatMap((m) =>
        [...m.keys()].filter((k) => !wanted.has(k)).map((k) => this.drop(m as Map<string, Promise<Disposable>>, k)),
      ),
    );
  }

  async dispose(): Promise<void> {
    await this.prune([]);
  }

  private cached<T>(map: Map<string, Promise<T>>, spec: EmbedderSpec | GeneratorSpec, open: () => Promise<T>) {
    const key = specKey(spec);
    let p = map.get(key);
    if (!p) {
      p = open();
      map.set(key, p);
      // A failed open is not kept: the next call tries again (the server may have started meanwhile).
      p.catch(() => {
        if (map.get(key) === p) map.delete(key);
      });
    }
    return p;
  }

  private async drop(map: Map<string, Promise<Disposable>>, key: string): Promise<void> {
    const p = map.get(key);
    map.delete(key);
    const instance = await p?.catch(() => null);
    await instance?.dispose?.();
  }
}
