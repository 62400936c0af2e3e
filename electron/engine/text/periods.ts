// Period normalisation, French and English: the ways people and documents write a fiscal year, a quarter, a
// half or a month become the same tokens, so "FY2018", "fiscal 2018" and "exercice 2018" all match, and so
// do "Q3 2023", "2023 Q3", "third quarter of 2023", "troisième trimestre 2023" and "T3 2023".
// Used on both sides: the store indexes the tokens of a document's name, title and first page (the document
// fields, store/sqlite/doc-fields.ts), search extracts them from the question (search/doc-refs.ts).
// Tokens are lower-case letters and digits only, so FTS5's unicode61 tokenizer keeps each one whole, and end
// in a digit, so porter stemming leaves them alone:
//   yr2023 (a year), fy2023 (a fiscal year / exercice), q3y2023 (a quarter), h1y2023 (a half), m202307 (a month).
// Every quarter, half, fiscal year or month also gives its year. Shared by store and search (neither may import
// the other's way), hence this leaf module with no imports.

export interface PeriodOptions {
  /**
   * Also read a lone four-digit year ("2023") as a year. On for questions and short fields (file names,
   * titles); off for running text, where years are everywhere (notes due 2042, founded in 1976).
   */
  bareYears?: boolean;
}

const ORDINALS: Record<string, number> = {
  first: 1,
  '1st': 1,
  second: 2,
  '2nd': 2,
  third: 3,
  '3rd': 3,
  fourth: 4,
  '4th': 4,
  premier: 1,
  premiere: 1,
  '1er': 1,
  '1re': 1,
  '1ere': 1,
  deuxieme: 2,
  seconde: 2,
  '2e': 2,
  '2eme': 2,
  troisieme: 3,
  '3e': 3,
  '3eme': 3,
  quatrieme: 4,
  '4e': 4,
  '4eme': 4,
};
const ORD = Object.keys(ORDINALS)
  .sort((a, b) => b.length - a.length)
  .join('|');

const MONTHS: Record<string, number> = {
  january: 1,
  jan: 1,
  janvier: 1,
  february: 2,
  feb: 2,
  fevrier: 2,
  march: 3,
  mar: 3,
  mars: 3,
  april: 4,
  apr: 4,
  avril: 4,
  may: 5,
  mai: 5,
  june: 6,
  jun: 6,
  juin: 6,
  july: 7,
  jul: 7,
  juillet: 7,
  august: 8,
  aug: 8,
  aout: 8,
  september: 9,
  sept: 9,
  sep: 9,
  septembre: 9,
  october: 10,
  oct: 10,
  octobre: 10,
  november: 11,
  nov: 11,
  novembre: 11,
  december: 12,
  dec: 12,
  decembre: 12,
};
const MONTH = Object.keys(MONTHS)
  .sort((a, b) => b.length - a.length)
  .join('|');

/** A four-digit year of the 20th or 21st century. */
const Y4 = '(?:19|20)\\d{2}';
/** Optional "of", "de", "d'", "de l'", "of the", "in" between a period word and its year. */
const LINK = "(?:\\s+(?:of|in|de|du|d'|de\\s+l')\\s*(?:the\\s+)?)?\\s*";
/** Optional fiscal wording before a year: "fiscal", "fiscal year", "FY", "exercice", "l'exercice fiscal". */
const FISCAL = "((?:fiscal\\s+(?:year\\s+)?|fy\\s*|(?:l')?exercice\\s+(?:fiscal\\s+)?|annee\\s+fiscale\\s+))?";

/** Two-digit years: 00–69 are 2000s, 70–99 the 1900s (reports mention no later or earlier years). */
function fullYear(y: string): number {
  const n = Number(y);
  if (y.length === 4) return n;
  return n < 70 ? 2000 + n : 1900 + n;
}

