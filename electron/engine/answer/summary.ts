// The offline summary: the passages' most central sentences, quoted verbatim in document order, each cited.
// No model writes anything: the method is LexRank (a sentence is central when the sentences like it are
// central; TF-IDF cosine over stemmed content words), with a small lead cue (early sentences and the first
// sentence under a heading tend to say what a section is about) and an optional pull towards the question's
// topic, then MMR so the picked sentences do not repeat each other.
import { basename } from 'node:path';
import { squashSpaces } from '../search/sentences';
import { contentTerms } from '../search/terms';
import type { ContextPassage } from '../types';
import type { Language } from './language';
import { textUnits } from './summary-units';

export const SUMMARY_PHRASES: Record<Language, { one: (name: string) => string; many: string }> = {
  en: { one: (name) => `Summary of ${name}:`, many: 'Key points from your documents:' },
  fr: { one: (name) => `Résumé de ${name} :`, many: 'Points clés de vos documents :' },
};

export interface SummarySentence {
  passage: ContextPassage;
  text: string;
  /** Offset in the passage: the answer lists sentences in reading order. */
  at: number;
}

const MAX_SENTENCES = 6;
/** Sentences considered, at most: the graph is quadratic in them. */
const MAX_CANDIDATES = 300;
const MIN_WORDS = 6;
const MAX_WORDS = 50;
const DAMPING = 0.85;
const ITERATIONS = 30;
/** Sentence pairs less similar than this are not linked (LexRank's threshold, continuous above it). */
const LINK_FLOOR = 0.05;
/** MMR trade-off: relevance against redundancy with what is already picked. */
const MMR_LAMBDA = 0.7;
const LEAD_WEIGHT = 0.15;
const TOPIC_WEIGHT = 0.3;

interface Candidate extends SummarySentence {
  vector: Map<string, number>;
  terms: string[];
  lead: number;
  score: number;
}

/** The summary's sentences in reading order; empty when no passage has a sentence worth quoting. */
export function summarySentences(passages: ContextPassage[], topic: string): SummarySentence[] {
  const candidates = collect(passages);
  if (candidates.length === 0) return [];
  weigh(candidates);
  const centrality = lexRank(candidates);
  const max = Math.max(...centrality);
  const topicTerms = [...new Set(contentTerms(topic))];
  candidates.forEach((c, i) => {
    const shared = topicTerms.filter((t) => c.vector.has(t)).length;
    const topicScore = topicTerms.length > 0 ? shared / topicTerms.length : 0;
    c.score = centrality[i] / max + LEAD_WEIGHT * c.lead + TOPIC_WEIGHT * topicScore;
  });
  return mmr(candidates, MAX_SENTENCES).sort(
    (a, b) => a.passage.documentId - b.passage.documentId || a.passage.charStart + a.at - (b.passage.charStart + b.at),
  );
}

/** The answer text: frame, then "- sentence [n]" lines. Null when there is nothing to quote. */
export function summaryAnswer(passages: ContextPassage[], topic: string, language: Language): string[] | null {
  const picked = summarySentences(passages, topic);
  if (picked.length === 0) return null;
  const docs = new Set(picked.map((s) => s.passage.documentId));
  const phrases = SUMMARY_PHRASES[language];
  const frame = docs.size === 1 ? phrases.one(basename(picked[0].passage.path)) : phrases.many;
  return [`${frame}\n`, ...picked.map((s) => `\n- ${s.text} [${s.passage.n}]`)];
}

/** Prose sentences of the passages, each once (overlapping chunks repeat them), at most MAX_CANDIDATES. */
function collect(passages: ContextPassage[]): Candidate[] {
  const out: Candidate[] = [];
  const seen = new Set<string>();
  // Reading order within each document gives the lead cue.
  const ordered = [...passages].sort((a, b) => a.documentId - b.documentId || a.charStart - b.charStart);
  for (const passage of ordered) {
    const units = textUnits(passage.text);
    units.forEach((u, i) => {
      if (out.length >= MAX_CANDIDATES) return;
      const text = squashSpaces(u.text);
      if (!isProse(text) || (i > 0 && endsOnInitialism(units[i - 1].text))) return;
      const key = text.toLowerCase();
      if (seen.has(key)) return;
      seen.add(key);
      const terms = contentTerms(text);
      if (terms.length < 3) return;
      out.push({ passage, text, at: u.start, terms, vector: new Map(), lead: u.afterHeading ? 1 : 0, score: 0 });
    });
  }
  // Earlier sentences of a document weigh a little more (its opening says what it is).
  const perDoc = new Map<number, number>();
  for (const c of out) perDoc.set(c.passage.documentId, (perDoc.get(c.passage.documentId) ?? 0) + 1);
  const rank = new Map<number, number>();
  for (const c of out) {
    const r = rank.get(c.passage.documentId) ?? 0;
    rank.set(c.passage.documentId, r + 1);
    c.lead = Math.max(c.lead, 1 - r / Math.max(1, perDoc.get(c.passage.documentId)!));
  }
  return out;
}

