// Whether a starter question gets an answer from the provider in use, found the way a real question is:
// through runAnswer (retrieval, prompt, generator). The offline generator is cheap, so its real answer is
// judged; a model (Gemini, local) is never called: a probe generator stands in for it and the check is
// that retrieval brings it passages of the document the question names. A query embedding that would be a
// network call (a Gemini embedder) is replaced by keyword retrieval.
import type { Settings } from '../../../shared/api';
import type { AnswerResult } from '../answer/answer';
import { EXTRACTIVE_PHRASES } from '../answer/extractive';
import type { OpenLibrary } from '../library/open-library';
import { contentTerms } from '../search/terms';
import { chooseProvider, type Secrets } from '../providers';
import type { Generator } from '../types';
import { type GeneratorFor, type RunAnswer, runAnswer } from './run-answer';
import type { StarterCandidate } from './starter-candidates';

/** Answers a candidate; `retrievalOnly` when no model may be spent on it. */
export type StarterProbe = (
  question: string,
  signal: AbortSignal,
) => Promise<{ result: AnswerResult; retrievalOnly: boolean }>;

export interface ProbeDeps {
  lib: OpenLibrary;
  settings: Settings;
  secrets: Secrets;
  generatorFor: GeneratorFor;
  /** Seam for tests; default the app's runAnswer. */
  run?: RunAnswer;
}

/** Stands in for a model: "answers" by citing every passage it is given, without computing anything. */
export const CITING_PROBE: Generator = {
  id: 'starter-probe',
  local: true,
  contextWindow: 8192,
  async *generate(req) {
    yield { type: 'text', text: req.passages.map((p) => `[${p.n}]`).join(' ') };
    yield { type: 'done', finishReason: 'stop' };
  },
};

export function makeStarterProbe(deps: ProbeDeps): StarterProbe {
  const { lib, settings, secrets } = deps;
  const retrievalOnly = chooseProvider(settings.provider, settings, secrets).provider !== 'offline';
  const run = deps.run ?? runAnswer;
  return async (question, signal) => {
    const result = await run(
      {
        lib,
        settings,
        secrets,
        generatorFor: retrievalOnly ? async () => CITING_PROBE : deps.generatorFor,
        question,
        history: [],
        signal,
        mode: retrievalOnly && !lib.embedder.local ? 'bm25' : undefined,
      },
      () => {},
    );
    return { result, retrievalOnly };
  };
}

const YEAR_OR_DATE = /\b(?:1[89]|20)\d{2}\b|\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b/u;

/** The answer's own words, citation markers and the offline framing line left out. */
function answerBody(text: string): string {
  let body = text;
  for (const p of Object.values(EXTRACTIVE_PHRASES)) body = body.replace(p.intro, ' ');
  return body.replace(/\[\d+\]/g, ' ');
}

/** Content words a line of the answer must add to the question's to say something. */
const NEW_TERMS = 3;

/** A summary says several things: two points or more, or one long one (a heading alone is not a summary). */
const SUMMARY_MIN_WORDS = 20;

/**
 * True when the result answers the candidate: not "not found", cited, citing the document the question
 * names, saying more than the question itself; a value question's answer holds a figure, a dates question's
 * a date, a summary more than a line. With a probe (no model),
 * only the retrieval part can be judged: passages of the named document reached the prompt.
 */
export function answers(candidate: StarterCandidate, result: AnswerResult, retrievalOnly: boolean): boolean {
  if (result.stopped || result.finishReason === 'not-found' || result.citations.length === 0) return false;
  const cited = new Set(result.citations.map((c) => c.documentId));
  if (candidate.documentId !== null && !cited.has(candidate.documentId)) return false;
  if (retrievalOnly) return true;
  const text = result.text.trim();
  if (Object.values(EXTRACTIVE_PHRASES).some((p) => text.includes(p.notFound))) return false;
  // Lines that only repeat the question (a heading quoted back) say nothing: judge the others.
  const asked = new Set(contentTerms(candidate.text));
  const body = answerBody(text)
    .split('\n')
    .filter((line) => contentTerms(line).filter((t) => !asked.has(t)).length >= NEW_TERMS)
    .join('\n');
  if (body.trim() === '') return false;
  if (candidate.kind === 'value' && !/\d/.test(body)) return false;
  if (candidate.kind === 'dates' && !YEAR_OR_DATE.test(body)) return false;
  if (candidate.kind === 'summary') {
    const points = body.split('\n').filter((l) => /^\s*[-*•]\s*\S/u.test(l)).length;
    if (points < 2 && body.split(/\s+/).filter(Boolean).length < SUMMARY_MIN_WORDS) return false;
  }
  return true;
}

/** What decides the answers besides the library: the provider that answers, its models, the settings it reads. */
export function starterProviderKey(lib: OpenLibrary, settings: Settings, secrets: Secrets): string {
  const { provider } = chooseProvider(settings.provider, settings, secrets);
  const models = provider === 'gemini' ? settings.geminiGenerationModel : JSON.stringify(settings.localModels);
  return [provider, provider === 'offline' ? '' : models, lib.embedder.id, settings.topK, settings.localOnly].join('|');
}
