// `lucarne search "query"`: the library's best passages for a query, with file, page, score and snippet.
// `--mode bm25` reads only the database's keyword index; `hybrid` (default) and `vector` also load the
// embedder and the vector index, exactly as the app's search does.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { SearchMode } from '../../../shared/types';
import { resolveDataDir } from '../../engine/library/data-dir';
import { openLibrary } from '../../engine/library/open-library';
import { makeEmbedder } from '../../engine/providers';
import { searchAnyBackend } from '../../engine/store/chroma-search';
import { SqliteStore } from '../../engine/store/sqlite';
import type { ParsedArgs } from '../args';
import type { CommandIo } from '../command';
import { usageError } from '../usage';

export interface SearchJsonHit {
  path: string;
  page: number | null;
  pageLabel: string | null;
  score: number;
  snippet: string;
  chunkId: number;
}

export interface SearchJson {
  version: 1;
  query: string;
  mode: SearchMode;
  hits: SearchJsonHit[];
}

const MODES: SearchMode[] = ['bm25', 'vector', 'hybrid'];

async function searchHits(
  dataDir: string,
  query: string,
  k: number,
  mode: SearchMode,
  flags: ParsedArgs['flags'],
): Promise<SearchJsonHit[]> {
  // Keyword-only search needs just the database, unless the library lives on a Chroma server (a teammate's
  // client has no local chunks: searchAnyBackend then asks Chroma).
  if (mode === 'bm25' && flags.store !== 'chroma' && flags['chroma-url'] === undefined) {
    const store = SqliteStore.open(dataDir);
    try {
      const hits = store.keywordSearch(query, k);
      const chunks = new Map(store.getChunks(hits.map((h) => h.chunkId)).map((c) => [c.id, c]));
      return hits.flatMap((h) => {
        const c = chunks.get(h.chunkId);
        if (!c) return [];
        return [
          { path: c.path, page: c.pageStart, pageLabel: c.pageLabel, score: h.bm25, snippet: h.snippet, chunkId: c.id },
        ];
      });
    } finally {
      store.close();
    }
  }
  const lib = await openLibrary(dataDir, {
    embedderFor: (settings) => makeEmbedder(settings, { geminiKey: null, env: process.env }),
    storeFlags: flags,
  });
  try {
    const hits = await searchAnyBackend(lib, { query, k, mode });
    return hits.map((h) => ({
      path: h.chunk.path,
      page: h.chunk.pageStart,
      pageLabel: h.chunk.pageLabel,
      score: h.score.fused,
      snippet: h.snippet,
      chunkId: h.chunk.id,
    }));
  } finally {
    await lib.close();
  }
}

function formatText(result: SearchJson): string {
  if (result.hits.length === 0) return `No passage matches "${result.query}".\n`;
  const lines: string[] = [];
  result.hits.forEach((h, i) => {
    const page =
      h.page === null
        ? ''
        : `, p. ${h.pageLabel && h.pageLabel !== String(h.page) ? `${h.pageLabel} (${h.page})` : h.page}`;
    lines.push(`${i + 1}. ${h.path}${page}  [${h.score.toFixed(3)}]`);
    lines.push(`   ${h.snippet.replace(/\s+/g, ' ').trim()}`);
  });
  return `${lines.join('\n')}\n`;
}

export async function run(args: ParsedArgs, io: CommandIo): Promise<number> {
  const query = args.positionals.join(' ').trim();
  if (!query) {
    io.stderr.write(usageError('search', 'what to search for?'));
    return 2;
  }
  const kFlag = args.flags.k;
  const k = kFlag === undefined ? 10 : Number(kFlag);
  if (!Number.isInteger(k) || k < 1 || k > 100) {
    io.stderr.write('lucarne search: -k takes a whole number from 1 to 100.\n');
    return 2;
  }
  const modeFlag = args.flags.mode;
  const mode = (typeof modeFlag === 'string' ? modeFlag : 'hybrid') as SearchMode;
  if (!MODES.includes(mode)) {
    io.stderr.write(`lucarne search: --mode is one of ${MODES.join(', ')}.\n`);
    return 2;
  }
  const dataDir = resolveDataDir(args.flags.data);
  const json = args.flags.json === true;
  let hits: SearchJsonHit[] = [];
  const remote = args.flags.store === 'chroma' || args.flags['chroma-url'] !== undefined;
  if (remote || existsSync(join(dataDir, 'lucarne.db'))) hits = await searchHits(dataDir, query, k, mode, args.flags);
  else if (!json) io.stderr.write(`No library in ${dataDir} yet. Index a folder first: lucarne index <folder>\n`);
  const result: SearchJson = { version: 1, query, mode, hits };
  io.stdout.write(json ? `${JSON.stringify(result, null, 2)}\n` : formatText(result));
  return 0;
}
