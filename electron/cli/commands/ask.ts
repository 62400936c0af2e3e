// `lucarne ask "question"`: retrieves from the library, streams the answer, then lists the numbered sources
// it cited (file:page). Gemini answers when chosen and a key exists (GEMINI_API_KEY, or the key saved by the
// app's browser host); otherwise the offline extractive generator answers, and says so. GEMINI_BASE_URL
// points the Gemini client elsewhere (the fake server in tests).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Settings } from '../../../shared/api';
import type { Citation, ProviderId } from '../../../shared/types';
import { type AnswerResult, answerQuestion } from '../../engine/answer/answer';
import { LocalOnlyError } from '../../engine/answer/local-only';
import { FileSecrets } from '../../engine/host/file-secrets';
import { resolveDataDir } from '../../engine/library/data-dir';
import { openLibrary } from '../../engine/library/open-library';
import { geminiKey, makeEmbedder, makeGenerator, type Secrets } from '../../engine/providers';
import { loadSettings } from '../../engine/settings';
import { countTokens } from '../../engine/tokens/index';
import type { ParsedArgs } from '../args';
import type { CommandIo } from '../command';
import { usageError } from '../usage';

export interface AskJson {
  version: 1;
  question: string;
  provider: ProviderId;
  generator: string;
  offline: boolean;
  language: 'fr' | 'en';
  text: string;
  sources: { n: number; path: string; page: number | null; pageLabel: string | null; quote: string }[];
  invalidCitations: number[];
  notes: string[];
  prompt: { totalTokens: number; budgetTokens: number; usedChunks: number; droppedChunks: number };
}

const NOTES = {
  offline: 'Offline answer: no language model, only sentences quoted from your documents.',
  noKey: 'No Gemini API key (set GEMINI_API_KEY): answering offline.',
};

/** "/docs/report.pdf:3", "/docs/report.pdf:iv" (printed page label), "/docs/notes.md" (no pages). */
export function sourceLocation(c: Pick<Citation, 'path' | 'pageStart' | 'pageLabel'>): string {
  if (c.pageStart === null) return c.path;
  return `${c.path}:${c.pageLabel ?? c.pageStart}`;
}

function chooseProvider(
  flag: string | undefined,
  settings: Settings,
  secrets: Secrets,
): { provider: ProviderId; notes: string[] } | { error: string } {
  const requested = flag ?? settings.provider;
  if (requested !== 'offline' && requested !== 'gemini') return { error: '--provider is offline or gemini.' };
  if (requested === 'offline') return { provider: 'offline', notes: [NOTES.offline] };
  if (settings.localOnly) {
    // Asked for by name: refuse plainly. Merely the saved preference: local-only wins, quietly offline.
    if (flag) return { error: new LocalOnlyError('the "gemini" provider').message };
    return { provider: 'offline', notes: [NOTES.offline] };
  }
  if (!geminiKey(secrets)) return { provider: 'offline', notes: [NOTES.noKey, NOTES.offline] };
  return { provider: 'gemini', notes: [] };
}

function formatSources(result: AnswerResult): string {
  if (result.citations.length === 0) return '';
  const lines = result.citations.map((c) => `  [${c.n}] ${sourceLocation(c)}`);
  return `\nSources:\n${lines.join('\n')}\n`;
}

export async function run(args: ParsedArgs, io: CommandIo): Promise<number> {
  const question = args.positionals.join(' ').trim();
  if (!question) {
    io.stderr.write(usageError('ask', 'what is the question?'));
    return 2;
  }
  const json = args.flags.json === true;
  const kFlag = args.flags.k;
  const topK = kFlag === undefined ? undefined : Number(kFlag);
  if (topK !== undefined && (!Number.isInteger(topK) || topK < 1 || topK > 50)) {
    io.stderr.write('lucarne ask: -k takes a whole number from 1 to 50.\n');
    return 2;
  }
  const providerFlag = args.flags.provider;
  if (providerFlag !== undefined && providerFlag !== 'offline' && providerFlag !== 'gemini') {
    io.stderr.write('lucarne ask: --provider is offline or gemini.\n');
    return 2;
  }
  const dataDir = resolveDataDir(args.flags.data);
  if (!existsSync(join(dataDir, 'lucarne.db'))) {
    io.stderr.write(`No library in ${dataDir} yet. Index a folder first: lucarne index <folder>\n`);
    return 1;
  }

  const secrets: Secrets = { geminiKey: new FileSecrets(dataDir).read(), env: process.env };
  // The embedder follows the saved settings (what the library was indexed with), not --provider:
  // asking Gemini to write the answer must not change how the question is matched to the index.
  const lib = await openLibrary(dataDir, { embedderFor: (s) => makeEmbedder(s, secrets), storeFlags: args.flags });
  const abort = new AbortController();
  const onSigint = () => abort.abort();
  process.once('SIGINT', onSigint);
  try {
    const settings = loadSettings(lib.store);
    const choice = chooseProvider(typeof providerFlag === 'string' ? providerFlag : undefined, settings, secrets);
    if ('error' in choice) {
      io.stderr.write(`lucarne ask: ${choice.error}\n`);
      return 1;
    }
    const { provider, notes } = choice;
    if (!json) for (const n of notes) io.stderr.write(`${n}\n`);

    const result = await answerQuestion(
      {
        store: lib.store,
        vectors: lib.vectors,
        embedder: lib.embedder,
        countTokens,
        makeGenerator: (p) => makeGenerator({ ...settings, provider: p }, secrets),
      },
      {
        question,
        history: [],
        provider,
        settings: { ...settings, topK: topK ?? settings.topK },
        signal: abort.signal,
      },
      (e) => {
        if (!json && e.type === 'delta') io.stdout.write(e.text);
      },
    );

    if (json) {
      const out: AskJson = {
        version: 1,
        question,
        provider,
        generator: result.provider,
        offline: provider === 'offline',
        language: result.language,
        text: result.text,
        sources: result.citations.map((c) => ({
          n: c.n,
          path: c.path,
          page: c.pageStart,
          pageLabel: c.pageLabel,
          quote: c.quote,
        })),
        invalidCitations: result.invalid,
        notes,
        prompt: {
          totalTokens: result.report.totalTokens,
          budgetTokens: result.report.budgetTokens,
          usedChunks: result.report.usedChunkIds.length,
          droppedChunks: result.report.droppedChunkIds.length,
        },
      };
      io.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    } else {
      io.stdout.write(`\n${formatSources(result)}`);
      if (result.stopped) io.stderr.write('(stopped)\n');
      if (result.invalid.length > 0) {
        io.stderr.write(
          `Ignored citation${result.invalid.length > 1 ? 's' : ''} with no such source: ${result.invalid.map((n) => `[${n}]`).join(', ')}\n`,
        );
      }
    }
    return 0;
  } catch (err) {
    io.stderr.write(`lucarne ask: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  } finally {
    process.removeListener('SIGINT', onSigint);
    await lib.close();
  }
}
