// The library's recorded model while its server is not running. A server embedder cannot be opened without
// the server (opening asks it for the vector size), so without this, a library embedded with Ollama and
// opened before Ollama starts would fall back to another model and record that one as active. The stand-in
// carries the id and size the server gave last time (KnownEmbedder): the library keeps its vector index, and
// each request tries the server again, so search works again as soon as it is back.
import { isProviderError } from '../net/provider-error';
import type { EmbedOptions, Embedder } from '../types';
import type { EmbedderSpec, KnownEmbedder } from './specs';

/** The failures that say the server is away for now, not that the model is gone (model-missing, rejected). */
export function serverAway(err: unknown): boolean {
  return isProviderError(err) && ['not-running', 'network', 'timeout', 'server'].includes(err.code);
}

export class StandbyEmbedder implements Embedder {
  readonly id: string;
  readonly dim: number;

  constructor(
    readonly spec: EmbedderSpec & { known: KnownEmbedder },
    readonly local: boolean,
    /** Opens the real embedder (a failed open is not kept: each call tries again). */
    private readonly open: () => Promise<Embedder>,
  ) {
    this.id = spec.known.id;
    this.dim = spec.known.dim;
  }

  private async real(): Promise<Embedder> {
    const e = await this.open();
    if (e.id !== this.id || e.dim !== this.dim) {
      throw new Error(`The server now serves ${e.id} (${e.dim} dimensions), not ${this.id} (${this.dim}).`);
    }
    return e;
  }

  async embedDocuments(texts: string[], opts?: EmbedOptions): Promise<Float32Array[]> {
    return (await this.real()).embedDocuments(texts, opts);
  }

  async embedQuery(text: string, opts?: EmbedOptions): Promise<Float32Array> {
    return (await this.real()).embedQuery(text, opts);
  }
}
