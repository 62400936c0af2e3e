// Child process for the re-embed crash test: opens the library in DATA the way the engine does after a change
// of embedding model, and re-embeds toward Gemini (the fake server at URL) until done, while the test kills it.
//   node --import tsx reembed-child.ts DATA URL index FOLDER  indexes FOLDER with the offline model, then exits
//   node --import tsx reembed-child.ts DATA URL change        offline target, then changeEmbedder(Gemini)
//   node --import tsx reembed-child.ts DATA URL resume        Gemini target: resumes what the store records
// Prints "started" once the re-embed runs, "status <json>" as it goes, "done" at the end.
import { parseInProcess } from '../../parse/index';
import { saveSettings } from '../../settings';
import { handleStopSignals } from '../../stop-signals';
import { openLibrary } from '../open-library';
import { embedderFromSpec, geminiEmbedder, offlineEmbedder } from './reembed-fixtures';

const [dataDir, url, mode, folder] = process.argv.slice(2);
if (!dataDir || !url || !['index', 'change', 'resume'].includes(mode ?? '')) {
  process.stderr.write('usage: reembed-child.ts DATA URL index FOLDER | change | resume\n');
  process.exit(2);
}
const lib = await openLibrary(dataDir, {
  embedder: mode === 'resume' ? geminiEmbedder(url) : offlineEmbedder(),
  embedderFromSpec,
  reembedBatchSize: 4,
  onReembed: (s) => process.stdout.write(`status ${JSON.stringify(s)}\n`),
  library: { watch: false, parse: parseInProcess, flushIntervalMs: 100 },
});
handleStopSignals({ stop: () => lib.close() });
if (mode === 'index') {
  saveSettings(lib.store, { chunkTokens: 120, chunkOverlap: 0 });
  await lib.library.addFolder(folder!);
}
await lib.library.start({ watch: false });
if (mode === 'change') await lib.changeEmbedder(geminiEmbedder(url));
process.stdout.write(`started ${lib.embedder.id}\n`);
await lib.library.whenIdle();
const last = await lib.whenReembedSettled();
process.stdout.write(`settled ${JSON.stringify(last)}\n`);
await lib.close();
process.stdout.write('done\n');
