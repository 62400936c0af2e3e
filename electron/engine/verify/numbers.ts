// Numbers as quantities: "$1.58 billion", "1 577 millions", "12,4 %", "0.12", "2023". Each written number
// becomes a value with its rounding (half a unit of its last written digit, times its scale), so "$1.58
// billion" and "1,577 million" are the same amount within the rounding of the less precise one. A number
// whose separators are ambiguous ("1,577": English thousands or French decimal) keeps both readings; a
// match on either is a match, because a wrong reading costs a missed flag, a dropped one a false alarm.
import type { Language } from '../answer/language';

export interface Quantity {
  raw: string; // as written, scale and unit included
  start: number;
  end: number;
  readings: number[]; // absolute values, scale applied
  halfUnits: number[]; // rounding of each reading
  mantissas: number[]; // readings before the scale (a table "in millions" writes only these)
  scaled: boolean;
  percent: boolean;
  currency: string | null;
}

const SCALES: Record<string, number> = {
  thousand: 1e3,
  thousands: 1e3,
  k: 1e3,
  mille: 1e3,
  milliers: 1e3,
  million: 1e6,
  millions: 1e6,
  m: 1e6,
  mn: 1e6,
  mio: 1e6,
  billion: 1e9,
  billions: 1e9,
  bn: 1e9,
  b: 1e9,
  milliard: 1e9,
  milliards: 1e9,
  md: 1e9,
  mds: 1e9,
  trillion: 1e12,
  trillions: 1e12,
};
// One-letter scales only count attached to the number or after a currency ("$5B", "5k"): "5 m" is metres.
const SHORT_SCALES = new Set(['k', 'm', 'b', 'mn', 'bn', 'md', 'mds', 'mio']);

const CURRENCY_SYMBOL: Record<string, string> = { $: 'usd', '€': 'eur', '£': 'gbp', '¥': 'jpy' };
const CURRENCY_WORD: Record<string, string> = {
  usd: 'usd',
  dollar: 'usd',
  dollars: 'usd',
  eur: 'eur',
  euro: 'eur',
  euros: 'eur',
  gbp: 'gbp',
};

// A digit run not glued to a letter or another number before it ("IL-6" is a name; "[2]" is removed first).
const NUMBER =
  /(?<![\p{L}\p{N}_]|\p{L}-)([$€£¥]\s?)?(\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)*)(\s?(?:thousands?|milliers|mille|millions?|milliards?|billions?|trillions?|mio|mds?|mn|bn|k|m|b)(?![\p{L}\p{N}]))?(\s?(?:%|percent|per\s?cent|pour\s?cent|pourcent)|\s(?:usd|eur|gbp|dollars?|euros?)(?![\p{L}]))?/giu;

/** The quantities written in `text`, in order. `language` decides what "billion" means in French. */
export function extractQuantities(text: string, language: Language = 'en'): Quantity[] {
  const out: Quantity[] = [];
  for (const m of text.matchAll(NUMBER)) {
    const start = m.index ?? 0;
    const [, symbol, digits] = m;
    let scaleWord: string | undefined = m[3]?.trim().toLowerCase();
    const tail = m[4]?.trim().toLowerCase() ?? '';
    if (scaleWord && SHORT_SCALES.has(scaleWord) && !symbol && m[3]?.startsWith(' ')) scaleWord = undefined;
    const readings0 = readDigits(digits, language);
    if (readings0.length === 0) continue;
    let scales = scaleWord ? [SCALES[scaleWord]] : [1];
    // "billion" is 10^12 in French; French writers who mean 10^9 write "milliard", but translations vary.
    if (scaleWord?.startsWith('billion') && language === 'fr') scales = [1e9, 1e12];
    const percent = tail !== '' && !CURRENCY_WORD[tail.replace(/\s/g, '')];
    const currency = symbol ? CURRENCY_SYMBOL[symbol.trim()] : tail ? (CURRENCY_WORD[tail] ?? null) : null;
    const q: Quantity = {
      raw: text.slice(start, start + m[0].length).trim(),
      start,
      end: start + m[0].trimEnd().length,
      readings: [],
      halfUnits: [],
      mantissas: [],
      scaled: scaleWord !== undefined,
      percent,
      currency: currency ?? null,
    };
    for (const r of readings0)
      for (const s of scales) {
        q.readings.push(r.value * s);
        q.halfUnits.push(r.half * s);
        q.mantissas.push(r.value);
      }
    out.push(q);
  }
  return out;
}

