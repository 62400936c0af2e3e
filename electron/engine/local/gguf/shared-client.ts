// The engine's one model process: the GGUF embedder and generator share it (one llama.cpp binary and one
// Node runtime in memory, a model per role), unless a caller passes its own client (tests do).
import { LlamaClient } from './client';

let shared: LlamaClient | null = null;

export function sharedLlamaClient(): LlamaClient {
  shared ??= new LlamaClient();
  return shared;
}

/** Ends the shared model process (engine shutdown); a later use starts a new one. */
export async function closeSharedLlamaClient(): Promise<void> {
  await shared?.dispose();
}
