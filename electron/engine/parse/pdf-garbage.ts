// Detects unusable PDF text layers: fonts without a Unicode map make pdfjs emit glyph codes as if they were
// characters, which reads as mojibake (control characters, letters of random scripts mixed in one word,
// symbols inside words). Noisy but real text (OCR layers, scientific notation) must not trip it, so the
// verdict rests on several signals at once. Tuned on the fixtures in shared/fixtures/docs.

export interface GarbageStats {
  chars: number; // non-space characters
  letters: number;
  /** Share of non-space characters that are controls, private-use, unassigned or U+FFFD. */
  junkShare: number;
  /** Share of word tokens whose letters come from two or more scripts. */
  mixedShare: number;
  /** Share of word tokens with a symbol or stray punctuation between letters. */
  soupShare: number;
  /** Scripts holding at least 5 % of the letters. */
  scripts: number;
  tokens: number;
  score: number;
}

const SCRIPTS: [string, RegExp][] = [
  ['Latin', /\p{Script=Latin}/u],
  ['Greek', /\p{Script=Greek}/u],
  ['Cyrillic', /\p{Script=Cyrillic}/u],
  ['Armenian', /\p{Script=Armenian}/u],
  ['Hebrew', /\p{Script=Hebrew}/u],
  ['Arabic', /\p{Script=Arabic}/u],
  ['Syriac', /\p{Script=Syriac}/u],
  ['Thaana', /\p{Script=Thaana}/u],
  ['Nko', /\p{Script=Nko}/u],
  ['Devanagari', /\p{Script=Devanagari}/u],
  ['Bengali', /\p{Script=Bengali}/u],
  ['Gurmukhi', /\p{Script=Gurmukhi}/u],
  ['Gujarati', /\p{Script=Gujarati}/u],
  ['Tamil', /\p{Script=Tamil}/u],
  ['Telugu', /\p{Script=Telugu}/u],
  ['Kannada', /\p{Script=Kannada}/u],
  ['Malayalam', /\p{Script=Malayalam}/u],
  ['Sinhala', /\p{Script=Sinhala}/u],
  ['Thai', /\p{Script=Thai}/u],
  ['Lao', /\p{Script=Lao}/u],
  ['Tibetan', /\p{Script=Tibetan}/u],
  ['Myanmar', /\p{Script=Myanmar}/u],
  ['Georgian', /\p{Script=Georgian}/u],
  ['Ethiopic', /\p{Script=Ethiopic}/u],
  ['Khmer', /\p{Script=Khmer}/u],
  ['Hangul', /\p{Script=Hangul}/u],
  // Japanese mixes Han and kana within words: one writing system here.
  ['CJK', /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u30FC]/u],
];

const scriptCache = new Map<string, string>();

function scriptOf(ch: string): string {
  let script = scriptCache.get(ch);
  if (script === undefined) {
    script = SCRIPTS.find(([, re]) => re.test(ch))?.[0] ?? 'Other';
    if (scriptCache.size < 50_000) scriptCache.set(ch, script);
  }
  return script;
}

