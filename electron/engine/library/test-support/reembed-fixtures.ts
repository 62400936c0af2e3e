// Test-only helpers for the re-embed tests: the two REAL embedders they switch between (the offline GloVe one,
// and Gemini's client against the local fake Gemini server), tagged with the spec a provider would give them
// so the library can rebuild the active one after a restart, and what the fake server was asked to embed.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RecordedRequest } from '../../../../test-support/fake-gemini/server';
import { GeminiEmbedder } from '../../embed/gemini';
import { OfflineEmbedder } from '../../embed/offline';
import type { Embedder } from '../../types';
import { markdownDoc } from './helpers';

export const FAKE_KEY = 'reembed-test-key';
export const GEMINI_DIM = 32;

type Spec = { kind: 'offline' } | { kind: 'gemini'; baseUrl: string; dim: number };

/** Tags a real embedder with the spec a provider would record (providers.ts fills it in the app). */
function withSpec<E extends Embedder>(e: E, spec: Spec): E {
  Object.defineProperty(e, 'spec', { value: spec, enumerable: true });
  return e;
}

export function offlineEmbedder(): OfflineEmbedder {
  return withSpec(new OfflineEmbedder(), { kind: 'offline' });
}

export function geminiEmbedder(baseUrl: string, dim = GEMINI_DIM): GeminiEmbedder {
  return withSpec(
    new GeminiEmbedder({ apiKey: FAKE_KEY, baseUrl, outputDimensionality: dim, retry: { maxAttempts: 1 } }),
    { kind: 'gemini', baseUrl, dim },
  );
}

/** What a provider's embedderFromSpec does, for the two kinds above. */
export function embedderFromSpec(spec: unknown): Embedder | null {
  const s = spec as Partial<Spec> | null;
  if (s?.kind === 'offline') return offlineEmbedder();
  if (s?.kind === 'gemini' && typeof s.baseUrl === 'string' && typeof s.dim === 'number') {
    return geminiEmbedder(s.baseUrl, s.dim);
  }
  return null;
}

type EmbedBody = { requests?: { taskType?: string; content?: { parts?: { text?: string }[] } }[] } | null;

/** Every document text the fake server was asked to embed, in order (search queries left out). */
export function embeddedTexts(requests: RecordedRequest[]): string[] {
  const texts: string[] = [];
  for (const r of requests) {
    if (r.kind !== 'embed') continue;
    for (const q of (r.body as EmbedBody)?.requests ?? []) {
      if (q.taskType !== 'RETRIEVAL_DOCUMENT') continue;
      texts.push((q.content?.parts ?? []).map((p) => p.text ?? '').join(''));
    }
  }
  return texts;
}

/** `count` Markdown files of `sections` sections each, every section its own chunk text. */
export function writeDocs(dir: string, count: number, sections: number, seedBase = 100): void {
  for (let i = 0; i < count; i++) {
    writeFileSync(
      join(dir, `doc-${seedBase + i}.md`),
      markdownDoc(`Document ${seedBase + i}`, sections, seedBase * 10 + i * sections),
    );
  }
}
