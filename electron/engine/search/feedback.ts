// Pseudo-relevance feedback for the keyword list (RM3-like): the words that dominate the first results
// are added to the query, and the expanded query's ranking is blended with the original one. FTS5 has
// no per-term query weights, so the blend happens on normalised scores rather than inside one query.
import { minMax, type ScoredId } from './fusion';
import { foldText, STOPWORDS } from './terms';
import { porterStem } from './porter';

export interface FeedbackDoc {
  text: string;
  score: number; // the first-pass keyword score (higher = better)
}

/**
 * Chooses expansion words: each top document votes for its words in proportion to its normalised score
 * and each word's share of the document (relevance model RM1). Words already in the query, stopwords,
 * numbers and very short words are skipped. Returns surface forms (folded), best first.
 */
export function expansionTerms(query: string, docs: FeedbackDoc[], count: number): string[] {
  if (docs.length === 0 || count <= 0) return [];
  const queryStems = new Set(stemsOf(query).map((w) => w.stem));
  // Softmax-free weighting: shift scores so the weakest feedback document still counts a little.
  const norm = minMax(docs.map((d) => d.score));
  const weights = docs.map((d) => 0.5 + 0.5 * norm(d.score));
  const total = weights.reduce((a, b) => a + b, 0);

  const stemWeight = new Map<string, number>();
  const surface = new Map<string, Map<string, number>>();
  docs.forEach((doc, i) => {
    const items = stemsOf(doc.text);
    if (items.length === 0) return;
    const tf = new Map<string, number>();
    for (const { stem, word } of items) {
      tf.set(stem, (tf.get(stem) ?? 0) + 1);
      let forms = surface.get(stem);
      if (!forms) {
        forms = new Map();
        surface.set(stem, forms);
      }
      forms.set(word, (forms.get(word) ?? 0) + 1);
    }
    for (const [stem, n] of tf) {
      stemWeight.set(stem, (stemWeight.get(stem) ?? 0) + (weights[i] / total) * (n / items.length));
    }
  });

  const ranked = [...stemWeight.entries()]
    .filter(([stem]) => !queryStems.has(stem))
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, count);
  return ranked.map(([stem]) => mostFrequentForm(surface.get(stem)!));
}

function mostFrequentForm(forms: Map<string, number>): string {
  let best = '';
  let bestN = -1;
  for (const [w, n] of forms) {
    if (n > bestN || (n === bestN && w < best)) {
      best = w;
      bestN = n;
    }
  }
  return best;
}

function stemsOf(text: string): { stem: string; word: string }[] {
  const out: { stem: string; word: string }[] = [];
  for (const word of foldText(text).match(/[\p{L}\p{N}]+/gu) ?? []) {
    if (word.length < 3 || STOPWORDS.has(word) || /^\d/.test(word)) continue;
    out.push({ stem: /^[a-z]+$/.test(word) ? porterStem(word) : word, word });
  }
  return out;
}

/** Blends the original and expanded keyword rankings: (1 − w)·norm(original) + w·norm(expanded). */
export function blendKeywordLists(original: ScoredId[], expanded: ScoredId[], weight: number): ScoredId[] {
  const a = minMax(original.map((x) => x.score));
  const b = minMax(expanded.map((x) => x.score));
  const scores = new Map<number, number>();
  for (const x of original) scores.set(x.chunkId, (1 - weight) * a(x.score));
  for (const x of expanded) scores.set(x.chunkId, (scores.get(x.chunkId) ?? 0) + weight * b(x.score));
  const origRank = new Map(original.map((x, i) => [x.chunkId, i]));
  return [...scores.entries()]
    .map(([chunkId, score]) => ({ chunkId, score }))
    .sort(
      (x, y) =>
        y.score - x.score ||
        (origRank.get(x.chunkId) ?? Number.MAX_SAFE_INTEGER) - (origRank.get(y.chunkId) ?? Number.MAX_SAFE_INTEGER) ||
        x.chunkId - y.chunkId,
    );
}