/**
 * A sentence worth quoting in a summary: words rather than figures, the length of a sentence, ending like
 * one (a flattened table row or a heading does not), and not the tail of a sentence cut at a chunk start.
 */
function isProse(text: string): boolean {
  const tokens = text.split(' ');
  if (tokens.length < MIN_WORDS || tokens.length > MAX_WORDS) return false;
  if (!/[.!?…]["'”’»)]*$/u.test(text)) return false;
  // A lower-case start is the tail of a sentence (cut at the chunk's start, or split after "U.S.").
  if (/^\p{Ll}/u.test(text)) return false;
  // Ending on an initialism ("…and the U.S.") is usually a sentence cut in the middle.
  if (/(?:^|\s)(?:\p{L}\.){2,}$/u.test(text)) return false;
  const wordy = tokens.filter((t) => /^[("“«'‘]*\p{L}[\p{L}'’-]*[)"”»'’.,;:!?]*$/u.test(t)).length;
  return wordy / tokens.length >= 0.7;
}

/** "…the U.S." ended the previous split: this one is probably the rest of its sentence. */
function endsOnInitialism(text: string): boolean {
  return /(?:^|\s)(?:\p{L}\.){2,}$/u.test(text.trim());
}

/** TF-IDF vectors (log-scaled term frequency × IDF over the candidates), unit length. */
function weigh(candidates: Candidate[]): void {
  const df = new Map<string, number>();
  for (const c of candidates) for (const t of new Set(c.terms)) df.set(t, (df.get(t) ?? 0) + 1);
  const n = candidates.length;
  for (const c of candidates) {
    const tf = new Map<string, number>();
    for (const t of c.terms) tf.set(t, (tf.get(t) ?? 0) + 1);
    let norm = 0;
    for (const [t, f] of tf) {
      const w = (1 + Math.log(f)) * Math.log(1 + n / df.get(t)!);
      c.vector.set(t, w);
      norm += w * w;
    }
    norm = Math.sqrt(norm) || 1;
    for (const [t, w] of c.vector) c.vector.set(t, w / norm);
  }
}

function cosine(a: Map<string, number>, b: Map<string, number>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let dot = 0;
  for (const [t, w] of small) {
    const v = large.get(t);
    if (v !== undefined) dot += w * v;
  }
  return dot;
}

/** Continuous LexRank: PageRank over the sentence similarity graph (links weighted by cosine). */
function lexRank(candidates: Candidate[]): number[] {
  const n = candidates.length;
  const sim: Float64Array[] = candidates.map(() => new Float64Array(n));
  const rowSum = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const s = cosine(candidates[i].vector, candidates[j].vector);
      if (s < LINK_FLOOR) continue;
      sim[i][j] = s;
      sim[j][i] = s;
      rowSum[i] += s;
      rowSum[j] += s;
    }
  }
  let rank = new Float64Array(n).fill(1 / n);
  for (let it = 0; it < ITERATIONS; it++) {
    const next = new Float64Array(n).fill((1 - DAMPING) / n);
    for (let i = 0; i < n; i++) {
      // A sentence linked to nothing spreads its rank evenly (as PageRank does for dangling pages).
      if (rowSum[i] === 0) {
        for (let j = 0; j < n; j++) next[j] += (DAMPING * rank[i]) / n;
        continue;
      }
      const share = (DAMPING * rank[i]) / rowSum[i];
      const row = sim[i];
      for (let j = 0; j < n; j++) if (row[j] > 0) next[j] += share * row[j];
    }
    rank = next;
  }
  return [...rank];
}

/** Maximal marginal relevance: the best sentence, then those best and least like the ones already picked. */
function mmr(candidates: Candidate[], k: number): Candidate[] {
  const picked: Candidate[] = [];
  const left = new Set(candidates);
  while (picked.length < k && left.size > 0) {
    let best: Candidate | null = null;
    let bestValue = Number.NEGATIVE_INFINITY;
    for (const c of left) {
      const redundancy = picked.reduce((m, p) => Math.max(m, cosine(c.vector, p.vector)), 0);
      const value = MMR_LAMBDA * c.score - (1 - MMR_LAMBDA) * redundancy;
      if (value > bestValue) {
        bestValue = value;
        best = c;
      }
    }
    picked.push(best!);
    left.delete(best!);
  }
  return picked;
}
