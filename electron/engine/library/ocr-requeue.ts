// Reading scans again when the OCR settings change: the store remembers which OCR languages (or 'off') the
// library's documents were read with, and the documents that depend on OCR are queued again when OCR is
// turned on or its languages change (also after an upgrade from a version without OCR). Turning OCR off
// keeps the text already recognised; files read from then on are not OCR'd.
import type { JobQueue } from '../store/jobs';
import type { SqliteStore } from '../store/sqlite';
import type { LibraryLog, LibrarySettings } from './types';

/** The OCR languages (or 'off') the library's scans were last read with, in the store's settings table. */
const OCR_APPLIED_KEY = 'ocr-applied';

/** Queues the documents that depend on OCR again if the OCR settings changed; returns how many. */
export function requeueForOcr(o: {
  store: SqliteStore;
  queue: JobQueue;
  settings: LibrarySettings;
  log: LibraryLog;
  notifyChanged(folderId: number | null): void;
}): number {
  const ocr = o.settings.ocr;
  const current = ocr?.enabled ? ocr.languages.join('+') : 'off';
  const applied = o.store.getSetting<string>(OCR_APPLIED_KEY);
  if (applied === current) return 0;
  o.store.setSetting(OCR_APPLIED_KEY, current);
  if (current === 'off') return 0;
  const docs = o.store.documentsForOcr();
  for (const doc of docs) o.queue.enqueue('index', doc.folderId, doc.path);
  if (docs.length > 0) {
    o.log.info?.(`OCR (${current}): ${docs.length} scanned document(s) queued to be read again`);
    o.notifyChanged(null);
  }
  return docs.length;
}
