// Finds the dates written in text, French and English, and reads them into sortable values: "12 mars 2024",
// "1er mars 2024", "March 12, 2024", "2024-03-12", "12/03/2024" (day first in French text, month first in
// English text unless a part is over 12), "mars 2024", "Q3 2023", "T3 2023", "third quarter of 2023",
// "premier semestre 2024", "H1 2024", "fin 2024", "mid-2024", and a year after a preposition ("en 2019",
// "since 2010"). A bare number like 2024 is not read as a date: in reports and tables it is too often an
// amount or a column header. Dates without a year ("le 12 mars") are skipped: they cannot be placed in time.
import type { Language } from './language';

export type DatePrecision = 'day' | 'month' | 'quarter' | 'half' | 'part' | 'year';

export interface DateMention {
  /** The date as written (a verbatim slice of the text). */
  text: string;
  start: number;
  end: number;
  year: number;
  month: number; // 1–12; the period's first month (or its point: "fin 2024" is December)
  day: number; // 1–31; the period's first day (or its point)
  precision: DatePrecision;
}

const MONTH =
  '(?:january|february|march|april|may|june|july|august|september|october|november|december|janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[ûu]t|septembre|octobre|novembre|d[ée]cembre|janv|f[ée]vr|f[ée]v|avr|juil|sept|jan|feb|mar|apr|jun|jul|aug|sep|oct|nov|d[ée]c)\\.?';
const YEAR = '((?:1[5-9]|2[01])\\d\\d)';
const DAY = '([0-3]?\\d)';
const ORDINAL_EN = { first: 1, second: 2, third: 3, fourth: 4, '1st': 1, '2nd': 2, '3rd': 3, '4th': 4 } as const;

interface Pattern {
  re: RegExp;
  read(m: RegExpExecArray, language: Language): Omit<DateMention, 'text' | 'start' | 'end'> | null;
}

// Boundaries by lookaround: \b knows only ASCII letters, and "12/03/2024" must not match inside "112/03/20245".
const bounded = (body: string) => new RegExp(`(?<![\\p{L}\\p{N}])(?:${body})(?![\\p{L}\\p{N}])`, 'giu');

const day = (year: number, month: number, d: number) =>
  month >= 1 && month <= 12 && d >= 1 && d <= daysIn(year, month)
    ? { year, month, day: d, precision: 'day' as const }
    : null;

// Most specific first: where two readings overlap, the one found first is kept.
const PATTERNS: Pattern[] = [
  // March 12, 2024 · Mar. 12th 2024
  {
    re: bounded(`(${MONTH})\\s+${DAY}(?:st|nd|rd|th)?,?\\s+${YEAR}`),
    read: (m) => day(Number(m[3]), monthNumber(m[1]), Number(m[2])),
  },
  // 12 mars 2024 · 1er mars 2024 · 12th of March 2024
  {
    re: bounded(`${DAY}(?:er|st|nd|rd|th|e)?\\s+(?:of\\s+)?(${MONTH}),?\\s+${YEAR}`),
    read: (m) => day(Number(m[3]), monthNumber(m[2]), Number(m[1])),
  },
  // 2024-03-12 · 2024/03/12
  {
    re: bounded(`${YEAR}([-/])(\\d{1,2})\\2(\\d{1,2})`),
    read: (m) => day(Number(m[1]), Number(m[3]), Number(m[4])),
  },
  // 12/03/2024 · 03/12/2024 · 12.03.2024 · 12-03-2024
  {
    re: bounded(`(\\d{1,2})([/.\\-])(\\d{1,2})\\2${YEAR}`),
    read: (m, language) => {
      const a = Number(m[1]);
      const b = Number(m[3]);
      const year = Number(m[4]);
      // Dotted dates are day first everywhere; otherwise a part over 12 decides, then the text's language.
      const dayFirst = m[2] === '.' || a > 12 || (b <= 12 && language === 'fr');
      return dayFirst ? day(year, b, a) : day(year, a, b);
    },
  },
  // March 2024 · mars 2024 · March of 2024 · avril de 2024
  {
    re: bounded(`(${MONTH})\\s+(?:of\\s+|de\\s+)?${YEAR}`),
    read: (m) => ({ year: Number(m[2]), month: monthNumber(m[1]), day: 1, precision: 'month' }),
  },
  // Q3 2023 · T3 2023 · Q3 FY2023 · Q3'2023
  {
    re: bounded(`[QT]([1-4])\\s*(?:FY\\s*)?'?\\s*${YEAR}`),
    read: (m) => quarter(Number(m[2]), Number(m[1])),
  },
  // 2023 Q3 · FY2023 Q3
  {
    re: bounded(`(?:FY\\s*)?${YEAR}\\s*[-\\s]\\s*[QT]([1-4])`),
    read: (m) => quarter(Number(m[1]), Number(m[2])),
  },
  // third quarter of 2023 · 3rd quarter of fiscal 2023
  {
    re: bounded(
      `(first|second|third|fourth|1st|2nd|3rd|4th)\\s+(?:fiscal\\s+)?quarter\\s+(?:of\\s+)?(?:fiscal\\s+(?:year\\s+)?)?${YEAR}`,
    ),
    read: (m) => quarter(Number(m[2]), ORDINAL_EN[m[1].toLowerCase() as keyof typeof ORDINAL_EN]),
  },
  // troisième trimestre 2023 · 3e trimestre de l'exercice 2023
  {
    re: bounded(
      `(premier|1er|deuxi[èe]me|2e|2nd|second|troisi[èe]me|3e|quatri[èe]me|4e)\\s+trimestre\\s+(?:de\\s+l['’]\\s*(?:ann[ée]e|exercice)\\s+|de\\s+)?${YEAR}`,
    ),
    read: (m) => quarter(Number(m[2]), frenchOrdinal(m[1])),
  },
  // H1 2024 · S2 2024 · first half of 2024 · premier semestre 2024
  {
    re: bounded(`[HS]([12])\\s+${YEAR}`),
    read: (m) => half(Number(m[2]), Number(m[1])),
  },
  {
    re: bounded(`(first|second)\\s+half\\s+(?:of\\s+)?(?:fiscal\\s+)?${YEAR}`),
    read: (m) => half(Number(m[2]), m[1].toLowerCase() === 'first' ? 1 : 2),
  },
  {
    re: bounded(
      `(premier|1er|second|deuxi[èe]me|2e|2nd)\\s+semestre\\s+(?:de\\s+l['’]\\s*(?:ann[ée]e|exercice)\\s+|de\\s+)?${YEAR}`,
    ),
    read: (m) => half(Number(m[2]), frenchOrdinal(m[1]) === 1 ? 1 : 2),
  },
  // fin 2024 · début 2024 · mi-2024 · fin de l'année 2024 · end of 2024 · early 2024 · mid-2024 · late 2024
  {
    re: bounded(
      `(fin|d[ée]but|mi|courant|end|beginning|start|early|mid|late)(?:\\s+(?:of\\s+)?(?:the\\s+year\\s+|fiscal\\s+(?:year\\s+)?)|\\s+(?:de\\s+)?l['’]\\s*(?:ann[ée]e|exercice)\\s+|\\s+of\\s+|\\s+)?[-\\s]?${YEAR}`,
    ),
    read: (m) => part(Number(m[2]), m[1].toLowerCase()),
  },
  // en 2019 · in 2019 · since 2010 · depuis 2010 · until 2025 · jusqu'en 2025 · by 2030
  {
    re: bounded(
      `(?:en|in|since|depuis|during|durant|pendant|until|till|jusqu['’]en|by|d['’]ici|avant|before|after|apr[èe]s|d[èe]s)\\s+${YEAR}(?![.,]\\d|\\s*%)`,
    ),
    read: (m) => ({ year: Number(m[1]), month: 1, day: 1, precision: 'year' }),
  },
];

