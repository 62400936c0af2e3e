// A rough estimate of the memory a model needs once loaded, set against the machine's free memory, so the UI
// can warn before a load that would swap or fail. It is an estimate, not a promise: GPU offload, mmap and the
// runtime's own buffers move the real figure; what matters is the order of magnitude.
//
//   bytes = weights + KV cache + overhead
//   weights  = the file size (the weights are mapped as they are stored)
//   KV cache = 2 (K and V) × layers × contextSize × n_embd_kv × 2 bytes (f16 cache)
//              with n_embd_kv = head_count_kv × head size (key_length, else embedding_length / head_count);
//              when K and V differ in size (key_length ≠ value_length), K and V are counted apart.
//   overhead = 256 MiB (compute buffers, the runtime's scratch space; fixed)
import { freemem } from 'node:os';
import type { ModelInfo } from './header';

export const MEMORY_OVERHEAD_BYTES = 256 * 1024 * 1024;
const F16_BYTES = 2;

export type MemoryShape = Pick<
  ModelInfo,
  | 'fileBytes'
  | 'blockCount'
  | 'embeddingLength'
  | 'headCount'
  | 'headCountKv'
  | 'keyLength'
  | 'valueLength'
  | 'contextLength'
>;

export interface MemoryEstimate {
  bytes: number;
  fitsFreeMemory: boolean;
  freeBytes: number;
  weightsBytes: number;
  kvCacheBytes: number;
  overheadBytes: number;
  contextSize: number;
}

/** The context an estimate assumes when none is given: the model's own, capped at 4096 (what answers use). */
export function defaultContextSize(info: Pick<ModelInfo, 'contextLength'>): number {
  return Math.min(info.contextLength ?? 2048, 4096);
}

/** KV cache bytes for `contextSize` tokens; 0 when the header lacks the attention shape. */
export function kvCacheBytes(info: MemoryShape, contextSize: number): number {
  const layers = info.blockCount ?? 0;
  const heads = info.headCount ?? 0;
  const kvHeads = info.headCountKv ?? heads;
  if (layers <= 0 || kvHeads <= 0 || contextSize <= 0) return 0;
  const headSize = heads > 0 && info.embeddingLength ? info.embeddingLength / heads : 0;
  const keySize = info.keyLength ?? headSize;
  const valueSize = info.valueLength ?? keySize;
  return layers * contextSize * kvHeads * (keySize + valueSize) * F16_BYTES;
}

export function estimateMemory(
  info: MemoryShape,
  opts: { contextSize?: number; freeMemory?: () => number } = {},
): MemoryEstimate {
  const contextSize = Math.max(1, Math.floor(opts.contextSize ?? defaultContextSize(info)));
  const weightsBytes = info.fileBytes;
  const kv = Math.round(kvCacheBytes(info, contextSize));
  const bytes = weightsBytes + kv + MEMORY_OVERHEAD_BYTES;
  const freeBytes = (opts.freeMemory ?? freemem)();
  return {
    bytes,
    fitsFreeMemory: bytes <= freeBytes,
    freeBytes,
    weightsBytes,
    kvCacheBytes: kv,
    overheadBytes: MEMORY_OVERHEAD_BYTES,
    contextSize,
  };
}
