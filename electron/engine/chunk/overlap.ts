// Where a chunk's overlap with the previous one starts: the earliest sentence start (else word start) in the
// previous chunk's core such that the tail from there is at most `maxTokens` tokens.
import { countTokens } from '../tokens';
import { isLowSurrogate } from '../tokens/bpe';
import { type Atom, trimmedSegments, wordPieces } from './atoms';
import type { Core } from './pack';

interface Candidate {
  start: number;
  tokens: number; // of text[start, coreEnd), summed piece by piece
}

/** Characters per token that no text exceeds by much (English ~4.5): bounds the word search in a long sentence. */
const MAX_CHARS_PER_TOKEN = 16;

export function overlapStart(text: string, atoms: Atom[], prev: Core, maxTokens: number): number | null {
  // Never more than half the previous chunk: a short chunk must not be repeated whole.
  const limit = Math.min(maxTokens, Math.floor(prev.tokens / 2));
  if (limit < 1) return null;
  if (atoms[prev.end - 1].table !== undefined) return wholeRowsStart(text, atoms, prev, limit);
  const coreStart = atoms[prev.first].start;
  const coreEnd = atoms[prev.end - 1].end;
  let k = prev.end - 1;
  let acc = atoms[k].tokens;
  while (k > prev.first && acc < limit) acc += atoms[--k].tokens;
  // Only the core's last ~1.5×limit tokens need a look (estimated with the core's own characters per token):
  // segmenting and counting a whole long paragraph for each chunk would make overlaps cost a third of the time.
  const charsPerToken = (coreEnd - coreStart) / Math.max(1, prev.tokens);
  let from = Math.max(atoms[k].start, coreEnd - Math.ceil(1.5 * limit * charsPerToken) - 16);
  if (isLowSurrogate(text.charCodeAt(from))) from++;

  const sentences = trimmedSegments(text, from, coreEnd, 'sentence');
  // A window cut inside a sentence makes a false sentence start; its words are still candidates.
  const partial = from > atoms[k].start && sentences.length > 0;
  const bySentence = suffixCandidates(text, sentences, coreEnd, 0);
  if (partial) bySentence[0] = { start: coreStart, tokens: Number.POSITIVE_INFINITY };
  const s = earliestWithin(bySentence, coreStart, limit);
  let candidates = bySentence;
  if (s < 0 || bySentence[s].tokens * 2 < limit) {
    // No sentence start gives at least half the wanted overlap: look at the words of the sentence before.
    const index = (s < 0 ? sentences.length : s) - 1;
    if (index >= 0) {
      const sentence = sentences[index];
      let wordsFrom = Math.max(sentence.start, sentence.end - limit * MAX_CHARS_PER_TOKEN);
      if (wordsFrom > sentence.start && isLowSurrogate(text.charCodeAt(wordsFrom))) wordsFrom++;
      const words = wordPieces(text, wordsFrom, sentence.end);
      // A window that begins inside a word makes a false word start.
      if (wordsFrom > sentence.start || (index === 0 && partial)) words.shift();
      const base = s < 0 ? 0 : bySentence[s].tokens;
      candidates = [...suffixCandidates(text, words, sentence.end, base), ...bySentence.slice(index + 1)];
    }
  }
  // The piecewise sum can differ from the real count by a token or so: confirm, moving later if needed.
  for (let i = earliestWithin(candidates, coreStart, limit); i >= 0 && i < candidates.length; i++) {
    if (countTokens(text.slice(candidates[i].start, coreEnd)) <= limit) return candidates[i].start;
  }
  return null;
}

/**
 * After table rows, the overlap is made of whole rows (a row cut in two would be a half-row without its
 * first cells, found by a question about them but unable to answer it), or is empty when the last row
 * alone is over the limit.
 */
function wholeRowsStart(text: string, atoms: Atom[], prev: Core, limit: number): number | null {
  const coreEnd = atoms[prev.end - 1].end;
  let start: number | null = null;
  for (let k = prev.end - 1; k > prev.first && atoms[k].table !== undefined; k--) {
    // A row cut into several atoms (longer than the budget) starts at its first atom: only line-cut atoms
    // that begin after a line break are row starts.
    if (k > 0 && !/\n\s*$/.test(text.slice(atoms[k - 1].end, atoms[k].start))) continue;
    if (countTokens(text.slice(atoms[k].start, coreEnd)) > limit) break;
    start = atoms[k].start;
  }
  return start;
}

/** For each piece, the tokens from its start to `end`; each piece is counted with the whitespace before it. */
function suffixCandidates(
  text: string,
  pieces: { start: number; end: number }[],
  end: number,
  base: number,
): Candidate[] {
  const out: Candidate[] = new Array(pieces.length);
  let tokens = base + (pieces.length > 0 ? countTokens(text.slice(pieces[pieces.length - 1].end, end)) : 0);
  for (let j = pieces.length - 1; j >= 0; j--) {
    tokens += countTokens(text.slice(j > 0 ? pieces[j - 1].end : pieces[j].start, pieces[j].end));
    out[j] = { start: pieces[j].start, tokens };
  }
  return out;
}

function earliestWithin(candidates: Candidate[], after: number, limit: number): number {
  return candidates.findIndex((c) => c.start > after && c.tokens <= limit);
}
