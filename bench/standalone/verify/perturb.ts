// The labelled claims of the checker's measurement: sentences copied from a passage or lightly paraphrased
// (supported), and the same sentences with one fact changed (not supported): a number, a year, a named
// entity, or a negation added or removed. Deterministic for a seed. The perturbations are written without
// the checker's own extractors, so that the measurement does not grade the checker by its own reading.

export type Kind = 'verbatim' | 'reorder' | 'synonym' | 'reformat' | 'number' | 'year' | 'entity' | 'negation';
export const SUPPORTED_KINDS: Kind[] = ['verbatim', 'reorder', 'synonym', 'reformat'];

export interface Claim {
  kind: Kind;
  sentence: string;
  original: string;
}

/** Small deterministic PRNG (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SYNONYMS: [RegExp, string][] = [
  [/\bincreased\b/, 'raised'],
  [/\bdecreased\b/, 'lowered'],
  [/\breduced\b/, 'lowered'],
  [/\bshowed\b/, 'demonstrated'],
  [/\bshow\b/, 'demonstrate'],
  [/\bsignificantly\b/, 'markedly'],
  [/\bpatients\b/, 'subjects'],
  [/\bassociated with\b/, 'linked to'],
  [/\bHowever, /, 'But '],
  [/\bstudy\b/, 'investigation'],
  [/\bresults\b/, 'findings'],
  [/\bobserved\b/, 'seen'],
  [/\brequired\b/, 'needed'],
  [/\bprimarily\b/, 'mainly'],
  [/\bapproximately\b/, 'about'],
  [/\bcompared with\b/, 'relative to'],
  [/\bcompared to\b/, 'relative to'],
  [/\bdue to\b/, 'because of'],
  [/\bhigher\b/, 'greater'],
  [/\blarge\b/, 'big'],
  [/\bmethod\b/, 'approach'],
  [/\bused\b/, 'employed'],
];

const YEAR = /(?<![\d.,])(19[5-9]\d|20[0-3]\d)(?![\d.,]\d)/;
// A number that is not a year, not glued to letters ("IL-6", "CD4"), not part of a reference.
const NUMBER = /(?<![\p{L}\d.,-])(\d+(?:[.,]\d+)?)(?![\d\p{L}])/u;
const MODALS = /\b(is|are|was|were|can|could|did|does|do|has|have|had|may|might|will|would|should)\b /;
const NEGATION = /\b(not|no) /;

export function perturbations(sentence: string, otherEntities: string[], random: () => number): Claim[] {
  const out: Claim[] = [{ kind: 'verbatim', sentence, original: sentence }];
  const add = (kind: Kind, s: string | null) => {
    if (s && s !== sentence) out.push({ kind, sentence: s, original: sentence });
  };
  add('reorder', reorder(sentence) ?? movePhrase(sentence));
  add('synonym', synonyms(sentence));
  add('reformat', reformat(sentence));
  add('year', changeYear(sentence, random));
  add('number', changeNumber(sentence, random));
  add('entity', changeEntity(sentence, otherEntities, random));
  add('negation', flipNegation(sentence));
  return out;
}

/** "A, B." → "B, A." when both clauses are long enough to stand alone. */
function reorder(s: string): string | null {
  const body = s.replace(/[.]$/, '');
  const at = body.indexOf(', ');
  if (at < 0) return null;
  const a = body.slice(0, at);
  const b = body.slice(at + 2);
  if (a.split(' ').length < 4 || b.split(' ').length < 4 || /\d$/.test(a)) return null;
  return `${b.charAt(0).toUpperCase()}${b.slice(1)}, ${a.charAt(0).toLowerCase()}${a.slice(1)}.`;
}