interface Reading {
  value: number;
  half: number; // half a unit of the last written digit
}

/** The possible values of a digit string with its separators. */
function readDigits(s: string, language: Language): Reading[] {
  const compact = s.replace(/[ \u00a0\u202f]/g, '');
  const dots = (compact.match(/\./g) ?? []).length;
  const commas = (compact.match(/,/g) ?? []).length;
  const decimal = (sep: string, thousands: string): Reading => {
    const plain = compact.split(thousands).join('').replace(sep, '.');
    const frac = plain.includes('.') ? plain.length - plain.indexOf('.') - 1 : 0;
    return { value: Number(plain), half: 0.5 * 10 ** -frac };
  };
  const integer = (): Reading => ({ value: Number(compact.replace(/[.,]/g, '')), half: 0.5 });
  let out: Reading[];
  if (dots === 0 && commas === 0) out = [integer()];
  else if (dots > 0 && commas > 0) {
    // Both: the later one is the decimal mark.
    out = [compact.lastIndexOf('.') > compact.lastIndexOf(',') ? decimal('.', ',') : decimal(',', '.')];
  } else {
    const sep = dots > 0 ? '.' : ',';
    const groups = compact.split(sep);
    const thousandsLike = groups.slice(1).every((g) => g.length === 3) && groups[0].length <= 3;
    if (groups.length > 2) out = thousandsLike ? [integer()] : [];
    else if (!thousandsLike) out = [decimal(sep, '\u0000')];
    else {
      // "1,577" / "1.577": the writer's language decides which reading comes first; both are kept.
      const thousandsFirst = (sep === ',') === (language === 'en');
      out = thousandsFirst ? [integer(), decimal(sep, '\u0000')] : [decimal(sep, '\u0000'), integer()];
    }
  }
  return out.filter((r) => Number.isFinite(r.value));
}

/**
 * True when quantity `a` (from the answer) states an amount that `b` (from a source) also states: equal
 * within the rounding of either, a percentage equal to the same fraction ("12 %" = "0,12"), and a scaled
 * amount equal to a bare table figure ("$82,959 million" = "82,959" under "in millions").
 */
export function sameQuantity(a: Quantity, b: Quantity): boolean {
  if (a.currency && b.currency && a.currency !== b.currency) return false;
  for (let i = 0; i < a.readings.length; i++) {
    for (let j = 0; j < b.readings.length; j++) {
      const tolerance = Math.max(a.halfUnits[i], b.halfUnits[j]) * 1.0001;
      if (Math.abs(a.readings[i] - b.readings[j]) <= tolerance) return true;
      if (a.percent !== b.percent) {
        // One side a percentage, the other a fraction written bare.
        const [pct, frac, pctHalf, fracHalf] = a.percent
          ? [a.readings[i], b.readings[j], a.halfUnits[i], b.halfUnits[j]]
          : [b.readings[j], a.readings[i], b.halfUnits[j], a.halfUnits[i]];
        if (Math.abs(pct - frac * 100) <= Math.max(pctHalf, fracHalf * 100) * 1.0001) return true;
      }
      if (a.scaled && !b.scaled) {
        const t = Math.max(a.halfUnits[i] / (a.readings[i] / a.mantissas[i] || 1), b.halfUnits[j]) * 1.0001;
        if (Math.abs(a.mantissas[i] - b.readings[j]) <= t) return true;
      }
    }
  }
  return false;
}

/** A bare four-digit integer between 1900 and 2100: a year. */
export function isYear(q: Quantity): boolean {
  const v = q.readings[0];
  return !q.scaled && !q.percent && !q.currency && /^\d{4}$/.test(q.raw) && v >= 1900 && v <= 2100;
}
