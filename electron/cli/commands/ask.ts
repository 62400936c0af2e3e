// `lucarne ask "question"`: retrieves from the library, streams the answer, then lists the numbered sources
// it cited (file:page). Gemini answers when chosen and a key exists (GEMINI_API_KEY, or the key saved by the
// app's browser host); otherwise the offline extractive generator answers, and says so. GEMINI_BASE_URL
// points the Gemini client elsewhere (the fake server in tests). A written answer ends with the citation
// check's summary (--json: every sentence with its label and span).
import { type Citation, PROVIDER_IDS, type ProviderId, type SentenceCheck } from '../../../shared/types';
import { type AnswerResult, Engine, LocalOnlyError, type ProviderChoice } from '../../engine/index';
import { Catalog } from '../../engine/public/data-folder';
import { FileSecrets } from '../../engine/host/file-secrets';
import { resolveDataDir } from '../../engine/public/data-dir';
import type { ParsedArgs } from '../args';
import { checkSummary } from '../check-summary';
import type { CommandIo } from '../command';
import { providerFlagsForRun } from '../provider-flags';
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
  /** A model's answer that cites none of its passages. */
  uncited: boolean;
  /**
   * Every sentence of a written answer checked against what it cites (label, supporting span, what was not
   * found, a corrected citation); null for the offline answer, quoted verbatim.
   */
  sentences: SentenceCheck[] | null;
  notes: string[];
  prompt: { totalTokens: number; budgetTokens: number; usedChunks: number; droppedChunks: number };
}

const NOTES = {
  offline: 'Offline answer: no language model, only sentences quoted from your documents.',
  noKey: 'No Gemini API key (set GEMINI_API_KEY): answering offline.',
  noModel: "No chat model chosen for this provider (--chat-model, or the app's settings): answering offline.",
  uncited: 'This answer cites none of its passages: check it against the sources.',
};

/** "/docs/report.pdf:3", "/docs/report.pdf:iv" (printed page label), "/docs/notes.md" (no pages). */
export function sourceLocation(c: Pick<Citation, 'path' | 'pageStart' | 'pageLabel'>): string {
  if (c.pageStart === null) return c.path;
  return `${c.path}:${c.pageLabel ?? c.pageStart}`;
}

/** What stderr says about the engine's provider choice (the choice itself is the engine's: providerFor). */
function choiceNotes(choice: ProviderChoice): string[] {
  if (choice.provider !== 'offline') return [];
  if (choice.because === 'no-key') return [NOTES.noKey, NOTES.offline];
  if (choice.because === 'no-model') return [NOTES.noModel, NOTES.offline];
  return [NOTES.offline];
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
  if (providerFlag !== undefined && !(PROVIDER_IDS as readonly unknown[]).includes(providerFlag)) {
    io.stderr.write(`lucarne ask: --provider is one of ${PROVIDER_IDS.join(', ')}.\n`);
    return 2;
  }
  const dataDir = resolveDataDir(args.flags.data);
  if (!Catalog.exists(dataDir)) {
    io.stderr.write(`No library in ${dataDir} yet. Index a folder first: lucarne index <folder>\n`);
    return 1;
  }

  // The embedder follows the saved settings (what the library was indexed with), not --provider:
  // asking Gemini to write the answer must not change how the question is matched to the index.
  const engine = await Engine.open({
    dataDir,
    run: 'once',
    geminiKey: new FileSecrets(dataDir).read(),
    storeFlags: args.flags,
  });
  const abort = new AbortController();
  const onSigint = () => abort.abort();
  process.once('SIGINT', onSigint);
  try {
    const flagError = await providerFlagsForRun(engine, args, { dataDir, save: false });
    if (flagError) {
      io.stderr.write(`lucarne ask: ${flagError}\n`);
      return 2;
    }
    const requested = typeof providerFlag === 'string' ? (providerFlag as ProviderId) : undefined;
    const choice = engine.providerFor(requested);
    if (requested && choice.provider === 'offline' && choice.because === 'local-only') {
      // Asked for by name: refuse plainly. Merely the saved preference: local-only wins, quietly offline.
      io.stderr.write(`lucarne ask: ${new LocalOnlyError('the "gemini" provider').message}\n`);
      return 1;
    }
    const { provider } = choice;
    const notes = choiceNotes(choice);
    if (!json) for (const n of notes) io.stderr.write(`${n}\n`);

    const result = await engine.askOnce(question, { provider, topK, signal: abort.signal }, (e) => {
      if (!json && e.type === 'delta') io.stdout.write(e.text);
    });

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
        uncited: result.uncited,
        sentences: result.sentences ?? null,
        notes: result.uncited ? [...notes, NOTES.uncited] : notes,
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
      // With the other findings of the check, on stderr: what was supported, and which numbers were corrected
      // (the streamed text had the model's).
      for (const line of result.sentences ? checkSummary(result.sentences) : []) io.stderr.write(`${line}\n`);
      if (result.uncited) io.stderr.write(`${NOTES.uncited}\n`);
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
    await engine.close();
  }
}
