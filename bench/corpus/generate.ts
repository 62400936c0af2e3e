// Generates a corpus of realistic PDF, DOCX and Markdown files in nested folders, deterministically from a
// seed. Used by the benchmarks (indexing throughput, memory, incremental update) and the reliability suite.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type GeneratedDocument, generateDocument } from './document-model';
import { writeDocx } from './docx-writer';
import { writeMarkdown } from './markdown-writer';
import { writePdf } from './pdf-writer';
import { intBetween, type Rand, seeded } from './rng';
import { loadTextSource, type TextSource } from './text-source';

export type CorpusKind = 'pdf' | 'docx' | 'markdown';

export interface CorpusFile {
  relPath: string;
  kind: CorpusKind;
  pages: number | null;
  words: number;
  bytes: number;
}

export interface CorpusManifest {
  dir: string;
  seed: number;
  source: TextSource['name'];
  files: CorpusFile[];
  totals: { files: number; pdfPages: number; words: number; bytes: number; byKind: Record<CorpusKind, number> };
  generateMs: number;
}

export interface CorpusOptions {
  files: number;
  seed?: number;
  /** Share of each kind (default 45 % PDF, 30 % DOCX, 25 % Markdown). */
  mix?: Record<CorpusKind, number>;
  /** Scales the document lengths (default 1: PDFs of 1–12 pages, ~5 on average). */
  lengthScale?: number;
}

const DEFAULT_MIX: Record<CorpusKind, number> = { pdf: 0.45, docx: 0.3, markdown: 0.25 };
const EXT: Record<CorpusKind, string> = { pdf: 'pdf', docx: 'docx', markdown: 'md' };

function kindFor(rand: Rand, mix: Record<CorpusKind, number>): CorpusKind {
  const total = mix.pdf + mix.docx + mix.markdown;
  const r = rand() * total;
  if (r < mix.pdf) return 'pdf';
  if (r < mix.pdf + mix.docx) return 'docx';
  return 'markdown';
}

/** Words of a document: skewed towards short ones, as real folders are (many memos, a few long reports). */
function targetWords(rand: Rand, kind: CorpusKind, scale: number): number {
  const [min, max] = kind === 'pdf' ? [400, 6500] : kind === 'docx' ? [300, 5000] : [150, 3000];
  return Math.round((min + (max - min) * rand() ** 1.8) * scale);
}

function fileName(rand: Rand, index: number, doc: GeneratedDocument, kind: CorpusKind): string {
  const words = doc.title
    .replace(/[^A-Za-z0-9 ]+/g, ' ')
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, intBetween(rand, 2, 5));
  const stem = rand() < 0.5 ? words.join(' ') : words.join('-').toLowerCase();
  return `${String(index).padStart(5, '0')} ${stem || 'untitled'}.${EXT[kind]}`;
}

/** Folder of the i-th file: a two-level tree (about 50 files per leaf), like a shared drive. */
function folderFor(index: number): string {
  const leaf = Math.floor(index / 50);
  return join(
    `area-${String(Math.floor(leaf / 20)).padStart(2, '0')}`,
    `project ${String(leaf % 20).padStart(2, '0')}`,
  );
}

export async function renderFile(
  doc: GeneratedDocument,
  kind: CorpusKind,
): Promise<{ bytes: Buffer; pages: number | null }> {
  if (kind === 'pdf') return writePdf(doc);
  if (kind === 'docx') return { bytes: await writeDocx(doc), pages: null };
  return { bytes: Buffer.from(writeMarkdown(doc), 'utf8'), pages: null };
}

export interface CorpusEntry {
  index: number;
  kind: CorpusKind;
  relPath: string;
  doc: GeneratedDocument;
}

/** The corpus's documents in order; the same options always give the same documents. */
export function* corpusEntries(opts: CorpusOptions): Generator<CorpusEntry> {
  const source = loadTextSource();
  const rand = seeded(opts.seed ?? 1);
  const mix = opts.mix ?? DEFAULT_MIX;
  for (let index = 0; index < opts.files; index++) {
    const kind = kindFor(rand, mix);
    const doc = generateDocument(rand, source, targetWords(rand, kind, opts.lengthScale ?? 1));
    yield { index, kind, doc, relPath: join(folderFor(index), fileName(rand, index, doc, kind)) };
  }
}

/** Re-creates the document of one file of a corpus (to edit it as a person would). */
export function corpusEntry(opts: CorpusOptions, index: number): CorpusEntry {
  for (const e of corpusEntries({ ...opts, files: index + 1 })) if (e.index === index) return e;
  throw new RangeError(`no file ${index} in a corpus of ${opts.files}`);
}

export async function generateCorpus(dir: string, opts: CorpusOptions): Promise<CorpusManifest> {
  const started = performance.now();
  const files: CorpusFile[] = [];
  const made = new Set<string>();
  for (const { kind, doc, relPath } of corpusEntries(opts)) {
    const folder = dirname(join(dir, relPath));
    if (!made.has(folder)) {
      mkdirSync(folder, { recursive: true });
      made.add(folder);
    }
    const { bytes, pages } = await renderFile(doc, kind);
    writeFileSync(join(dir, relPath), bytes);
    files.push({ relPath, kind, pages, words: doc.words, bytes: bytes.length });
  }
  const byKind: Record<CorpusKind, number> = { pdf: 0, docx: 0, markdown: 0 };
  for (const f of files) byKind[f.kind]++;
  return {
    dir,
    seed: opts.seed ?? 1,
    source: loadTextSource().name,
    files,
    totals: {
      files: files.length,
      pdfPages: files.reduce((n, f) => n + (f.pages ?? 0), 0),
      words: files.reduce((n, f) => n + f.words, 0),
      bytes: files.reduce((n, f) => n + f.bytes, 0),
      byKind,
    },
    generateMs: Math.round(performance.now() - started),
  };
}

/** A single document of the corpus style (for edits and one-off files in tests). */
export function oneDocument(seed: number, words: number): GeneratedDocument {
  return generateDocument(seeded(seed), loadTextSource(), words);
}
