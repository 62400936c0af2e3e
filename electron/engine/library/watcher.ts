// Watches one folder with chokidar and reports file-level changes that pass the folder's filter. The
// initial state is the catch-up scan's business (ignoreInitial), so starting a watcher costs no events.
import { realpathSync, type Stats } from 'node:fs';
import { relative, sep } from 'node:path';
import { type FSWatcher, watch } from 'chokidar';
import { FileFilter, type FilterRules, isSkippedName } from './filter';

export interface WatcherEvents {
  added(path: string, stats: Stats | undefined): void;
  changed(path: string, stats: Stats | undefined): void;
  unlinked(path: string): void;
  error(error: unknown): void;
}

export interface WatcherOptions {
  /** How long a file's size must stay the same before it counts as written (ms). */
  stabilityMs?: number;
  usePolling?: boolean;
}

export class FolderWatcher {
  private watcher: FSWatcher | null = null;
  private readonly filter: FileFilter;
  /** Real path of each directory → the first path it was reached by (chokidar itself follows symlink loops). */
  private readonly dirsByRealPath = new Map<string, string>();

  constructor(
    readonly root: string,
    rules: FilterRules,
    private readonly events: WatcherEvents,
    private readonly opts: WatcherOptions = {},
  ) {
    this.filter = new FileFilter(rules);
  }

  private rel(path: string): string {
    return relative(this.root, path);
  }

  private ignored = (path: string, stats?: Stats): boolean => {
    const rel = this.rel(path);
    if (rel === '') return false;
    if (rel.startsWith('..')) return true;
    if (rel.split(sep).some(isSkippedName)) return true;
    if (stats?.isFile()) return this.filter.accepts(rel) === null;
    if (this.filter.skipsDirectory(rel)) return true;
    if (stats?.isDirectory()) return this.isSecondRoute(path);
    return false;
  };

  /** A directory already watched through another path (a symlink loop, or two links to one tree). */
  private isSecondRoute(path: string): boolean {
    let real: string;
    try {
      real = realpathSync(path);
    } catch {
      return false;
    }
    const first = this.dirsByRealPath.get(real);
    if (first === undefined) {
      this.dirsByRealPath.set(real, path);
      return false;
    }
    return first !== path;
  }

  /** Resolves once chokidar has set up its watches (changes after that are reported). */
  start(): Promise<void> {
    this.dirsByRealPath.clear();
    this.dirsByRealPath.set(realpathSync(this.root), this.root);
    const stability = this.opts.stabilityMs ?? 200;
    const watcher = watch(this.root, {
      ignoreInitial: true,
      persistent: true,
      followSymlinks: true,
      alwaysStat: true,
      ignorePermissionErrors: true,
      usePolling: this.opts.usePolling ?? false,
      awaitWriteFinish: { stabilityThreshold: stability, pollInterval: Math.max(20, Math.floor(stability / 4)) },
      ignored: this.ignored,
    });
    this.watcher = watcher;
    watcher.on('add', (path, stats) => {
      if (this.filter.accepts(this.rel(path))) this.events.added(path, stats);
    });
    watcher.on('change', (path, stats) => {
      if (this.filter.accepts(this.rel(path))) this.events.changed(path, stats);
    });
    watcher.on('unlink', (path) => {
      if (this.filter.accepts(this.rel(path))) this.events.unlinked(path);
    });
    watcher.on('error', (error) => this.events.error(error));
    return new Promise((resolve) => watcher.once('ready', () => resolve()));
  }

  async close(): Promise<void> {
    const w = this.watcher;
    this.watcher = null;
    await w?.close();
  }
}