const LETTER = /\p{L}/u;
const JUNK = /[\p{Cc}\p{Co}\p{Cn}\p{Cs}\uFFFD]/u;
// Between two letters these are ordinary: marks, digits, dashes, brackets and quotes of any script,
// apostrophes, dots (abbreviations, URLs), slashes, ampersands, a few ASCII signs, the Arabic tatweel,
// and CJK and fullwidth punctuation.
const INNER_OK =
  /[\p{M}\p{Nd}\p{Pd}\p{Ps}\p{Pe}\p{Pi}\p{Pf}'`´.…·/&_@:,;+#%*=~!?"\u0640\u3000-\u303F\u30FB\uFF01-\uFF0F\uFF1A-\uFF20\uFF3B-\uFF40\uFF5B-\uFF65]/u;
// Zero-width (non-)joiners: kept out of the class above, where they would read as joining characters.
const JOINERS = new Set(['\u200C', '\u200D']);
// Before the first letter of a word: opening quotes and brackets, signs, digits.
const LEAD_OK = /[\p{Nd}\p{Ps}\p{Pi}\p{M}'’"“‘„«¿¡*#@$€£¥§+\-–—.,:;/\\_~&%]/u;
// After the last letter: closing punctuation, quotes, digits, units.
const TRAIL_OK = /[\p{Nd}\p{Pe}\p{Pf}\p{M}\p{Po}'’"”»*#+\-–—/\\_~&%°]/u;

/** A word whose non-letters sit where no real word puts them: "’>in", "Ї́Ψ¢". */
function isSoup(chars: string[]): boolean {
  let first = -1;
  let last = -1;
  chars.forEach((ch, k) => {
    if (LETTER.test(ch)) {
      if (first < 0) first = k;
      last = k;
    }
  });
  if (first < 0) return false;
  for (let k = 0; k < chars.length; k++) {
    const ch = chars[k];
    if (LETTER.test(ch)) continue;
    const ok = k < first ? LEAD_OK : k > last ? TRAIL_OK : INNER_OK;
    if (!ok.test(ch) && !JOINERS.has(ch)) return true;
  }
  return false;
}

// Most words of most pages: ASCII letters, maybe an opening bracket or quote before and closing punctuation
// after. Such a word counts as Latin letters and is neither mixed nor soup, so it skips the per-character
// tests below (a third of the parser's own time on plain English pages).
const PLAIN_WORD = /^[("'[]?([A-Za-z]+)[.,;:!?)\]"']{0,2}$/;
const PLAIN_NUMBER = /^[0-9.,%]+$/;

export function garbageStats(text: string): GarbageStats {
  const stats: GarbageStats = {
    chars: 0,
    letters: 0,
    junkShare: 0,
    mixedShare: 0,
    soupShare: 0,
    scripts: 0,
    tokens: 0,
    score: 0,
  };
  const byScript = new Map<string, number>();
  let junk = 0;
  let mixed = 0;
  let soup = 0;
  let plainLatin = 0;
  for (const token of text.split(/\s+/)) {
    if (!token) continue;
    const plain = PLAIN_WORD.exec(token);
    if (plain) {
      const letters = plain[1].length;
      stats.chars += token.length;
      stats.letters += letters;
      stats.tokens++;
      plainLatin += letters;
      continue;
    }
    if (PLAIN_NUMBER.test(token)) {
      stats.chars += token.length;
      continue;
    }
    const chars = Array.from(token);
    const scripts = new Map<string, number>();
    let letters = 0;
    for (const ch of chars) {
      stats.chars++;
      if (JUNK.test(ch)) junk++;
      if (LETTER.test(ch)) {
        letters++;
        const script = scriptOf(ch);
        scripts.set(script, (scripts.get(script) ?? 0) + 1);
        byScript.set(script, (byScript.get(script) ?? 0) + 1);
      }
    }
    stats.letters += letters;
    if (letters === 0) continue;
    stats.tokens++;
    scripts.delete('Other');
    // Two scripts with two letters each, or three scripts: a lone Greek letter in "μm" or "α-helix" is
    // notation, not mixing.
    const substantial = [...scripts.values()].filter((n) => n >= 2).length;
    if (scripts.size >= 3 || substantial >= 2) mixed++;
    if (isSoup(chars)) soup++;
  }
  if (plainLatin > 0) byScript.set('Latin', (byScript.get('Latin') ?? 0) + plainLatin);
  if (stats.chars === 0) return stats;
  stats.junkShare = junk / stats.chars;
  stats.mixedShare = stats.tokens > 0 ? mixed / stats.tokens : 0;
  stats.soupShare = stats.tokens > 0 ? soup / stats.tokens : 0;
  stats.scripts = [...byScript.values()].filter((n) => n >= stats.letters * 0.05).length;
  const other = byScript.get('Other') ?? 0;
  // Each signal saturates at a level real text does not reach; the score adds them up.
  stats.score =
    Math.min(1, stats.junkShare / 0.05) +
    Math.min(1, stats.mixedShare / 0.25) +
    Math.min(1, stats.soupShare / 0.3) +
    Math.min(1, Math.max(0, stats.scripts - 2) / 2) +
    Math.min(1, stats.letters > 0 ? other / stats.letters / 0.2 : 0);
  return stats;
}

/** True when a page's text should not be indexed. */
export function isGarbage(text: string): boolean {
  const stats = garbageStats(text);
  if (stats.chars === 0) return false;
  // Real text scored at most 0.25 on the fixtures (noisy OCR included); a single saturated signal is 1.
  return stats.score >= 0.8;
}