/** The dates in `text`, in order of appearance, none overlapping. `language` decides 03/04/2024. */
export function findDates(text: string, language: Language): DateMention[] {
  const found: DateMention[] = [];
  for (const p of PATTERNS) {
    p.re.lastIndex = 0;
    for (const m of text.matchAll(p.re)) {
      const start = m.index;
      const end = start + m[0].length;
      if (found.some((f) => start < f.end && end > f.start)) continue;
      const value = p.read(m as RegExpExecArray, language);
      if (value) found.push({ text: m[0], start, end, ...value });
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

/** A number that sorts dates chronologically (yyyymmdd of the date's point or its period's start). */
export function dateOrder(d: Pick<DateMention, 'year' | 'month' | 'day'>): number {
  return d.year * 10_000 + d.month * 100 + d.day;
}

export function monthNumber(name: string): number {
  const n = name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/\.$/, '');
  if (n.startsWith('jan')) return 1;
  if (n.startsWith('fe')) return 2;
  if (n.startsWith('mar')) return 3;
  if (n.startsWith('av') || n.startsWith('ap')) return 4;
  if (n === 'mai' || n === 'may') return 5;
  if (n === 'juin' || n.startsWith('jun')) return 6;
  if (n.startsWith('juil') || n.startsWith('jul')) return 7;
  if (n.startsWith('ao') || n.startsWith('au')) return 8;
  if (n.startsWith('sep')) return 9;
  if (n.startsWith('oct')) return 10;
  if (n.startsWith('nov')) return 11;
  return 12;
}

function frenchOrdinal(word: string): number {
  const w = word
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
  if (w === 'premier' || w === '1er') return 1;
  if (w.startsWith('deux') || w === '2e' || w === '2nd' || w === 'second') return 2;
  if (w.startsWith('trois') || w === '3e') return 3;
  return 4;
}

function quarter(year: number, q: number) {
  return { year, month: (q - 1) * 3 + 1, day: 1, precision: 'quarter' as const };
}

function half(year: number, h: number) {
  return { year, month: h === 1 ? 1 : 7, day: 1, precision: 'half' as const };
}

/** "fin 2024" is a point late in the year, "début 2024" early, "mi-2024" in the middle. */
function part(year: number, word: string) {
  const w = word.normalize('NFKD').replace(/\p{M}+/gu, '');
  if (w === 'fin' || w === 'end' || w === 'late') return { year, month: 12, day: 31, precision: 'part' as const };
  if (w === 'mi' || w === 'mid' || w === 'courant') return { year, month: 6, day: 30, precision: 'part' as const };
  return { year, month: 1, day: 1, precision: 'part' as const };
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}
