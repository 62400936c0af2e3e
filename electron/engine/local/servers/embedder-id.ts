// The identity of a server embedder: the embedding cache and the vector index are keyed by it, so it changes
// exactly when the vectors would (another model, other query/document prefixes) and not when the server moves
// to another address.
import { createHash } from 'node:crypto';

/** 8 hex digits standing for the pair of prefixes. */
export function prefixHash(queryPrefix: string, documentPrefix: string): string {
  return createHash('sha256')
    .update(JSON.stringify([queryPrefix, documentPrefix]))
    .digest('hex')
    .slice(0, 8);
}

export function serverEmbedderId(kind: string, model: string, queryPrefix: string, documentPrefix: string): string {
  return `${kind}:${model}:${prefixHash(queryPrefix, documentPrefix)}`;
}
