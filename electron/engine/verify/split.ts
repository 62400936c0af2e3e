// An answer cut into sentences, French or English, each with the citation numbers it carries. Written for
// answers rather than passages: a line break always ends a sentence (models write lists), a citation after
// the full stop ("… in 2023. [2]") stays with the sentence it follows, and a full stop followed by a lower-
// case word ("U.S. dollar", "etc. and") or after an abbreviation ("M. Dupont", "p. 12", "e.g.") does not end
// one. List marks and Markdown emphasis before a sentence are left out of it.
import { parseCitationMarkers } from '../answer/citations';

export interface AnswerSentence {
  text: string; // the verbatim slice answer[start, end)
  start: number;
  end: number;
  citations: number[]; // in the order written, each once
}

const ABBREVIATIONS = new Set(
  'e.g i.e etc vs cf al fig figs eq eqs no nos vol p pp ch sec dr mr mrs ms prof st jr sr inc ltd co corp approx ca resp art m mme mlle mm env ex av apr j.-c n°'.split(
    ' ',
  ),
);

const BOUNDARY = /[.!?…]+["'”’»)\]*_]*(?=\s|$)|\n/gu;
const MARKERS_AFTER = /^(?:[ \t]*\[\s*\d[\d\s,;–—-]*\])+[.!?]?/;
const LEAD = /^(?:\s|[-•*–>#]+\s|\d{1,2}[.)]\s|\*\*|__)+/;

export function splitAnswer(answer: string): AnswerSentence[] {
  const cuts: number[] = [];
  for (const m of answer.matchAll(BOUNDARY)) {
    let end = (m.index ?? 0) + m[0].length;
    if (m[0] !== '\n') {
      if (!endsSentence(answer, m.index ?? 0, end)) continue;
      const markers = MARKERS_AFTER.exec(answer.slice(end));
      if (markers) end += markers[0].length;
    }
    cuts.push(end);
  }
  cuts.push(answer.length);
  const markers = parseCitationMarkers(answer);
  const out: AnswerSentence[] = [];
  let from = 0;
  for (const cut of cuts) {
    if (cut <= from) continue;
    const raw = answer.slice(from, cut);
    const lead = LEAD.exec(raw)?.[0].length ?? 0;
    const body = raw.slice(lead).trimEnd();
    const start = from + lead;
    from = cut;
    if (!/[\p{L}\p{N}]/u.test(body)) continue;
    const end = start + body.length;
    const citations: number[] = [];
    for (const mk of markers)
      if (mk.start >= start && mk.end <= end) for (const n of mk.numbers) if (!citations.includes(n)) citations.push(n);
    out.push({ text: body, start, end, citations });
  }
  return out;
}

/** Whether the punctuation at answer[at, end) ends a sentence. */
function endsSentence(answer: string, at: number, end: number): boolean {
  const next = /\S/u.exec(answer.slice(end));
  // A lower-case word or a digit after the full stop continues the sentence ("U.S. dollar", "p. 12").
  if (next && /[\p{Ll}\d]/u.test(next[0]) && answer[at] === '.') return false;
  if (answer.slice(at, end) !== '.') return true;
  // "2. Second point": a numbered list mark at the start of a line.
  const line = answer.slice(answer.lastIndexOf('\n', at) + 1, at);
  if (/^[ \t]*\d{1,3}$/.test(line)) return false;
  const before = /([\p{L}.'-]+)$/u.exec(answer.slice(Math.max(0, at - 12), at));
  if (!before) return true;
  const word = before[1].toLowerCase().replace(/^[.'-]+/, '');
  if (ABBREVIATIONS.has(word) && word !== 'etc' && word !== 'al') return false;
  // An initial ("J. Smith") or a dotted acronym ("U.S", "S.A") before a capitalised word: a name goes on.
  if (/^\p{Lu}$/u.test(before[1]) || /^(?:\p{Lu}\.)+\p{Lu}$/u.test(before[1])) return false;
  return true;
}

/** The sentence with its citation markers blanked out (same length, so offsets hold). */
export function withoutMarkers(text: string): string {
  return text.replace(/\[\s*\d[\d\s,;–—-]*\]/g, (m) => ' '.repeat(m.length));
}