/** "In 2023, sales rose." → "Sales rose in 2023.": a leading phrase moved to the end. */
function movePhrase(s: string): string | null {
  const m = /^((?:In|During|At|For|Among|After|Before|Since|By|Within) [^,]{2,40}), (\p{Ll})/u.exec(s);
  if (!m || !/[.]$/.test(s)) return null;
  const rest = s.slice(m[0].length - 1, -1);
  return `${rest.charAt(0).toUpperCase()}${rest.slice(1)} ${m[1].charAt(0).toLowerCase()}${m[1].slice(1)}.`;
}

function synonyms(s: string): string | null {
  let out = s;
  let n = 0;
  for (const [re, to] of SYNONYMS) {
    if (n >= 2) break;
    if (re.test(out)) {
      out = out.replace(re, to);
      n++;
    }
  }
  return n > 0 ? out : null;
}

function changeYear(s: string, random: () => number): string | null {
  const m = YEAR.exec(s);
  if (!m) return null;
  const delta = 1 + Math.floor(random() * 5);
  return (
    s.slice(0, m.index) + String(Number(m[1]) + (random() < 0.5 ? -delta : delta)) + s.slice(m.index + m[1].length)
  );
}

function changeNumber(s: string, random: () => number): string | null {
  const all = [...s.matchAll(new RegExp(NUMBER, 'gu'))].filter((m) => !YEAR.test(m[1]) || m[1].length !== 4);
  if (all.length === 0) return null;
  const m = all[Math.floor(random() * all.length)];
  const raw = m[1];
  const sep = raw.includes(',') ? ',' : '.';
  const [int, frac = ''] = raw.split(/[.,]/);
  const value = Number(`${int}.${frac || '0'}`);
  // A change a reader would call a different figure: 20–60 % off, written with the same decimals.
  const factor = 1 + (random() < 0.5 ? -1 : 1) * (0.2 + random() * 0.4);
  let next = (value * factor).toFixed(frac.length);
  if (Number(next) === value) next = (value + 1).toFixed(frac.length);
  if (sep === ',') next = next.replace('.', ',');
  const at = m.index ?? 0;
  const changed = s.slice(0, at) + next + s.slice(at + raw.length);
  // A figure the sentence already contains elsewhere would not be a change of fact.
  return s.includes(next) ? null : changed;
}

function changeEntity(s: string, others: string[], random: () => number): string | null {
  const candidates = [...s.matchAll(/(?<=[\p{L},;] )(\p{Lu}[\p{L}\d-]{2,})\b/gu)].map((m) => m[1]);
  if (candidates.length === 0) return null;
  const from = candidates[Math.floor(random() * candidates.length)];
  const pool = others.filter((o) => o !== from && !s.includes(o));
  if (pool.length === 0) return null;
  const to = pool[Math.floor(random() * pool.length)];
  return s.replace(new RegExp(`\\b${from.replace(/[-]/g, '\\-')}\\b`), to);
}

function flipNegation(s: string): string | null {
  const neg = NEGATION.exec(s);
  if (neg) return s.slice(0, neg.index) + s.slice(neg.index + neg[0].length);
  const m = MODALS.exec(s);
  if (!m) return null;
  const at = (m.index ?? 0) + m[0].length;
  return `${s.slice(0, at)}not ${s.slice(at)}`;
}

/** Capitalised words of a text that are not sentence-initial (a pool of replacement names). */
export function entitiesIn(text: string): string[] {
  return [...text.matchAll(/(?<=[\p{L},;] )(\p{Lu}[\p{L}\d-]{2,})\b/gu)].map((m) => m[1]);
}

/** The same figures written another way: "$82,959 million" → "$82.96 billion", "12.4%" → "12.4 percent". */
export function reformat(s: string): string | null {
  let out = s.replace(/\$(\d{1,3}(?:,\d{3})+) million/, (_, d: string) => {
    const v = Number(d.replace(/,/g, '')) / 1000;
    return `$${v.toFixed(v >= 100 ? 1 : 2)} billion`;
  });
  out = out.replace(/(\d+(?:\.\d+)?) ?%/, '$1 percent');
  return out === s ? null : out;
}
