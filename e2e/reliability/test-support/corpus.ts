// Realistic files for the reliability tests, from the benchmark's generators (PDF, DOCX, Markdown).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { generateCorpus } from '../../../bench/corpus/generate';
import { type CorpusKind, renderFile } from '../../../bench/corpus/generate';
import { oneDocument } from '../../../bench/corpus/generate';

export { generateCorpus };

/** Writes one generated document of `words` words as `kind` at `path` (folders created). */
export async function writeDocument(
  path: string,
  kind: CorpusKind,
  seed: number,
  words = 600,
  extra?: string,
): Promise<void> {
  const doc = oneDocument(seed, words);
  if (extra) doc.sections[0].blocks.unshift({ type: 'paragraph', text: extra });
  const { bytes } = await renderFile(doc, kind);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, bytes);
}

export function extensionOf(kind: CorpusKind): string {
  return kind === 'markdown' ? 'md' : kind;
}

export function pathIn(dir: string, ...parts: string[]): string {
  return join(dir, ...parts);
}
