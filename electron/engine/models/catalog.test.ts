// The catalog's entries are well formed (hashes, URLs, sizes) and the recommendations follow RAM and language.
import { describe, expect, it } from 'vitest';
import { catalogEntry, MODEL_CATALOG, recommendedModels } from './catalog';

describe('MODEL_CATALOG', () => {
  it('has 4 to 7 entries with unique ids, https Hugging Face URLs ending in their file name', () => {
    expect(MODEL_CATALOG.length).toBeGreaterThanOrEqual(4);
    expect(MODEL_CATALOG.length).toBeLessThanOrEqual(7);
    expect(new Set(MODEL_CATALOG.map((e) => e.id)).size).toBe(MODEL_CATALOG.length);
    for (const e of MODEL_CATALOG) {
      expect(e.url).toMatch(/^https:\/\/huggingface\.co\/[^/]+\/[^/]+\/resolve\/main\//);
      expect(e.url.endsWith(`/${e.fileName}`)).toBe(true);
      expect(e.bytes).toBeGreaterThan(1e7);
      if (e.sha256 !== null) expect(e.sha256).toMatch(/^[0-9a-f]{64}$/);
      else expect(e.checked).toMatch(/not verified/);
      expect(e.bytesExact || e.sha256 === null).toBe(true);
      if (e.role === 'embedding') expect(e.embeddingLength).toBeGreaterThan(0);
    }
  });

  it('offers both roles and at least one French-capable model of each', () => {
    for (const role of ['chat', 'embedding'] as const) {
      expect(MODEL_CATALOG.some((e) => e.role === role && e.french === 'good')).toBe(true);
    }
  });
});

describe('recommendedModels', () => {
  it('an 8 GB machine gets only what fits; French first when asked', () => {
    const r = recommendedModels({ totalRamGb: 8, french: true });
    expect(r.chat.every((e) => e.ramGb <= 8)).toBe(true);
    expect(r.chat.length).toBeGreaterThan(0);
    expect(r.embedding[0].french).toBe('good');
  });

  it('a 32 GB machine gets the largest chat model first', () => {
    const r = recommendedModels({ totalRamGb: 32 });
    expect(r.chat[0].bytes).toBe(Math.max(...MODEL_CATALOG.filter((e) => e.role === 'chat').map((e) => e.bytes)));
    expect(catalogEntry(r.chat[0].id)).toBe(r.chat[0]);
  });
});
