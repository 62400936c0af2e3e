// Read-only views of the library for the command line (and anything else that wants the same shapes):
// the status report, the indexing summary and the one-line progress display. The JSON shapes here are
// documented in docs/cli.md and versioned: add fields, never rename or remove them.
import { basename } from 'node:path';
import type { DocFlag, DocStatus, FolderInfo, IndexProgress } from '../../../shared/types';
import type { SqliteStore } from '../store/sqlite';
import type { LibraryRunStats } from './library';

export interface StatusReportDocument {
  path: string;
  status: DocStatus;
  message: string | null;
  pages: number | null;
  chunks: number;
  flags: DocFlag[];
}

export interface StatusReport {
  version: 1;
  folders: FolderInfo[];
  documents: StatusReportDocument[];
}

const PAGE = 1000;

export function statusReport(store: Pick<SqliteStore, 'listFolders' | 'listDocuments'>): StatusReport {
  const documents: StatusReportDocument[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const { items } = store.listDocuments({ offset, limit: PAGE });
    for (const d of items) {
      documents.push({
        path: d.path,
        status: d.status,
        message: d.message,
        pages: d.pages,
        chunks: d.chunks,
        flags: d.flags,
      });
    }
    if (items.length < PAGE) break;
  }
  documents.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { version: 1, folders: store.listFolders(), documents };
}

export function countByStatus(docs: { status: DocStatus }[]): Partial<Record<DocStatus, number>> {
  const out: Partial<Record<DocStatus, number>> = {};
  for (const d of docs) out[d.status] = (out[d.status] ?? 0) + 1;
  return out;
}

export interface IndexSummary {
  version: 1;
  dataDir: string;
  folder: { id: number; path: string };
  seconds: number;
  /** Work done by this run (files already up to date cost nothing and are not counted). */
  processed: { jobs: number; indexed: number; pages: number; chunks: number; embedded: number };
  pagesPerSecond: number;
  chunksPerSecond: number;
  /** Every document of the folder, by status, after the run. */
  statuses: Partial<Record<DocStatus, number>>;
  totals: { documents: number; chunks: number; pages: number };
  /** Peak resident memory of the process so far (MB). */
  peakRssMb: number;
}

export function indexSummary(
  store: Pick<SqliteStore, 'listDocuments'>,
  folder: { id: number; path: string },
  stats: LibraryRunStats,
  seconds: number,
  dataDir: string,
): IndexSummary {
  const docs = [];
  for (let offset = 0; ; offset += PAGE) {
    const { items } = store.listDocuments({ folderId: folder.id, offset, limit: PAGE });
    docs.push(...items);
    if (items.length < PAGE) break;
  }
  const rate = (n: number) => (seconds > 0 ? Math.round((n / seconds) * 10) / 10 : 0);
  return {
    version: 1,
    dataDir,
    folder: { id: folder.id, path: folder.path },
    seconds: Math.round(seconds * 100) / 100,
    processed: {
      jobs: stats.jobs,
      indexed: stats.byResult.indexed ?? 0,
      pages: stats.pages,
      chunks: stats.chunks,
      embedded: stats.embedded,
    },
    pagesPerSecond: rate(stats.pages),
    chunksPerSecond: rate(stats.chunks),
    statuses: countByStatus(docs),
    totals: {
      documents: docs.length,
      chunks: docs.reduce((n, d) => n + d.chunks, 0),
      pages: docs.reduce((n, d) => n + (d.status === 'indexed' ? (d.pages ?? 0) : 0), 0),
    },
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
}

export function formatSummary(s: IndexSummary): string {
  const statuses = Object.entries(s.statuses)
    .sort((a, b) => b[1] - a[1])
    .map(([status, n]) => `${n} ${status}`)
    .join(', ');
  const p = s.processed;
  return [
    `${s.folder.path}: ${s.totals.documents} document${s.totals.documents === 1 ? '' : 's'}${statuses ? ` (${statuses})` : ''}`,
    `  library: ${s.totals.chunks} chunks, ${s.totals.pages} pages indexed`,
    `  this run: ${p.jobs} file change${p.jobs === 1 ? '' : 's'} processed, ${p.indexed} indexed, ${p.pages} pages, ${p.chunks} chunks (${p.embedded} embedded) in ${s.seconds.toFixed(1)} s — ${s.pagesPerSecond} pages/s, ${s.chunksPerSecond} chunks/s, peak memory ${s.peakRssMb} MB`,
    '',
  ].join('\n');
}

export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

/** Cuts the middle of a long name, so both its start and its extension stay readable. */
function ellipsize(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 1) return '';
  const tail = Math.floor((max - 1) / 2);
  return `${text.slice(0, max - 1 - tail)}…${text.slice(text.length - tail)}`;
}

/** `[#####.....] 12/35 files · 120 chunks/s · ETA 0:42 · report.pdf`, fitted to `width` columns. */
export function formatProgressLine(p: IndexProgress, width = 100, bar = true): string {
  const ratio = p.filesTotal > 0 ? Math.min(1, p.filesDone / p.filesTotal) : 0;
  const barWidth = 20;
  const filled = Math.round(ratio * barWidth);
  const parts = [
    `${bar ? `[${'#'.repeat(filled)}${'.'.repeat(barWidth - filled)}] ` : ''}${p.filesDone}/${p.filesTotal} files`,
    p.state === 'paused' ? 'paused' : p.state === 'scanning' ? 'scanning' : null,
    `${p.chunksPerSecond.toFixed(p.chunksPerSecond < 10 ? 1 : 0)} chunks/s`,
    p.etaSeconds !== null && p.filesTotal > p.filesDone ? `ETA ${formatDuration(p.etaSeconds)}` : null,
    p.fileStep ? `OCR page ${Math.min(p.fileStep.done + 1, p.fileStep.total)}/${p.fileStep.total}` : null,
  ].filter((x): x is string => x !== null);
  const head = parts.join(' · ');
  if (!p.currentFile) return head.slice(0, width);
  const room = width - head.length - 3;
  return room > 8 ? `${head} · ${ellipsize(basename(p.currentFile), room)}` : head.slice(0, width);
}
