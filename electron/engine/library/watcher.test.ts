import { mkdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventually, extKindOf, tempDir } from './test-support/helpers';
import { FolderWatcher } from './watcher';

describe('FolderWatcher', () => {
  let dir: ReturnType<typeof tempDir>;
  let watcher: FolderWatcher | null = null;
  const events: string[] = [];

  beforeEach(() => {
    dir = tempDir();
    events.length = 0;
  });
  afterEach(async () => {
    await watcher?.close();
    dir.cleanup();
  });

  const start = async (exclude: string[] = []) => {
    watcher = new FolderWatcher(
      dir.path,
      { include: [], exclude, kindOf: extKindOf },
      {
        added: (p) => events.push(`add ${p.slice(dir.path.length + 1)}`),
        changed: (p) => events.push(`change ${p.slice(dir.path.length + 1)}`),
        unlinked: (p) => events.push(`unlink ${p.slice(dir.path.length + 1)}`),
        error: (e) => events.push(`error ${String(e)}`),
      },
      { stabilityMs: 50 },
    );
    await watcher.start();
  };

  it('reports supported files only, once, even through a symlink loop', async () => {
    mkdirSync(join(dir.path, 'sub'));
    symlinkSync(dir.path, join(dir.path, 'sub', 'loop'));
    await start(['drafts/**']);
    mkdirSync(join(dir.path, 'drafts'));
    writeFileSync(join(dir.path, 'sub', 'a.md'), 'a');
    writeFileSync(join(dir.path, 'image.png'), 'x');
    writeFileSync(join(dir.path, '.hidden.md'), 'x');
    writeFileSync(join(dir.path, 'drafts', 'b.md'), 'x');
    await eventually(() => events.includes(`add ${join('sub', 'a.md')}`), 10_000, 'the add');
    await new Promise((r) => setTimeout(r, 300));
    expect(events).toEqual([`add ${join('sub', 'a.md')}`]);
  });

  it('reports edits as changes and a move as unlink + add', async () => {
    writeFileSync(join(dir.path, 'a.md'), 'one');
    await start();
    writeFileSync(join(dir.path, 'a.md'), 'two two');
    await eventually(() => events.includes('change a.md'), 10_000, 'the change');
    renameSync(join(dir.path, 'a.md'), join(dir.path, 'b.md'));
    await eventually(() => events.includes('add b.md') && events.includes('unlink a.md'), 10_000, 'the move');
    rmSync(join(dir.path, 'b.md'));
    await eventually(() => events.includes('unlink b.md'), 10_000, 'the deletion');
  });
});
