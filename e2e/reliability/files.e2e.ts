// Files that misbehave while Lucarne reads them: rewritten, deleted or made unreadable in the middle of
// parsing; symlink loops; names with spaces, accents, emoji and worse; a file that grows while it is read.
// Each scenario runs the shipped engine (out/main/host.js) as an unprivileged user when the tests run as
// root, so that permissions apply, and talks to it only through its API.
import { appendFileSync, chmodSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDocument } from './test-support/corpus';
import { requireBuild, sleep, tempDir, until } from './test-support/env';
import { handOver, openSession, type Session } from './test-support/session';

let work: { path: string; cleanup(): void };
beforeAll(() => {
  requireBuild();
  work = tempDir('lucarne-files-');
});
afterAll(() => work?.cleanup());

interface Hit {
  chunk: { path: string; text: string; documentId: number };
}

async function search(s: Session, query: string): Promise<Hit[]> {
  return s.call<Hit[]>('search.query', { query, k: 10, mode: 'bm25' });
}

/** Waits until the engine is working on `path` (its progress names it), polling fast. */
async function whileParsing(s: Session, path: string): Promise<void> {
  await until(
    `${path} to be indexing`,
    async () => {
      const p = await s.call<{ currentFile: string | null }>('library.progress');
      return p.currentFile === path;
    },
    120_000,
    5,
  );
}

