// Measurements for the report (not a test): indexing throughput and peak memory on a folder, and the time
// from saving an edit to the edited text being searchable with the watcher running.
// Usage: node --import tsx bench/standalone/library-throughput.ts [FOLDER]
import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openLibrary } from '../../electron/engine/public/pipeline';
import { markdownDoc, paragraph, tempDir } from '../../electron/engine/library/test-support/helpers';
import { sharedFixture } from '../../test-support/fixture-paths';

const source = process.argv[2] ?? sharedFixture('docs');
const data = tempDir('lucarne-measure-data-');
const docs = tempDir('lucarne-measure-docs-');
cpSync(source, docs.path, { recursive: true });
writeFileSync(join(docs.path, 'edited.md'), markdownDoc('Edited', 8, 1));

const lib = await openLibrary(data.path, { library: { watch: true } });
try {
  const started = performance.now();
  await lib.library.addFolder(docs.path);
  await lib.library.start();
  await lib.library.whenIdle();
  const seconds = (performance.now() - started) / 1000;
  const indexed = lib.store.listDocuments({ statuses: ['indexed'], limit: 10_000 }).items;
  const pages = indexed.reduce((n, d) => n + (d.pages ?? 0), 0);
  const chunks = lib.store.chunkCount();
  console.log(
    JSON.stringify({
      files: lib.store.listDocuments().total,
      seconds: Number(seconds.toFixed(2)),
      pages,
      pagesPerSecond: Number((pages / seconds).toFixed(1)),
      chunks,
      chunksPerSecond: Number((chunks / seconds).toFixed(1)),
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    }),
  );

  // Edit → searchable, with the watcher running (includes chokidar's write-stability wait).
  const latencies: number[] = [];
  for (let i = 0; i < 5; i++) {
    const word = `zyxqv${i}marker`;
    const t0 = performance.now();
    writeFileSync(
      join(docs.path, 'edited.md'),
      markdownDoc('Edited', 8, 1, { section: i, text: `${paragraph(50 + i)} ${word}` }),
    );
    for (;;) {
      if (lib.store.keywordSearch(word, 1).length > 0) break;
      await new Promise((r) => setTimeout(r, 5));
    }
    latencies.push(performance.now() - t0);
    await lib.library.whenIdle();
  }
  console.log(JSON.stringify({ editToSearchableMs: latencies.map((l) => Math.round(l)) }));
} finally {
  await lib.close();
  data.cleanup();
  docs.cleanup();
}
