// Child process for the crash-consistency test: opens the library in DATA, adds FOLDER, indexes until idle,
// closes. The test SIGKILLs it at random moments. Prints "started" when indexing begins, "done" at the end.
import { saveSettings } from '../../settings';
import { openLibrary } from '../open-library';

const [dataDir, folder, mode] = process.argv.slice(2);
if (!dataDir || !folder) {
  process.stderr.write('usage: crash-child.ts DATA FOLDER\n');
  process.exit(2);
}
const lib = await openLibrary(dataDir, { library: { watch: false, flushIntervalMs: 250 } });
saveSettings(lib.store, { chunkTokens: 80, chunkOverlap: 10 });
await lib.library.addFolder(folder);
process.stdout.write('started\n');
await lib.library.start({ watch: false });
await lib.library.whenIdle();
if (mode === 'retry-set-aside') {
  // Repeated kills while one file was being indexed make the library set it aside, as it would a file that
  // crashes it (queue.ts MAX_ATTEMPTS): the user's Retry must bring it back.
  const setAside = lib.store
    .listDocuments({ limit: 10_000 })
    .items.filter((d) => d.status === 'failed' && /stopped unexpectedly/.test(d.message ?? ''));
  for (const d of setAside) await lib.library.retry(d.id);
  await lib.library.whenIdle();
  process.stdout.write(`set aside and retried: ${setAside.length}\n`);
}
await lib.close();
process.stdout.write('done\n');