describe('files that misbehave', () => {
  it('a file rewritten, deleted or made unreadable while it is parsed', async () => {
    const folder = join(work.path, 'changing');
    // Long PDFs (about 100 pages) take long enough to parse that each change lands mid-parse.
    await writeDocument(join(folder, '1 rewritten.pdf'), 'pdf', 1, 50_000, 'The original marker is oldpelican.');
    await writeDocument(join(folder, '2 deleted.pdf'), 'pdf', 2, 50_000, 'The deleted marker is lostheron.');
    await writeDocument(join(folder, '3 locked.pdf'), 'pdf', 3, 50_000, 'The locked marker is shutcormorant.');
    for (let i = 0; i < 4; i++) await writeDocument(join(folder, `4 small ${i}.md`), 'markdown', 10 + i, 300);
    handOver(folder);
    const s = await openSession(join(work.path, 'data-changing'));
    try {
      await s.call('library.addFolder', { path: folder });

      await whileParsing(s, join(folder, '1 rewritten.pdf'));
      await writeDocument(join(folder, '1 rewritten.pdf'), 'pdf', 4, 3_000, 'The new marker is freshpuffin.');
      handOver(join(folder, '1 rewritten.pdf'));

      await whileParsing(s, join(folder, '2 deleted.pdf'));
      rmSync(join(folder, '2 deleted.pdf'));

      await whileParsing(s, join(folder, '3 locked.pdf'));
      chmodSync(join(folder, '3 locked.pdf'), 0o000);

      await s.idle();
      // The watcher reports a deletion late and holds it a moment (it could be the first half of a rename):
      // what counts is that it lands, without a restart.
      await until(
        'the deleted file to leave the library',
        async () => (await s.documents()).every((d) => d.path !== join(folder, '2 deleted.pdf')),
        10_000,
      );
      await until(
        'the rewritten file to be searchable',
        async () => (await search(s, 'freshpuffin')).length > 0,
        10_000,
      );
      await s.idle();
      // Rewritten: the new text only.
      expect((await search(s, 'freshpuffin')).map((h) => h.chunk.path)).toContain(join(folder, '1 rewritten.pdf'));
      expect(await search(s, 'oldpelican')).toEqual([]);
      // Deleted: gone from the library and from search.
      const docs = await s.documents();
      console.log(docs.map((d) => `${d.path.slice(folder.length + 1)}: ${d.status} ${d.message ?? ''}`).join('\n'));
      expect(await search(s, 'lostheron')).toEqual([]);
      // Unreadable: said so, in words a person can act on; the rest is indexed and searchable.
      const locked = docs.find((d) => d.path === join(folder, '3 locked.pdf'));
      expect(locked, JSON.stringify(docs)).toBeDefined();
      if (locked && locked.status !== 'indexed') {
        // (A parse that finished before the chmod leaves it indexed: that is fine too.)
        expect(locked.status).toBe('failed');
        expect(locked.message ?? '').toMatch(/permission|could not be (opened|read)/i);
        chmodSync(join(folder, '3 locked.pdf'), 0o644);
        await s.call('library.retry', { documentId: locked.id });
        await s.idle();
        // Waited for, like the rewritten file above, rather than read once: on a heavily loaded machine this
        // read once came back empty just after the library reported idle (cause not pinned down; it passes
        // alone). If it never comes, the file's status says why.
        await until(
          'the unlocked file to be searchable',
          async () => (await search(s, 'shutcormorant')).length > 0,
          20_000,
        ).catch(async (error) => {
          const now = (await s.documents()).find((d) => d.id === locked.id);
          throw new Error(`${(error as Error).message}; its status: ${now?.status} ${now?.message ?? ''}`);
        });
      }
      const counts = await s.counts();
      expect(counts.byStatus.indexed).toBe(6);
    } finally {
      await s.stop();
    }
  });

  it('a file unreadable from the start says so once, in plain words, and indexes after Retry', async () => {
    // Before: the hash read the file before the parser did, so a locked file failed there with a bare
    // EACCES, was tried three times and was called "an unexpected error… the file may be damaged".
    const folder = join(work.path, 'locked-from-start');
    await writeDocument(join(folder, 'closed.md'), 'markdown', 31, 300, 'The closed marker is barredowl.');
    await writeDocument(join(folder, 'open.md'), 'markdown', 32, 300, 'The open marker is freewren.');
    handOver(folder);
    chmodSync(join(folder, 'closed.md'), 0o000);
    const s = await openSession(join(work.path, 'data-locked'));
    try {
      await s.call('library.addFolder', { path: folder });
      await s.idle(60_000);
      const closed = (await s.documents()).find((d) => d.path === join(folder, 'closed.md'));
      expect(closed?.status).toBe('failed');
      expect(closed?.message).toMatch(/could not be read \(permission denied\)/);
      expect(closed?.message).not.toMatch(/unexpected|attempts/);
      expect((await search(s, 'freewren')).length).toBeGreaterThan(0);

      chmodSync(join(folder, 'closed.md'), 0o644);
      await s.call('library.retry', { documentId: closed!.id });
      await s.idle();
      await until(
        'the file to be searchable after Retry',
        async () => (await search(s, 'barredowl')).length > 0,
        20_000,
      );
      expect((await s.counts()).byStatus.indexed).toBe(2);
    } finally {
      await s.stop();
    }
  });

  it('symlink loops end, and every real file is indexed', async () => {
    const folder = join(work.path, 'links');
    await writeDocument(join(folder, 'a', 'alpha.md'), 'markdown', 21, 300, 'Marker ibisalpha.');
    await writeDocument(join(folder, 'b', 'beta.md'), 'markdown', 22, 300, 'Marker ibisbeta.');
    symlinkSync(folder, join(folder, 'a', 'loop-to-root')); // a → root → a → …
    symlinkSync(join(folder, 'b'), join(folder, 'b', 'self')); // b/self → b
    symlinkSync(join(folder, 'c2'), join(folder, 'c1')); // c1 → c2 → c1: ELOOP
    symlinkSync(join(folder, 'c1'), join(folder, 'c2'));
    symlinkSync(join(folder, 'missing'), join(folder, 'dangling'));
    handOver(folder);
    const s = await openSession(join(work.path, 'data-links'));
    try {
      await s.call('library.addFolder', { path: folder });
      await s.idle(60_000);
      const docs = await s.documents();
      const real = docs.filter((d) => !d.path.includes('loop-to-root') && !d.path.includes('/self/'));
      expect(real.map((d) => d.path).sort()).toEqual([join(folder, 'a', 'alpha.md'), join(folder, 'b', 'beta.md')]);
      expect(docs.length).toBe(2); // loops are followed once: no second copy of a file under a looping path
      expect((await search(s, 'ibisbeta')).length).toBeGreaterThan(0);
      // Still serving after the watcher met the loops.
      writeFileSync(join(folder, 'b', 'gamma.md'), '# Gamma\n\nMarker ibisgamma arrived later.\n');
      handOver(join(folder, 'b', 'gamma.md'));
      await until('the new file to be searchable', async () => (await search(s, 'ibisgamma')).length > 0, 30_000);
    } finally {
      await s.stop();
    }
  });

  it('names with spaces, accents (NFC and NFD), emoji, quotes and symbols round-trip', async () => {
    const folder = join(work.path, 'Mes documents été 📁 «x»');
    const names = [
      'rapport final 2024.md',
      'résumé été.md', // NFC
      'résumé été'.normalize('NFD') + ' nfd.md',
      '📄 notes 🎉.md',
      '中文 文档.md',
      'l\'équipe "guillemets" & co #1 ?.md',
      '100% %20 + =.md',
      '-leading dash.md',
      `${'long '.repeat(45)}name.md`,
      'tab\there.md',
    ];
    for (const [i, n] of names.entries()) {
      mkdirSync(join(folder, 'sous dossier ü'), { recursive: true });
      writeFileSync(
        join(folder, 'sous dossier ü', n),
        `# Note ${i}\n\nThe marker of this note is oddname${i}marker.\n`,
      );
    }
    handOver(folder);
    const s = await openSession(join(work.path, 'data-names'));
    try {
      const info = await s.call<{ path: string }>('library.addFolder', { path: folder });
      expect(info.path).toBe(folder);
      await s.idle(60_000);
      const counts = await s.counts();
      expect(counts.byStatus.indexed, JSON.stringify(counts)).toBe(names.length);
      for (const [i, n] of names.entries()) {
        const hits = await search(s, `oddname${i}marker`);
        expect(
          hits.map((h) => h.chunk.path),
          n,
        ).toContain(join(folder, 'sous dossier ü', n));
        const source = await s.call<{ path: string; text: string }>('source.get', {
          documentId: hits[0].chunk.documentId,
        });
        expect(source.path).toBe(join(folder, 'sous dossier ü', n));
        expect(source.text).toContain(`oddname${i}marker`);
      }
    } finally {
      await s.stop();
    }
  });

  it('a file that grows while it is read ends up indexed with its final content', async () => {
    const folder = join(work.path, 'growing');
    mkdirSync(folder, { recursive: true });
    handOver(folder);
    const s = await openSession(join(work.path, 'data-growing'));
    try {
      await s.call('library.addFolder', { path: folder });
      await s.idle();
      const file = join(folder, 'log.md');
      writeFileSync(file, '# Growing log\n\n');
      handOver(file);
      // Appends for about three seconds, as a logger or a slow copy would.
      for (let i = 0; i < 60; i++) {
        appendFileSync(file, `Line ${i}: entry growthmark${i} recorded while the file was being read.\n\n`);
        await sleep(50);
      }
      await until('the last line to be searchable', async () => (await search(s, 'growthmark59')).length > 0, 30_000);
      await s.idle();
      const hits = await search(s, 'growthmark59');
      const source = await s.call<{ text: string }>('source.get', { documentId: hits[0].chunk.documentId });
      for (const i of [0, 30, 59]) expect(source.text).toContain(`growthmark${i}`);
      expect((await s.documents()).length).toBe(1);
    } finally {
      await s.stop();
    }
  });
});
