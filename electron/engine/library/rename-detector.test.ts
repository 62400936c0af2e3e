import { afterEach, describe, expect, it } from 'vitest';
import { eventually } from './test-support/helpers';
import { type DetectedChange, type FileStamp, RenameDetector } from './rename-detector';

function setup(knownPaths: Record<string, FileStamp>, windowMs = 80) {
  const events: DetectedChange[] = [];
  const d = new RenameDetector({ windowMs, known: (p) => knownPaths[p] ?? null, emit: (e) => events.push(e) });
  return { d, events };
}

describe('RenameDetector', () => {
  let d: RenameDetector | null = null;
  afterEach(() => d?.clear());

  it('turns unlink then add of the same file into a rename', async () => {
    const s = setup({ '/f/a.md': { size: 10, mtimeMs: 5 } });
    d = s.d;
    s.d.unlinked(1, '/f/a.md');
    expect(s.d.heldCount).toBe(1);
    s.d.added(1, '/f/b.md', { size: 10, mtimeMs: 5 });
    expect(s.events).toEqual([{ kind: 'rename', folderId: 1, from: '/f/a.md', to: '/f/b.md' }]);
    expect(s.d.heldCount).toBe(0);
  });

  it('also pairs an add reported before its unlink', () => {
    const s = setup({ '/f/a.md': { size: 10, mtimeMs: 5 } });
    d = s.d;
    s.d.added(1, '/f/b.md', { size: 10, mtimeMs: 5 });
    expect(s.events).toEqual([]);
    s.d.unlinked(1, '/f/a.md');
    expect(s.events).toEqual([{ kind: 'rename', folderId: 1, from: '/f/a.md', to: '/f/b.md' }]);
  });

  it('lets unmatched halves through after the window', async () => {
    const s = setup({ '/f/a.md': { size: 10, mtimeMs: 5 } });
    d = s.d;
    s.d.unlinked(1, '/f/a.md');
    s.d.added(1, '/f/c.md', { size: 11, mtimeMs: 5 }); // different size: not the same file
    expect(s.events).toEqual([]);
    await eventually(() => s.d.heldCount === 0, 5000, 'the window to pass');
    expect(s.events).toContainEqual({ kind: 'remove', folderId: 1, path: '/f/a.md' });
    expect(s.events).toContainEqual({ kind: 'index', folderId: 1, path: '/f/c.md' });
    expect(s.d.heldCount).toBe(0);
  });

  it('does not pair across folders, and indexes known paths at once', () => {
    const s = setup({ '/f/a.md': { size: 10, mtimeMs: 5 }, '/f/known.md': { size: 1, mtimeMs: 1 } });
    d = s.d;
    s.d.unlinked(1, '/f/a.md');
    s.d.added(2, '/g/a.md', { size: 10, mtimeMs: 5 });
    expect(s.events).toEqual([]);
    s.d.added(1, '/f/known.md', { size: 2, mtimeMs: 2 });
    expect(s.events).toEqual([{ kind: 'index', folderId: 1, path: '/f/known.md' }]);
  });

  it('emits everything held on flushAll', () => {
    const s = setup({ '/f/a.md': { size: 10, mtimeMs: 5 } });
    d = s.d;
    s.d.unlinked(1, '/f/a.md');
    s.d.added(1, '/f/new.md', { size: 3, mtimeMs: 3 });
    s.d.flushAll();
    expect(s.events).toHaveLength(2);
    expect(s.d.heldCount).toBe(0);
  });
});
