// The words of a sentence or passage as the checker compares them: folded like the keyword index (lower
// case, no accents), with their offsets, each with its stem and whether it is a content word. English words
// get the Porter stem the search uses; French words a light suffix stripper (plural, feminine and the common
// derivational endings), since "augmenté", "augmentation" and "augmente" must meet. Both sides of a
// comparison are stemmed with the same language, so a wrong guess costs matches, never consistency.
import type { Language } from '../answer/language';
import { foldText, STOPWORDS, stemWord } from '../search/terms';

export interface Word {
  text: string; // as written
  folded: string;
  stem: string;
  start: number;
  end: number;
  content: boolean; // not a function word, not a bare number
}

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu;

const FRENCH_SUFFIXES = [
  'issements',
  'issement',
  'ations',
  'ation',
  'ements',
  'ement',
  'ments',
  'ment',
  'ités',
  'ites',
  'ité',
  'ite',
  'euses',
  'euse',
  'eux',
  'ives',
  'ive',
  'ifs',
  'if',
  'iques',
  'ique',
  'ables',
  'able',
  'ances',
  'ance',
  'ences',
  'ence',
  'istes',
  'iste',
  'ées',
  'ees',
  'ée',
  'ee',
  'és',
  'es',
  'er',
  'ez',
  'é',
  'e',
  's',
  'x',
];

/** A light French stem of a folded word: the longest listed suffix off, keeping at least 3 letters. */
export function frenchStem(folded: string): string {
  if (/\d/.test(folded)) return folded;
  // "nationaux" / "national": the plural in -aux is the singular in -al.
  if (folded.endsWith('aux') && folded.length > 5) return `${folded.slice(0, -3)}al`;
  for (const suffix of FRENCH_SUFFIXES) {
    if (folded.endsWith(suffix) && folded.length - suffix.length >= 3) {
      return folded.slice(0, -suffix.length);
    }
  }
  return folded;
}

export function stemFor(folded: string, language: Language): string {
  return language === 'fr' ? frenchStem(folded) : stemWord(folded);
}

/** The words of `text` with their offsets; elided articles ("l'", "d'", "qu'") are dropped. */
export function wordsOf(text: string, language: Language): Word[] {
  const out: Word[] = [];
  for (const m of text.matchAll(WORD)) {
    let raw = m[0];
    let start = m.index ?? 0;
    const elision = /^(?:[ldjmnst]|qu|c)['’]/i.exec(raw);
    if (elision) {
      out.push(word(raw.slice(0, elision[0].length - 1), start, language));
      start += elision[0].length;
      raw = raw.slice(elision[0].length);
    } else if (/['’]/.test(raw)) {
      // English contractions and possessives: "didn't" → "didn" + "t", "Apple's" → "Apple".
      const at = raw.search(/['’]/);
      out.push(word(raw.slice(0, at), start, language));
      const rest = raw.slice(at + 1);
      if (rest.toLowerCase() === 't') out.push(word('t', start + at + 1, language));
      continue;
    }
    out.push(word(raw, start, language));
  }
  return out;
}

function word(text: string, start: number, language: Language): Word {
  const folded = foldText(text);
  const content = !STOPWORDS.has(folded) && !/^\d+$/.test(folded) && folded.length > 1;
  return { text, folded, stem: content ? stemFor(folded, language) : folded, start, end: start + text.length, content };
}
