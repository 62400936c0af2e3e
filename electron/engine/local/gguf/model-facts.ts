// Engine-side decisions about a GGUF model from what its header says (protocol.ts InspectResult): whether it
// can write answers, how much memory loading it takes, and the file identity that names an embedder. Pure
// except for the file's stat; the header itself is read in the model process.
import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { basename, extname } from 'node:path';
import { ggufErrors, isGgufError } from './errors';
import type { InspectResult } from './protocol';

/** Memory for the model process itself and llama.cpp's scratch buffers, beyond the weights and the cache. */
export const MEMORY_HEADROOM_BYTES = 64 * 2 ** 20;

/** Weights + context (KV cache, compute buffers) + 10 % + headroom: what must be free before loading. */
export function memoryNeeded(facts: InspectResult): number {
  return Math.ceil((facts.weightsBytes + facts.contextBytes) * 1.1) + MEMORY_HEADROOM_BYTES;
}

// llama.pooling_type: -1 unspecified, 0 none, 1 mean, 2 cls, 3 last, 4 rank. Chat models declare none.
const POOLING_NAMES: Record<number, string> = { 1: 'mean', 2: 'CLS', 3: 'last-token', 4: 'rank' };
/** Encoder-only architectures (BERT and its descendants, T5's encoder): made for embeddings, not for chat. */
const ENCODER_ARCH = /bert|roberta|t5encoder/i;

/** Why this model cannot write answers, or null when it can. */
export function chatModelProblem(facts: InspectResult): string | null {
  if (facts.poolingType !== null && facts.poolingType > 0)
    return `it is an embedding model (its header declares ${POOLING_NAMES[facts.poolingType] ?? 'a'} pooling)`;
  if (ENCODER_ARCH.test(facts.architecture) || !facts.hasDecoder)
    return `it is an encoder model (architecture "${facts.architecture}"), made for embeddings`;
  if (!facts.hasChatTemplate)
    return 'it has no chat template: it is an embedding model, or a base model that was not trained to answer';
  return null;
}

/** Threads for llama.cpp: about the physical cores (half the logical ones), leaving the engine room. */
export function defaultThreads(): number {
  return Math.max(1, Math.floor(availableParallelism() / 2));
}

export interface ModelFile {
  size: number;
  mtimeMs: number;
  /** The file name without .gguf: what ids and messages call the model. */
  stem: string;
}

export async function modelFile(path: string): Promise<ModelFile> {
  try {
    const s = await stat(path);
    if (!s.isFile()) throw ggufErrors.notFound(path, 'it is not a file');
    return { size: s.size, mtimeMs: Math.floor(s.mtimeMs), stem: basename(path, extname(path)) };
  } catch (e) {
    if (isGgufError(e)) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw ggufErrors.notFound(path, code === 'ENOENT' ? 'no such file' : code);
  }
}

/** A short, stable hash of the parts that make two models (or two uses of one) give different vectors. */
export function shortHash(parts: (string | number)[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 10);
}
