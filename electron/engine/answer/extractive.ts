// The offline generator: no language model, so it writes nothing of its own. It picks the sentences of the
// top passages that best match the question and returns them verbatim (whitespace aside), each followed
// by its [n] citation. When no sentence matches well enough it says it did not find the answer.
//
// Sentence score = 0.75 · lexical coverage + 0.25 · word-vector similarity (lexical coverage alone without
// a local embedder), where lexical coverage is the IDF-weighted share of the question's content stems
// present in the sentence (IDF over the passages' sentences, so a question word absent from every passage
// weighs the most and pulls coverage down).
import { contentTerms } from '../search/terms';
import type { ContextPassage, Embedder, GenerationEvent, GenerationRequest, Generator } from '../types';
import type { Language } from './language';
import { withoutAnswerTypeWords } from './question';
import { valueAnswer } from './value-answer';
import { valueQuestion } from './value-question';
import { type SentenceSpan, splitSentences, squashSpaces } from '../search/sentences';
import { intentAnswer } from './intent-answer';

export interface ExtractiveOptions {
  /** Word vectors for the semantic part of the score; used only if local (text never leaves the machine). */
  embedder?: Embedder;
  maxSentences?: number;
  /** Minimum score of the best sentence for an answer (else "not found"). */
  threshold?: number;
}

export const EXTRACTIVE_PHRASES: Record<Language, { intro: string; notFound: string }> = {
  en: { intro: 'From your documents:', notFound: 'I could not find the answer in your documents.' },
  fr: { intro: "D'après vos documents :", notFound: "Je n'ai pas trouvé la réponse dans vos documents." },
};

const LEXICAL_WEIGHT = 0.75;
const SEMANTIC_WEIGHT = 0.25;
const DEFAULT_THRESHOLD = 0.45;
/** Further sentences must score at least this share of the best one. */
const RELATIVE_CUTOFF = 0.7;
/** Passages past this rank are not read: the retriever already ordered them. */
const MAX_PASSAGES = 5;
const MIN_WORDS = 4;
/** A value question's sentence without a figure is worth this share of its score. */
const NO_FIGURE_FACTOR = 0.8;
const FIGURE_IN_TEXT =
  /\d[\d,.]*\s*(?:%|percent|pour\s*cent|million|billion|milliard|thousand)|[$€£]\s?\d|\d{1,3}(?:,\d{3})+/iu;
const MAX_WORDS = 90;

interface Candidate {
  passage: ContextPassage;
  sentence: SentenceSpan;
  terms: Set<string>;
  score: number;
}

export class ExtractiveGenerator implements Generator {
  readonly id = 'extractive-v1';
  readonly local = true;
  readonly contextWindow = 6000;
  private readonly embedder: Embedder | null;
  private readonly maxSentences: number;
  private readonly threshold: number;

  constructor(opts: ExtractiveOptions = {}) {
    this.embedder = opts.embedder?.local ? opts.embedder : null;
    this.maxSentences = opts.maxSentences ?? 3;
    this.threshold = opts.threshold ?? DEFAULT_THRESHOLD;
  }

  async *generate(req: GenerationRequest, opts: { signal?: AbortSignal } = {}): AsyncIterable<GenerationEvent> {
    const phrases = EXTRACTIVE_PHRASES[req.language];
    // Summaries and key-date lists: their own extractors (answer/intent-answer.ts).
    const special = intentAnswer(req.question, req.passages, req.language);
    if (special !== undefined) {
      for (const text of special ?? [phrases.notFound]) yield { type: 'text', text };
      yield { type: 'done', finishReason: special ? 'stop' : 'not-found' };
      return;
    }
    // A question asking for a value is answered with the table cell that holds it, when one fits.
    const vq = valueQuestion(req.question);
    const value = vq ? valueAnswer(vq, req.passages, req.language) : null;
    if (value !== null && !vq?.mixed) {
      yield { type: 'text', text: value };
      yield { type: 'done', finishReason: 'stop' };
      return;
    }
    // A value question's sentences are scored on what it asks for (its first clause, framing words out) and
    // should print a figure.
    const focus = vq && !vq.mixed ? { terms: vq.terms, wantFigure: vq.kind === 'value' } : undefined;
    const picked = await this.select(req.question, req.passages, opts.signal, focus);
    if (value !== null) {
      // A question that asks for an explanation around a value: the value, then the sentences that explain.
      yield { type: 'text', text: value };
      for (const c of picked) yield { type: 'text', text: `\n- ${squashSpaces(c.sentence.text)} [${c.passage.n}]` };
      yield { type: 'done', finishReason: 'stop' };
      return;
    }
    if (picked.length === 0) {
      yield { type: 'text', text: phrases.notFound };
      yield { type: 'done', finishReason: 'not-found' };
      return;
    }
    yield { type: 'text', text: `${phrases.intro}\n` };
    for (const c of picked) {
      opts.signal?.throwIfAborted();
      yield { type: 'text', text: `\n- ${squashSpaces(c.sentence.text)} [${c.passage.n}]` };
    }
    yield { type: 'done', finishReason: 'stop' };
  }

