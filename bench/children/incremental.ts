// Child: on an indexed library (data folder + its corpus), restarts the library with its watcher, then
// edits files as a person would and measures the time until the edit is found by search; renames and
// moves files and counts the texts sent to the embedder (the goal is none). Usage: incremental.ts PLAN.json
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { chunkDocument, openLibrary, parseFile } from '../../electron/engine/public/pipeline';
import {
  type EmbedOptions,
  type Embedder,
  OfflineEmbedder,
  hybridSearch,
} from '../../electron/engine/public/retrieval';
import { type CorpusKind, type CorpusOptions, corpusEntry, renderFile } from '../corpus/generate';
import { sendResult } from '../lib/child';

interface Plan {
  dataDir: string;
  folder: string;
  corpus: CorpusOptions;
  edits: { index: number; relPath: string; kind: CorpusKind }[];
  renames: { relPath: string }[];
}

const plan = JSON.parse(readFileSync(process.argv[2], 'utf8')) as Plan;

/** The offline embedder, counting what it is asked to embed. */
class CountingEmbedder implements Embedder {
  texts = 0;
  calls = 0;
  constructor(private readonly inner: Embedder) {}
  get id() {
    return this.inner.id;
  }
  get dim() {
    return this.inner.dim;
  }
  get local() {
    return this.inner.local;
  }
  embedDocuments(texts: string[], opts?: EmbedOptions) {
    this.calls++;
    this.texts += texts.length;
    return this.inner.embedDocuments(texts, opts);
  }
  embedQuery(text: string, opts?: EmbedOptions) {
    return this.inner.embedQuery(text, opts);
  }
}

const embedder = new CountingEmbedder(new OfflineEmbedder());
const t0 = performance.now();
const lib = await openLibrary(plan.dataDir, { embedder });
await lib.library.start({ watch: true });
await lib.library.whenIdle();
const restartMs = performance.now() - t0;
const restartEmbedded = embedder.texts;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor(check: () => Promise<boolean> | boolean, timeoutMs = 60_000): Promise<number> {
  const start = performance.now();
  while (performance.now() - start < timeoutMs) {
    if (await check()) return performance.now() - start;
    await sleep(10);
  }
  return Number.NaN;
}

const edits: {
  kind: CorpusKind;
  ms: number;
  embeddedTexts: number;
  chunks: number;
  floorMs: number;
  phase: 'first' | 'first-pdf' | 'warm';
}[] = [];
let n = 0;
// The first edit after a start also pays for starting the parse worker, and the first PDF for loading
// pdf.js into it: both measured, and reported apart from the warm edits.
const firstPdf = plan.edits.find((e) => e.kind === 'pdf');
const sequence = [plan.edits[0], ...(firstPdf && plan.edits[0] !== firstPdf ? [firstPdf] : []), ...plan.edits];
for (const [i, e] of sequence.entries()) {
  const path = join(plan.folder, e.relPath);
  const { doc } = corpusEntry(plan.corpus, e.index);
  const marker = `zebrafinch${e.index}quokka${n++}`;
  const last = doc.sections[doc.sections.length - 1];
  last.blocks.push({ type: 'paragraph', text: `A late addition: the ${marker} protocol was approved after review.` });
  const { bytes } = await renderFile(doc, e.kind);
  await sleep(300); // let the watcher settle between edits
  const before = embedder.texts;
  writeFileSync(path, bytes);
  const ms = await waitFor(async () => {
    const hits = await hybridSearch(
      { store: lib.store, vectors: lib.vectors, embedder },
      { query: marker, k: 3, mode: 'hybrid' },
    );
    return hits.some((h) => h.chunk.path === path && h.chunk.text.includes(marker));
  });
  const embeddedTexts = embedder.texts - before;
  // The floor: parsing, chunking and embedding this one file from scratch, nothing else.
  const f0 = performance.now();
  const parsed = await parseFile(path);
  const drafts = chunkDocument(parsed);
  await embedder.embedDocuments(drafts.map((d) => d.text));
  const floorMs = performance.now() - f0;
  embedder.texts -= drafts.length;
  const phase = i === 0 ? 'first' : i === 1 && firstPdf && plan.edits[0] !== firstPdf ? 'first-pdf' : 'warm';
  edits.push({ kind: e.kind, ms, embeddedTexts, chunks: drafts.length, floorMs, phase });
}

const renames: { how: string; ms: number; embeddedTexts: number; embedCalls: number }[] = [];
for (const [i, r] of plan.renames.entries()) {
  const from = join(plan.folder, r.relPath);
  const how = i % 2 === 0 ? 'rename in place' : 'move to another folder';
  const to =
    i % 2 === 0
      ? join(dirname(from), `renamed ${i} ${from.split('/').pop()}`)
      : join(plan.folder, plan.renames[0].relPath.split('/')[0], `moved ${i} ${from.split('/').pop()}`);
  await lib.library.whenIdle();
  await sleep(300);
  const texts = embedder.texts;
  const calls = embedder.calls;
  renameSync(from, to);
  const ms = await waitFor(() => {
    const doc = lib.store.getDocumentByPath(to);
    return doc !== null && doc.status === 'indexed' && lib.store.getDocumentByPath(from) === null;
  });
  await lib.library.whenIdle();
  renames.push({ how, ms, embeddedTexts: embedder.texts - texts, embedCalls: embedder.calls - calls });
}

await lib.close();
sendResult({ restartMs, restartEmbedded, edits, renames });
process.exit(0);
