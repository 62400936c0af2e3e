// Catch-up: reconcile what is on disk with what the store knows, for changes made while Lucarne was closed
// (or missed by the watcher). Planning is pure; the library applies the plan by queueing jobs.
import type { DocStatus } from '../../../shared/types';
import { sameMtime } from './pipeline';
import type { ScannedFile } from './scan';

export interface KnownDocument {
  id: number;
  size: number;
  mtimeMs: number;
  status: DocStatus;
}

export interface SyncPlan {
  index: ScannedFile[]; // new or changed (or never finished)
  /** Paths in `index` only because their status says work never finished (the file itself is unchanged). */
  unfinished: Set<string>;
  tooLarge: ScannedFile[]; // above the size limit and not yet marked so
  remove: string[]; // known paths no longer on disk
  rename: { from: string; to: ScannedFile }[];
  unchanged: number;
}

/** Statuses that mean "work was planned but never finished": a file in one of them is queued again. */
const UNFINISHED = new Set<DocStatus>(['queued', 'indexing']);

function stampKey(size: number, mtimeMs: number): string {
  return `${size}:${Math.floor(mtimeMs)}`;
}

/**
 * `force` re-queues every file (after the chunk settings changed). A gone path and a new path with the
 * same size and modification time are paired as a rename (a move keeps the mtime), but only when the
 * pairing is unambiguous: two identical candidates are left as delete + add, which is always correct.
 */
export function planSync(
  disk: ScannedFile[],
  known: Map<string, KnownDocument>,
  opts: { force?: boolean } = {},
): SyncPlan {
  const plan: SyncPlan = { index: [], unfinished: new Set(), tooLarge: [], remove: [], rename: [], unchanged: 0 };
  const onDisk = new Set<string>();
  const fresh: ScannedFile[] = [];
  for (const file of disk) {
    onDisk.add(file.path);
    const doc = known.get(file.path);
    if (file.tooLarge) {
      const same = doc && doc.size === file.size && sameMtime(doc.mtimeMs, file.mtimeMs);
      if (doc?.status === 'too-large' && same) plan.unchanged++;
      else plan.tooLarge.push(file);
      continue;
    }
    if (!doc) {
      fresh.push(file);
      continue;
    }
    const same = doc.size === file.size && sameMtime(doc.mtimeMs, file.mtimeMs);
    // A file marked too large whose limit was raised since is indexed now.
    if (opts.force || !same || doc.status === 'too-large') plan.index.push(file);
    else if (UNFINISHED.has(doc.status)) {
      plan.index.push(file);
      plan.unfinished.add(file.path);
    } else plan.unchanged++;
  }
  const gone = [...known.entries()].filter(([path]) => !onDisk.has(path));

  const goneByStamp = new Map<string, string[]>();
  for (const [path, doc] of gone) {
    const key = stampKey(doc.size, doc.mtimeMs);
    goneByStamp.set(key, [...(goneByStamp.get(key) ?? []), path]);
  }
  const freshByStamp = new Map<string, ScannedFile[]>();
  for (const f of fresh) {
    const key = stampKey(f.size, f.mtimeMs);
    freshByStamp.set(key, [...(freshByStamp.get(key) ?? []), f]);
  }
  const renamedFrom = new Set<string>();
  for (const f of fresh) {
    const key = stampKey(f.size, f.mtimeMs);
    const from = goneByStamp.get(key);
    if (from?.length === 1 && freshByStamp.get(key)?.length === 1 && !opts.force) {
      plan.rename.push({ from: from[0], to: f });
      renamedFrom.add(from[0]);
    } else {
      plan.index.push(f);
    }
  }
  for (const [path] of gone) if (!renamedFrom.has(path)) plan.remove.push(path);
  return plan;
}
