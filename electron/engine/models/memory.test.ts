// The memory estimate: weights + KV cache + overhead, against an injected free-memory figure.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readModelInfo } from './header';
import { estimateMemory, kvCacheBytes, MEMORY_OVERHEAD_BYTES, type MemoryShape } from './memory';
import { writeTinyModel } from './test-support/tiny-models';

// Llama-3-8B's published shape: 32 layers, 32 heads of 128, 8 KV heads (GQA), 4096-d.
const LLAMA3_8B: MemoryShape = {
  fileBytes: 4_920_739_232,
  blockCount: 32,
  embeddingLength: 4096,
  headCount: 32,
  headCountKv: 8,
  keyLength: null,
  valueLength: null,
  contextLength: 8192,
};

describe('estimateMemory', () => {
  it('counts 2 × layers × context × n_embd_kv × 2 bytes of KV cache (GQA: 8 KV heads of 128)', () => {
    // 2 × 32 × 4096 × (8 × 128) × 2 = 512 MiB, the figure llama.cpp prints for this model at n_ctx 4096.
    expect(kvCacheBytes(LLAMA3_8B, 4096)).toBe(512 * 1024 * 1024);
    const e = estimateMemory(LLAMA3_8B, { contextSize: 4096, freeMemory: () => 16e9 });
    expect(e.bytes).toBe(LLAMA3_8B.fileBytes + 512 * 1024 * 1024 + MEMORY_OVERHEAD_BYTES);
    expect(e.fitsFreeMemory).toBe(true);
    expect(e.freeBytes).toBe(16e9);
  });

  it('says when it does not fit, and grows with the context', () => {
    const small = estimateMemory(LLAMA3_8B, { contextSize: 2048, freeMemory: () => 5.5e9 });
    const large = estimateMemory(LLAMA3_8B, { contextSize: 8192, freeMemory: () => 5.5e9 });
    expect(large.kvCacheBytes).toBe(4 * small.kvCacheBytes);
    expect(small.fitsFreeMemory).toBe(true);
    expect(large.fitsFreeMemory).toBe(false);
  });

  it('uses key_length / value_length when the header gives them', () => {
    const shape = { ...LLAMA3_8B, keyLength: 192, valueLength: 128 };
    expect(kvCacheBytes(shape, 1000)).toBe(32 * 1000 * 8 * (192 + 128) * 2);
  });

  it('works on a real header (the tiny model) with the default context', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lucarne-mem-'));
    try {
      const info = await readModelInfo(writeTinyModel(join(dir, 'm.gguf')));
      const e = estimateMemory(info, { freeMemory: () => 1e12 });
      expect(e.contextSize).toBe(512);
      expect(e.kvCacheBytes).toBe(2 * 2 * 512 * 64 * 2);
      expect(e.weightsBytes).toBe(info.fileBytes);
      expect(e.fitsFreeMemory).toBe(true);
      expect(estimateMemory(info, { freeMemory: () => 1000 }).fitsFreeMemory).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('without an attention shape it counts the weights and the overhead only', () => {
    const e = estimateMemory({ ...LLAMA3_8B, blockCount: null }, { contextSize: 4096, freeMemory: () => 0 });
    expect(e.kvCacheBytes).toBe(0);
    expect(e.bytes).toBe(LLAMA3_8B.fileBytes + MEMORY_OVERHEAD_BYTES);
  });
});
