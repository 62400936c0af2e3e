// One question, end to end: retrieve → build the prompt → generate (streamed) → map citations.
import type { Citation, PromptReport, ProviderId, SearchHit, SearchMode, SentenceCheck } from '../../../shared/types';
import { searchAnyBackend } from '../search';
import type { SearchDeps } from '../search/types';
import type { ChatTurn, Generator } from '../types';
import { checkAnswer } from '../verify/answer-check';
import { extractCitations } from './citations';
import { EXTRACTIVE_PHRASES } from './extractive';
import { detectIntent, intentRetrievalQuery } from './intent';
import { type DocumentChunksOf, focusHits } from './intent-focus';
import { detectLanguage, type Language } from './language';
import { assertLocalEmbedder, assertLocalGenerator, assertLocalProvider } from './local-only';
import { buildPrompt, type PromptTemplate } from './prompt';
import { withoutAnswerTypeWords } from './question';

export interface AnswerDeps extends SearchDeps {
  /** A document's chunks in reading order (summaries and key dates read beyond the top hits); optional. */
  store: SearchDeps['store'] & { documentChunks?: DocumentChunksOf };
  countTokens: (text: string) => number;
  /** Builds the generator for a provider; called only after local-only mode has allowed the provider. */
  makeGenerator: (provider: ProviderId) => Generator | Promise<Generator>;
}

export interface AnswerSettings {
  topK: number;
  promptTemplate: PromptTemplate;
  localOnly: boolean;
  /** 'system' or absent: detect from the question, English when unsure. */
  language?: 'system' | Language;
  mode?: SearchMode;
}

export interface AnswerRequest {
  question: string;
  /** What to search for, when it differs from the question (e.g. a short follow-up joined to the previous one). */
  retrievalQuery?: string;
  history: ChatTurn[];
  provider: ProviderId;
  settings: AnswerSettings;
  signal?: AbortSignal;
}

export type AnswerEvent =
  | { type: 'retrieved'; hits: SearchHit[]; report: PromptReport }
  | { type: 'delta'; text: string }
  | {
      type: 'done';
      citations: Citation[];
      invalid: number[];
      uncited: boolean;
      stopped: boolean;
      /** Every sentence of a written answer checked against its passages; null for offline (verbatim) answers. */
      sentences: SentenceCheck[] | null;
    };

export interface AnswerResult {
  text: string;
  citations: Citation[];
  invalid: number[];
  /** A model's answer that cites none of its passages: shown with a warning, never passed off as grounded. */
  uncited: boolean;
  /** Every sentence of a written answer checked against what it cites (engine/verify); null or absent: not checked. */
  sentences?: SentenceCheck[] | null;
  hits: SearchHit[];
  report: PromptReport;
  /** The generator that wrote the answer (e.g. "extractive-v1", "gemini:gemini-2.5-flash"). */
  provider: string;
  language: Language;
  finishReason: string;
  stopped: boolean;
}

/** Room left for the answer itself when fitting the prompt into the model's context window. */
function answerReserve(contextWindow: number): number {
  return Math.min(2048, Math.floor(contextWindow / 4));
}

/** A generator's refusal of a prompt its context cannot hold (code 'prompt-too-long'). */
function isPromptTooLong(err: unknown): boolean {
  return err instanceof Error && (err as Error & { code?: unknown }).code === 'prompt-too-long';
}

/**
 * The prompt's token budget. Prompts are counted with one tokenizer (tokens/), but a local model counts with
 * its own, which can need up to ~25 % more tokens for the same French text (Llama, Qwen, Mistral
 * vocabularies against cl100k): a local model's budget keeps that margin so its context never overflows.
 */
export function promptBudget(generator: Pick<Generator, 'contextWindow' | 'id'>): number {
  const room = generator.contextWindow - answerReserve(generator.contextWindow);
  // Gemini's budget is generous and measured by Google; the extractive generator has no tokenizer at all.
  const ownTokenizer = !generator.id.startsWith('gemini:') && !generator.id.startsWith('extractive');
  return ownTokenizer ? Math.floor(room * 0.8) : room;
}

