// Local-only mode: when the library is local-only, no text may leave the machine. Only embedders and
// generators that declare `local === true` may be used; anything else is refused before it is called,
// so no connection is ever attempted.
import type { Embedder, Generator } from '../types';

export class LocalOnlyError extends Error {
  readonly code = 'local-only';
  constructor(what: string) {
    super(
      `Local-only mode is on: ${what} would send text off this computer, so it was not used. ` +
        'Switch to the offline provider, or turn local-only mode off in the settings.',
    );
    this.name = 'LocalOnlyError';
  }
}

export function assertLocalEmbedder(embedder: Embedder, localOnly: boolean): void {
  if (localOnly && !embedder.local) throw new LocalOnlyError(`the embedding model "${embedder.id}"`);
}

export function assertLocalGenerator(generator: Generator, localOnly: boolean): void {
  if (localOnly && !generator.local) throw new LocalOnlyError(`the answer model "${generator.id}"`);
}

/** Providers that always send text away. The local kinds are judged by their generator (a server's address). */
const REMOTE_PROVIDERS = new Set(['gemini']);

/** A remote provider is refused up front, before any client for it is even constructed. */
export function assertLocalProvider(provider: string, localOnly: boolean): void {
  if (localOnly && REMOTE_PROVIDERS.has(provider)) throw new LocalOnlyError(`the "${provider}" provider`);
}
