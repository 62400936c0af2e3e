// Embeds many texts through a server in batches, one request at a time (a local server computes one batch at
// a time anyway, and a queue of requests would only delay a cancel), reporting progress after each batch.
import type { EmbedOptions } from '../../types';

export const DEFAULT_EMBED_BATCH = 32;

export async function embedInBatches(
  texts: string[],
  batchSize: number,
  embedBatch: (batch: string[], signal?: AbortSignal) => Promise<Float32Array[]>,
  opts: EmbedOptions = {},
): Promise<Float32Array[]> {
  const size = Math.max(1, Math.floor(batchSize));
  const out: Float32Array[] = [];
  for (let i = 0; i < texts.length; i += size) {
    opts.signal?.throwIfAborted();
    const batch = texts.slice(i, i + size);
    out.push(...(await embedBatch(batch, opts.signal)));
    opts.onProgress?.(out.length, texts.length);
  }
  return out;
}
