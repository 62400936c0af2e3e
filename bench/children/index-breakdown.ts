// Child: where indexing time goes. The library indexes FOLDER into DATA with the real parser (worker
// pool), chunker and offline embedder, each wrapped in a timer. Parsing runs in a worker, ahead of the
// file being stored, so its time overlaps the rest: the main thread's own busy time (event-loop
// utilisation) minus chunking and embedding is the store, the vector index, hashing and bookkeeping.
// TypeScript sources through tsx. Usage: index-breakdown.ts DATA FOLDER (LUCARNE_PARSE_AHEAD=0: one
// file at a time, for comparison).
import { chunkDocument, openLibrary, parseFile } from '../../electron/engine/public/pipeline';
import { type Embedder, OfflineEmbedder } from '../../electron/engine/public/retrieval';
import { sendResult } from '../lib/child';

const [dataDir, folder] = process.argv.slice(2);
const t = { parse: 0, chunk: 0, embed: 0, firstParse: 0 };
let parses = 0;
const inner = new OfflineEmbedder();
await inner.embedQuery('load the word table before timing');
const embedder: Embedder = {
  id: inner.id,
  dim: inner.dim,
  local: true,
  embedDocuments: async (texts, o) => {
    const s = performance.now();
    try {
      return await inner.embedDocuments(texts, o);
    } finally {
      t.embed += performance.now() - s;
    }
  },
  embedQuery: (text) => inner.embedQuery(text),
};
const parseAhead = process.env.LUCARNE_PARSE_AHEAD === undefined ? undefined : Number(process.env.LUCARNE_PARSE_AHEAD);
const lib = await openLibrary(dataDir, {
  embedder,
  library: {
    watch: false,
    parseAhead,
    parse: async (path, o) => {
      const s = performance.now();
      try {
        return await parseFile(path, o);
      } finally {
        const ms = performance.now() - s;
        if (parses++ === 0) t.firstParse = ms;
        t.parse += ms;
      }
    },
    chunk: (doc, o) => {
      const s = performance.now();
      try {
        return chunkDocument(doc, o);
      } finally {
        t.chunk += performance.now() - s;
      }
    },
  },
});
const s0 = performance.now();
const elu0 = performance.eventLoopUtilization();
await lib.library.addFolder(folder);
await lib.library.start({ watch: false });
await lib.library.whenIdle();
const totalMs = performance.now() - s0;
const mainMs = performance.eventLoopUtilization(elu0).active;
const chunks = lib.store.chunkCount();
await lib.close();
sendResult({
  totalMs,
  parseMs: t.parse,
  firstParseMs: t.firstParse,
  chunkMs: t.chunk,
  embedMs: t.embed,
  mainMs,
  restMs: mainMs - t.chunk - t.embed,
  chunks,
  files: parses,
});
process.exit(0);
