// `lucarne search "query"`: the library's best passages for a query, with file, page, score and snippet.
// `--mode bm25` reads only the database's keyword index; `hybrid` (default) and `vector` also load the
// embedder and the vector index, exactly as the app's search does (it is the engine's search).
import type { SearchMode } from '../../../shared/types';
import { Catalog } from '../../engine/public/data-folder';
import { Engine } from '../../engine/index';
import { resolveDataDir } from '../../engine/public/data-dir';
import type { ParsedArgs } from '../args';
import type { CommandIo } from '../command';
import { providerFlagsForRun } from '../provider-flags';
import { usageError } from '../usage';

/** A provider flag the library cannot honour (exit 2, like any usage error). */
class ProviderFlagError extends Error {}

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

/** The run's store flags name a Chroma server: the library's chunks may live there, not in the local database. */
function isRemote(flags: ParsedArgs['flags']): boolean {
  return flags.store === 'chroma' || flags['chroma-url'] !== undefined;
}

async function searchHits(
  dataDir: string,
  query: string,
  k: number,
  mode: SearchMode,
  flags: ParsedArgs['flags'],
): Promise<SearchJsonHit[]> {
  // Keyword-only search needs just the database, unless the library lives on a Chroma server (a teammate's
  // client has no local chunks: the engine's search then asks Chroma).
  if (mode === 'bm25' && !isRemote(flags)) {
    const catalog = Catalog.open(dataDir);
    try {
      return catalog.keywordSearch(query, k).map(({ chunk: c, bm25, snippet }) => ({
        path: c.path,
        page: c.pageStart,
        pageLabel: c.pageLabel,
        score: bm25,
        snippet,
        chunkId: c.id,
      }));
    } finally {
      catalog.close();
    }
  }
  const engine = await Engine.open({ dataDir, run: 'once', storeFlags: flags });
  try {
    const flagError = await providerFlagsForRun(engine, { positionals: [], flags }, { dataDir, save: false });
    if (flagError) throw new ProviderFlagError(flagError);
    const hits = await engine.search(query, k, mode);
    return hits.map((h) => ({
      path: h.chunk.path,
      page: h.chunk.pageStart,
      pageLabel: h.chunk.pageLabel,
      score: h.score.fused,
      snippet: h.snippet,
      chunkId: h.chunk.id,
    }));
  } finally {
    await engine.close();
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
  if (isRemote(args.flags) || Catalog.exists(dataDir)) {
    try {
      hits = await searchHits(dataDir, query, k, mode, args.flags);
    } catch (error) {
      if (!(error instanceof ProviderFlagError)) throw error;
      io.stderr.write(`lucarne search: ${error.message}\n`);
      return 2;
    }
  } else if (!json) io.stderr.write(`No library in ${dataDir} yet. Index a folder first: lucarne index <folder>\n`);
  const result: SearchJson = { version: 1, query, mode, hits };
  io.stdout.write(json ? `${JSON.stringify(result, null, 2)}\n` : formatText(result));
  return 0;
}
