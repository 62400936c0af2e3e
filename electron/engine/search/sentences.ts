// Splits passage text into sentences with their offsets: for passage evidence in search, for the
// extractive generator, and for narrowing a citation to the sentence it supports. Conservative: a wrong
// split only costs a shorter quote, a missed split a longer one; neither invents text.

export interface SentenceSpan {
  text: string; // trimmed, verbatim slice of the input
  start: number;
  end: number;
}

// Abbreviations after which a full stop does not end a sentence (English and French; folded to lower case).
const ABBREVIATIONS = new Set(
  'e.g i.e etc vs cf al fig figs eq eqs no nos vol p pp ch sec dr mr mrs ms prof st jr sr inc ltd co corp approx ca resp art al mm m mme mlle env ex'.split(
    ' ',
  ),
);

/** True when the full stop at `dot` is part of an abbreviation, an initial or a number. */
function isAbbreviation(text: string, dot: number): boolean {
  const before = /([\p{L}.]+)$/u.exec(text.slice(Math.max(0, dot - 12), dot));
  if (!before) return /\d$/.test(text.slice(0, dot)) && /^\d/.test(text.slice(dot + 1));
  const word = before[1].toLowerCase().replace(/^\.+/, '');
  if (ABBREVIATIONS.has(word)) return true;
  // A single capital letter ("J. Smith") is an initial.
  return /^\p{Lu}$/u.test(before[1]);
}

export function splitSentences(text: string): SentenceSpan[] {
  const out: SentenceSpan[] = [];
  let start = 0;
  const push = (end: number) => {
    const raw = text.slice(start, end);
    const lead = raw.length - raw.trimStart().length;
    const trimmed = raw.trim();
    if (trimmed !== '') out.push({ text: trimmed, start: start + lead, end: start + lead + trimmed.length });
    start = end;
  };
  // Boundaries: terminal punctuation (plus closing quotes/brackets) followed by space, or a blank line,
  // or a line that starts a list item.
  const boundary = /([.!?…。！？]+["'”’»)\]]*)(?=\s)|\n\s*\n|\n(?=\s*(?:[-•*–]|\d+[.)])\s)/gu;
  for (const m of text.matchAll(boundary)) {
    const at = m.index ?? 0;
    if (m[1] !== undefined) {
      if (m[1] === '.' && isAbbreviation(text, at)) continue;
      push(at + m[0].length);
    } else {
      push(at);
    }
  }
  push(text.length);
  return out;
}

/** Whitespace runs collapsed to one space: PDF text wraps lines inside sentences. */
export function squashSpaces(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
