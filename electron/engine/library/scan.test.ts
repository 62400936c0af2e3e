import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { extKindOf, tempDir } from './test-support/helpers';
import { scanFolder } from './scan';

describe('scanFolder', () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => {
    dir = tempDir();
  });
  afterEach(() => dir.cleanup());

  const put = (rel: string, content = 'x') => {
    mkdirSync(join(dir.path, rel, '..'), { recursive: true });
    writeFileSync(join(dir.path, rel), content);
  };
  const opts = (o: Partial<{ include: string[]; exclude: string[]; maxFileMb: number }> = {}) => ({
    include: [],
    exclude: [],
    maxFileMb: 1,
    kindOf: extKindOf,
    ...o,
  });

  it('lists supported files, skipping hidden entries, .git, node_modules and unknown types', async () => {
    put('a.md');
    put('sub/b.pdf');
    put('sub/deeper/c.txt');
    put('.hidden.md');
    put('.secret/d.md');
    put('.git/e.md');
    put('node_modules/pkg/readme.md');
    put('image.png');
    put('~$lock.docx');
    const files = await scanFolder(dir.path, opts());
    expect(files.map((f) => f.relPath).sort()).toEqual(['a.md', join('sub', 'b.pdf'), join('sub', 'deeper', 'c.txt')]);
    expect(files.find((f) => f.relPath === 'a.md')).toMatchObject({ kind: 'markdown', size: 1, tooLarge: false });
  });

  it('flags files above the size limit instead of dropping them', async () => {
    put('small.md', 'x');
    put('big.md', 'y'.repeat(1024 * 1024 + 1));
    const files = await scanFolder(dir.path, opts({ maxFileMb: 1 }));
    expect(files.find((f) => f.relPath === 'big.md')?.tooLarge).toBe(true);
    expect(files.find((f) => f.relPath === 'small.md')?.tooLarge).toBe(false);
  });

  it('applies include and exclude globs relative to the folder', async () => {
    put('a.md');
    put('b.pdf');
    put('drafts/c.pdf');
    put('notes/d.pdf');
    const pdfs = await scanFolder(dir.path, opts({ include: ['*.pdf'], exclude: ['drafts/**'] }));
    expect(pdfs.map((f) => f.relPath).sort()).toEqual(['b.pdf', join('notes', 'd.pdf')]);
  });

  it('follows symlinked folders once and survives symlink loops', async () => {
    put('real/a.md');
    put('other/b.md');
    symlinkSync(join(dir.path, 'real'), join(dir.path, 'real', 'loop'));
    symlinkSync(join(dir.path, 'other'), join(dir.path, 'link-to-other'));
    symlinkSync(join(dir.path, 'missing'), join(dir.path, 'dangling.md'));
    const files = await scanFolder(dir.path, opts());
    const rels = files.map((f) => f.relPath).sort();
    expect(rels.filter((r) => r.endsWith('a.md'))).toEqual([join('real', 'a.md')]);
    expect(rels.filter((r) => r.endsWith('b.md'))).toHaveLength(1);
  });
});
