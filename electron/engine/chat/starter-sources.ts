// What starter questions are made from: the user's most recently changed documents (their file names),
// the headings and table row labels of each, and the names repeated across them. Reads a bounded sample
// of the store (a few documents, their first chunks), so it stays cheap in a library of any size.
import { basename, extname } from 'node:path';
import type { DocumentInfo } from '../../../shared/types';
import type { SqliteStore } from '../store/sqlite';
import { headingTopic, namesIn, rowLabels } from './starter-topics';

export interface DocumentSubjects {
  documentId: number;
  /** The file name without its extension: what a person calls the document. */
  title: string;
  /** Topics by how much of the document they cover, most first. */
  headings: string[];
  rowLabels: string[];
}

export interface LibrarySubjects {
  documents: DocumentSubjects[];
  /** Names repeated in several passages of the sample, most frequent first. */
  names: string[];
  /** The sample's identity (ids, names, chunk counts): a change of it means other questions. */
  fingerprint: string;
}

export interface SampleOptions {
  /** Documents read (default 6). */
  documents?: number;
  /** Chunks read per document (default 120). */
  chunks?: number;
}

const PAGE = 1000;
/** Documents listed to find the most recent ones; past this, the first ones by path are enough. */
const MAX_LISTED = 20_000;

/** The title a person would use for a document: its file name, extension dropped. */
export function documentTitle(relPath: string): string {
  const name = basename(relPath.replace(/\\/g, '/'));
  return (name.slice(0, name.length - extname(name).length) || name).trim();
}

/** Indexed documents with chunks, most recently modified first. */
export function recentDocuments(store: SqliteStore, limit: number): DocumentInfo[] {
  const all: DocumentInfo[] = [];
  for (let offset = 0; offset < MAX_LISTED; offset += PAGE) {
    const page = store.listDocuments({ statuses: ['indexed'], offset, limit: PAGE });
    all.push(...page.items.filter((d) => d.chunks > 0));
    if (page.items.length < PAGE) break;
  }
  return all.sort((a, b) => b.mtimeMs - a.mtimeMs || b.id - a.id).slice(0, limit);
}

/** Keys of `counts` with at least `min`, most counted first (ties: first seen first). */
function ranked(counts: Map<string, number>, min = 1): string[] {
  return [...counts]
    .filter(([, n]) => n >= min)
    .sort((a, b) => b[1] - a[1])
    .map(([k]) => k);
}

const bump = (m: Map<string, number>, k: string, by = 1) => m.set(k, (m.get(k) ?? 0) + by);

export function librarySubjects(store: SqliteStore, opts: SampleOptions = {}): LibrarySubjects {
  const docs = recentDocuments(store, opts.documents ?? 6);
  const names = new Map<string, number>();
  const lowercase = new Map<string, number>();
  const documents: DocumentSubjects[] = [];
  for (const doc of docs) {
    const chunks = store.documentChunks(doc.id).slice(0, opts.chunks ?? 120);
    const headings = new Map<string, number>();
    const labels = new Map<string, number>();
    for (const c of chunks) {
      for (const h of new Set(c.headingPath)) {
        const topic = headingTopic(h);
        if (topic) bump(headings, topic);
      }
      for (const l of rowLabels(c.text)) bump(labels, l);
      for (const n of namesIn(c.text)) bump(names, n);
      for (const w of c.text.match(/(?<![\p{L}])\p{Ll}+(?![\p{L}])/gu) ?? []) bump(lowercase, w);
    }
    const title = documentTitle(doc.relPath);
    // A heading over most of a long document is its title or a running header, not one of its topics.
    const most = chunks.length >= 5 ? chunks.length * 0.6 : Number.POSITIVE_INFINITY;
    const sameAsTitle = (t: string) => t.toLowerCase() === title.toLowerCase();
    documents.push({
      documentId: doc.id,
      title,
      // A section has several passages; a heading over one is often a cover page's line.
      headings: ranked(headings, 2)
        .filter((h) => (headings.get(h) ?? 0) <= most && !sameAsTitle(h))
        .sort((a, b) => Number(b.includes(' ')) - Number(a.includes(' '))),
      // Labels of several words name a line ("Cash and cash equivalents"); one word is often a sub-row ("Basic").
      rowLabels: ranked(labels).sort((a, b) => Number(b.includes(' ')) - Number(a.includes(' '))),
    });
  }
  const titles = new Set(documents.map((d) => d.title.toLowerCase()));
  return {
    documents,
    // A capitalised word also written in lower case is a common word at the start of a line ("Other").
    names: ranked(names, 3).filter(
      (n) => !titles.has(n.toLowerCase()) && (lowercase.get(n.toLowerCase()) ?? 0) < (names.get(n) ?? 0),
    ),
    fingerprint: docs.map((d) => `${d.id}:${d.relPath}:${d.chunks}:${d.mtimeMs}`).join('|'),
  };
}