  /** The best sentences for the question, best first; empty when none is good enough. */
  async select(
    question: string,
    passages: ContextPassage[],
    signal?: AbortSignal,
    focus?: { terms: string[]; wantFigure: boolean },
  ): Promise<Candidate[]> {
    const queryTerms = [...new Set(focus?.terms ?? contentTerms(withoutAnswerTypeWords(question)))];
    if (queryTerms.length === 0) return [];
    const candidates: Candidate[] = [];
    for (const passage of passages.slice(0, MAX_PASSAGES)) {
      // A sentence says what its headings say: "Microsoft" in "MICROSOFT CORPORATION > Income taxes" is
      // covered by every sentence under it, which never repeats it.
      const context = contentTerms((passage.headingPath ?? []).join(' '));
      for (const sentence of splitSentences(passage.text)) {
        const count = sentence.text.split(/\s+/).length;
        if (count < MIN_WORDS || count > MAX_WORDS) continue;
        const terms = new Set([...contentTerms(sentence.text), ...context]);
        candidates.push({ passage, sentence, terms, score: 0 });
      }
    }
    if (candidates.length === 0) return [];

    const idf = inverseFrequencies(queryTerms, candidates);
    const totalIdf = queryTerms.reduce((a, t) => a + idf.get(t)!, 0);
    const similarity = await this.similarities(question, candidates, signal);
    candidates.forEach((c, i) => {
      let covered = 0;
      for (const t of queryTerms) if (c.terms.has(t)) covered += idf.get(t)!;
      const lexical = covered / totalIdf;
      // A sentence sharing no content word with the question is never an answer, however close its vector.
      if (lexical === 0) c.score = 0;
      else if (similarity === null) c.score = lexical;
      else c.score = LEXICAL_WEIGHT * lexical + SEMANTIC_WEIGHT * Math.max(0, similarity[i]);
      if (focus?.wantFigure && !FIGURE_IN_TEXT.test(c.sentence.text)) c.score *= NO_FIGURE_FACTOR;
    });

    const ranked = candidates
      .filter((c) => c.score > 0)
      .sort((a, b) => b.score - a.score || a.passage.n - b.passage.n || a.sentence.start - b.sentence.start);
    if (ranked.length === 0 || ranked[0].score < this.threshold) return [];
    const cutoff = Math.max(this.threshold, ranked[0].score * RELATIVE_CUTOFF);
    const out: Candidate[] = [];
    const seen = new Set<string>();
    for (const c of ranked) {
      if (out.length >= this.maxSentences || c.score < cutoff) break;
      // Overlapping chunks repeat sentences: quote each sentence once.
      const key = squashSpaces(c.sentence.text).toLowerCase();
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(c);
    }
    return out;
  }

  private async similarities(
    question: string,
    candidates: Candidate[],
    signal?: AbortSignal,
  ): Promise<number[] | null> {
    if (!this.embedder) return null;
    const vectors = await this.embedder.embedDocuments([question, ...candidates.map((c) => c.sentence.text)], {
      signal,
    });
    const q = vectors[0];
    return vectors.slice(1).map((v) => cosine(q, v));
  }
}

function inverseFrequencies(terms: string[], candidates: Candidate[]): Map<string, number> {
  const n = candidates.length;
  const idf = new Map<string, number>();
  for (const t of terms) {
    let df = 0;
    for (const c of candidates) if (c.terms.has(t)) df++;
    idf.set(t, Math.log(1 + (n - df + 0.5) / (df + 0.5)));
  }
  return idf;
}

function cosine(a: Float32Array, b: Float32Array): number {
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    ab += a[i] * b[i];
    aa += a[i] * a[i];
    bb += b[i] * b[i];
  }
  return aa > 0 && bb > 0 ? ab / Math.sqrt(aa * bb) : 0;
}