export async function answerQuestion(
  deps: AnswerDeps,
  req: AnswerRequest,
  onEvent: (e: AnswerEvent) => void = () => {},
): Promise<AnswerResult> {
  const { settings, signal } = req;
  // Refuse before anything runs: retrieval embeds the question, which may itself be a network call.
  assertLocalProvider(req.provider, settings.localOnly);
  assertLocalEmbedder(deps.embedder, settings.localOnly);
  const generator = await deps.makeGenerator(req.provider);
  assertLocalGenerator(generator, settings.localOnly);

  const fallback: Language = settings.language === 'fr' || settings.language === 'en' ? settings.language : 'en';
  const language = detectLanguage(req.question, fallback);
  signal?.throwIfAborted();
  // A summary or key-dates question retrieves its topic (the document it names), not its intent words.
  const query = withoutAnswerTypeWords(intentRetrievalQuery(req.retrievalQuery ?? req.question));
  let hits = await searchAnyBackend(deps, { query, k: settings.topK, mode: settings.mode ?? 'hybrid' });
  const intent = detectIntent(req.question);
  if (intent.kind !== null) {
    const chunksOf = deps.store.documentChunks?.bind(deps.store);
    hits = focusHits(intent.kind, intent.topic, hits, chunksOf, promptBudget(generator) - 400);
  }
  const build = (share: number) =>
    buildPrompt({
      question: req.question,
      history: req.history,
      hits,
      template: settings.promptTemplate,
      language,
      budgetTokens: Math.floor(promptBudget(generator) * share),
      countTokens: deps.countTokens,
    });
  let built = build(1);
  onEvent({ type: 'retrieved', hits, report: built.report });

  let text = '';
  let finishReason = 'stop';
  let stopped = false;
  const emit = (delta: string) => {
    text += delta;
    onEvent({ type: 'delta', text: delta });
  };
  if (built.passages.length === 0) {
    // Nothing to ground an answer in: say so rather than let a model answer from its own memory.
    emit(EXTRACTIVE_PHRASES[language].notFound);
    finishReason = 'not-found';
  } else {
    for (let attempt = 1, share = 1; ; attempt++) {
      try {
        const stream = generator.generate(
          {
            question: req.question,
            history: req.history,
            passages: built.passages,
            system: built.system,
            prompt: built.prompt,
            language,
          },
          { signal },
        );
        for await (const ev of stream) {
          if (ev.type === 'text') emit(ev.text);
          else finishReason = ev.finishReason;
        }
        break;
      } catch (err) {
        if (signal?.aborted) {
          stopped = true;
          finishReason = 'stopped';
          break;
        }
        // The model's own tokenizer found the prompt longer than its context (our count is an estimate):
        // fewer passages, up to three times, before saying so. Nothing was written yet.
        if (!isPromptTooLong(err) || text !== '' || attempt > 3) throw err;
        share *= 0.5;
        built = build(share);
        if (built.passages.length === 0) throw err;
        onEvent({ type: 'retrieved', hits, report: built.report });
      }
    }
  }

  // The citation check (#16): a model's answer, never the offline one (quoted verbatim by construction), is
  // checked sentence by sentence against its passages; citation numbers that one passage clearly corrects are
  // corrected in the text before its citations are read. "Uncited" stays about what the model wrote.
  const written = text;
  const checked = isWrittenAnswer(generator, finishReason, text, built.passages.length)
    ? checkAnswer(text, built.passages, detectLanguage(text, language)) // the model may answer in another language
    : null;
  if (checked) text = checked.text;
  const sentences = checked?.sentences ?? null;
  const { citations, invalid } = extractCitations(text, built.passages);
  const modelCited =
    written === text ? citations.length > 0 : extractCitations(written, built.passages).citations.length > 0;
  const uncited = !modelCited && finishReason !== 'not-found' && text.trim().length > 0;
  onEvent({ type: 'done', citations, invalid, uncited, stopped, sentences });
  return {
    text,
    citations,
    invalid,
    uncited,
    sentences,
    hits,
    report: built.report,
    provider: generator.id,
    language,
    finishReason,
    stopped,
  };
}

/** An answer a model wrote from passages (what the citation check is for). */
function isWrittenAnswer(generator: Pick<Generator, 'id'>, finishReason: string, text: string, passages: number) {
  return !generator.id.startsWith('extractive') && finishReason !== 'not-found' && passages > 0 && text.trim() !== '';
}