/** Lower case, accents and typographic apostrophes folded, one space between words. */
function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc`´]/g, "'")
    .replace(/\s+/g, ' ');
}

interface Rule {
  re: RegExp;
  emit(m: RegExpExecArray, out: Set<string>): void;
}

const quarter = (out: Set<string>, q: number, year: number, fiscal: boolean) => {
  out.add(`q${q}y${year}`);
  out.add(`yr${year}`);
  if (fiscal) out.add(`fy${year}`);
};
const half = (out: Set<string>, h: number, year: number, fiscal: boolean) => {
  out.add(`h${h}y${year}`);
  out.add(`yr${year}`);
  if (fiscal) out.add(`fy${year}`);
};
const fiscalYear = (out: Set<string>, year: number) => {
  out.add(`fy${year}`);
  out.add(`yr${year}`);
};
const month = (out: Set<string>, m: number, year: number) => {
  out.add(`m${year}${String(m).padStart(2, '0')}`);
  out.add(`yr${year}`);
};

const RULES: Rule[] = [
  // Q3 2023, Q3-2023, Q3 FY2023, Q3'23, Q3 FY23, q3fy23
  {
    re: new RegExp(`\\bq([1-4])(?:\\s*[-/]?\\s*(fy\\s*)?(${Y4})|\\s*('|fy\\s*)(\\d{2}))\\b`, 'g'),
    emit: (m, out) => quarter(out, Number(m[1]), fullYear(m[3] ?? m[5]), Boolean(m[2] || m[4]?.startsWith('fy'))),
  },
  // 2023 Q3, 2023-Q3, FY2023 Q3, FY23 Q3
  {
    re: new RegExp(`\\b(fy\\s*)?(${Y4}|(?<=fy\\s*)\\d{2})\\s*[-/]?\\s*q([1-4])\\b`, 'g'),
    emit: (m, out) => quarter(out, Number(m[3]), fullYear(m[2]), Boolean(m[1])),
  },
  // 3Q23, 3Q 2023, 3Q FY23
  {
    re: new RegExp(`\\b([1-4])q\\s*(fy\\s*)?(${Y4}|'?\\d{2})\\b`, 'g'),
    emit: (m, out) => quarter(out, Number(m[1]), fullYear(m[3].replace("'", '')), Boolean(m[2])),
  },
  // T3 2023 (French trimestre), T3-2023
  {
    re: new RegExp(`\\bt([1-4])\\s*[-/]?\\s*(${Y4})\\b`, 'g'),
    emit: (m, out) => quarter(out, Number(m[1]), Number(m[2]), false),
  },
  // third quarter of 2023, third fiscal quarter of fiscal 2023, troisième trimestre de l'exercice 2023
  {
    re: new RegExp(`\\b(${ORD})\\s+(fiscal\\s+)?(?:quarter|trimestre)${LINK}${FISCAL}(${Y4})\\b`, 'g'),
    emit: (m, out) => quarter(out, ORDINALS[m[1]], Number(m[4]), Boolean(m[2] || m[3])),
  },
  // H1 2023, 2023 H1, S1 2023 (semestre), first half of 2023, premier semestre 2023
  {
    re: new RegExp(`\\b[hs]([12])\\s*[-/]?\\s*(fy\\s*)?(${Y4})\\b`, 'g'),
    emit: (m, out) => half(out, Number(m[1]), Number(m[3]), Boolean(m[2])),
  },
  {
    re: new RegExp(`\\b(${Y4})\\s*[-/]?\\s*h([12])\\b`, 'g'),
    emit: (m, out) => half(out, Number(m[2]), Number(m[1]), false),
  },
  {
    re: new RegExp(`\\b(${ORD})\\s+(?:half|semestre)${LINK}${FISCAL}(${Y4})\\b`, 'g'),
    emit: (m, out) => half(out, ORDINALS[m[1]], Number(m[3]), Boolean(m[2])),
  },
  // FY2018, FY 2018, FY18, FY'18
  {
    re: /\bfy\s*'?((?:19|20)\d{2}|\d{2})\b/g,
    emit: (m, out) => fiscalYear(out, fullYear(m[1])),
  },
  // fiscal 2018, fiscal year 2018, exercice 2018, exercice fiscal 2018, année fiscale 2018, 2018 fiscal year
  {
    re: new RegExp(
      `\\b(?:fiscal\\s+(?:year\\s+)?|exercice\\s+(?:fiscal\\s+|comptable\\s+)?|annee\\s+fiscale\\s+)(${Y4})\\b`,
      'g',
    ),
    emit: (m, out) => fiscalYear(out, Number(m[1])),
  },
  {
    re: new RegExp(`\\b(${Y4})\\s+fiscal\\s+year\\b`, 'g'),
    emit: (m, out) => fiscalYear(out, Number(m[1])),
  },
  // fiscal year ended December 31, 2018; exercice clos le 31 décembre 2022
  {
    re: new RegExp(
      `\\b(?:fiscal\\s+year|exercice)\\s+(?:ended|ending|closed|clos|close|cloture|termine)\\s+(?:on\\s+|le\\s+|au\\s+)?(?:(?:${MONTH})\\.?\\s+\\d{1,2},?|(?:\\d{1,2}|1er)\\s+(?:${MONTH})\\.?)\\s+(${Y4})\\b`,
      'g',
    ),
    emit: (m, out) => fiscalYear(out, Number(m[1])),
  },
  // July 1, 2023; July 2023; 1 juillet 2023; 1er juillet 2023; 1st of July 2023
  {
    re: new RegExp(`\\b(${MONTH})\\.?\\s+(?:\\d{1,2}(?:st|nd|rd|th)?,?\\s+)?(${Y4})\\b`, 'g'),
    emit: (m, out) => month(out, MONTHS[m[1]], Number(m[2])),
  },
  {
    re: new RegExp(`\\b(?:\\d{1,2}|1er)(?:st|nd|rd|th)?\\s+(?:of\\s+)?(${MONTH})\\.?\\s+(${Y4})\\b`, 'g'),
    emit: (m, out) => month(out, MONTHS[m[1]], Number(m[2])),
  },
  // 2023-07-01, 2023-07
  {
    re: new RegExp(`\\b(${Y4})-(0[1-9]|1[0-2])(?:-\\d{2})?\\b`, 'g'),
    emit: (m, out) => month(out, Number(m[2]), Number(m[1])),
  },
];

const BARE_YEAR = new RegExp(`(?<![\\p{L}\\p{N}.,$€£%])(${Y4})(?![\\p{L}\\p{N}%]|[.,]\\d)`, 'gu');

/** The period tokens of a text, in a stable order (see the header for their forms). */
export function periodTokens(text: string, opts: PeriodOptions = {}): string[] {
  const t = fold(text);
  const out = new Set<string>();
  for (const rule of RULES) {
    rule.re.lastIndex = 0;
    for (let m = rule.re.exec(t); m; m = rule.re.exec(t)) rule.emit(m, out);
  }
  if (opts.bareYears) {
    // File names join words with _ or -: "3M_2018_10K" still names 2018.
    for (const m of t.replace(/[_]/g, ' ').matchAll(BARE_YEAR)) out.add(`yr${m[1]}`);
  }
  return [...out].sort();
}

/** True for a token periodTokens makes (so the other tokens of a field can be told apart). */
export function isPeriodToken(token: string): boolean {
  return /^(?:yr|fy)(?:19|20)\d{2}$|^[qh][1-4]y(?:19|20)\d{2}$|^m(?:19|20)\d{4}$/.test(token);
}
