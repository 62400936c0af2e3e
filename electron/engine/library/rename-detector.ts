// Turns the watcher's unlink + add pairs into renames, so a moved file keeps its chunks and vectors instead
// of being parsed and embedded again. Chokidar reports the two halves of a move separately and in either
// order (the unlink often ~100 ms late), so each half waits a short window for its partner.
export interface FileStamp {
  size: number;
  mtimeMs: number;
}

export type DetectedChange =
  | { kind: 'index'; folderId: number; path: string }
  | { kind: 'remove'; folderId: number; path: string }
  | { kind: 'rename'; folderId: number; from: string; to: string };

interface Held {
  folderId: number;
  path: string;
  stamp: FileStamp;
  timer: NodeJS.Timeout;
}

export interface RenameDetectorOptions {
  windowMs: number;
  /** What the store knows of a path (size and mtime when it was last seen), or null if it is unknown. */
  known(path: string): FileStamp | null;
  emit(change: DetectedChange): void;
}

function sameFile(a: FileStamp, b: FileStamp): boolean {
  // A move keeps size and modification time; an unrelated new file almost never matches both.
  return a.size === b.size && Math.abs(a.mtimeMs - b.mtimeMs) < 1;
}

export class RenameDetector {
  private adds = new Map<string, Held>();
  private unlinks = new Map<string, Held>();

  constructor(private readonly opts: RenameDetectorOptions) {}

  /** Events still waiting for a partner (the library is not idle while there are some). */
  get heldCount(): number {
    return this.adds.size + this.unlinks.size;
  }

  added(folderId: number, path: string, stamp: FileStamp): void {
    this.drop(this.unlinks, path); // deleted then re-created under the same name: just index it
    if (this.opts.known(path)) {
      this.opts.emit({ kind: 'index', folderId, path });
      return;
    }
    const partner = this.findPartner(this.unlinks, folderId, stamp);
    if (partner) {
      this.drop(this.unlinks, partner.path);
      this.opts.emit({ kind: 'rename', folderId, from: partner.path, to: path });
      return;
    }
    this.hold(this.adds, { folderId, path, stamp }, () => this.opts.emit({ kind: 'index', folderId, path }));
  }

  changed(folderId: number, path: string): void {
    this.opts.emit({ kind: 'index', folderId, path });
  }

  unlinked(folderId: number, path: string): void {
    if (this.drop(this.adds, path)) return; // appeared and vanished within the window: nothing to do
    const stamp = this.opts.known(path);
    if (!stamp) {
      this.opts.emit({ kind: 'remove', folderId, path });
      return;
    }
    const partner = this.findPartner(this.adds, folderId, stamp);
    if (partner) {
      this.drop(this.adds, partner.path);
      this.opts.emit({ kind: 'rename', folderId, from: path, to: partner.path });
      return;
    }
    this.hold(this.unlinks, { folderId, path, stamp }, () => this.opts.emit({ kind: 'remove', folderId, path }));
  }

  /** Emits everything still held as it is (at stop: the jobs persist for the next start). */
  flushAll(): void {
    const held: DetectedChange[] = [
      ...[...this.adds.values()].map((h) => ({ kind: 'index' as const, folderId: h.folderId, path: h.path })),
      ...[...this.unlinks.values()].map((h) => ({ kind: 'remove' as const, folderId: h.folderId, path: h.path })),
    ];
    this.clear();
    for (const change of held) this.opts.emit(change);
  }

  /** Forgets the held events of a folder (it was removed from the library). */
  forgetFolder(folderId: number): void {
    for (const map of [this.adds, this.unlinks]) {
      for (const h of [...map.values()]) if (h.folderId === folderId) this.drop(map, h.path);
    }
  }

  clear(): void {
    for (const h of [...this.adds.values(), ...this.unlinks.values()]) clearTimeout(h.timer);
    this.adds.clear();
    this.unlinks.clear();
  }

  private findPartner(map: Map<string, Held>, folderId: number, stamp: FileStamp): Held | null {
    let found: Held | null = null;
    for (const h of map.values()) {
      if (h.folderId !== folderId || !sameFile(h.stamp, stamp)) continue;
      if (found) return null; // ambiguous: two candidates; delete + add is always correct
      found = h;
    }
    return found;
  }

  private hold(map: Map<string, Held>, h: Omit<Held, 'timer'>, expire: () => void): void {
    this.drop(map, h.path);
    const timer = setTimeout(() => {
      map.delete(h.path);
      expire();
    }, this.opts.windowMs);
    map.set(h.path, { ...h, timer });
  }

  private drop(map: Map<string, Held>, path: string): boolean {
    const h = map.get(path);
    if (!h) return false;
    clearTimeout(h.timer);
    map.delete(path);
    return true;
  }
}
