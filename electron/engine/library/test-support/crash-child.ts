// Child process for the crash-consistency tests: opens the library in DATA, adds FOLDER, indexes until idle,
// closes. The tests kill it at random moments (SIGKILL, or SIGTERM: a graceful stop). Prints "started" when
// indexing begins, "done" at the end. Mode 'retry-set-aside': first asks again for set-aside files, as an
// explicit `lucarne index` of the folder does.
import { saveSettings } from '../../settings';
import { handleStopSignals } from '../../stop-signals';
import { openLibrary } from '../open-library';

const [dataDir, folder, mode] = process.argv.slice(2);
if (!dataDir || !folder) {
  process.stderr.write('usage: crash-child.ts DATA FOLDER [retry-set-aside]\n');
  process.exit(2);
}
const lib = await openLibrary(dataDir, { library: { watch: false, flushIntervalMs: 250 } });
handleStopSignals({ stop: () => lib.close() });
saveSettings(lib.store, { chunkTokens: 80, chunkOverlap: 10 });
const { id } = await lib.library.addFolder(folder);
process.stdout.write('started\n');
await lib.library.start({ watch: false });
if (mode === 'retry-set-aside') process.stdout.write(`retried: ${lib.library.retrySetAside(id)}\n`);
await lib.library.whenIdle();
await lib.close();
process.stdout.write('done\n');
