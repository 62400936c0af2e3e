// What a sentence claims, in the pieces the checker can test without a model: its quantities, its named
// entities (capitalised or mixed-case tokens, months folded to one name across languages), its negations
// (each tied to the content word it negates) and its content stems.
import type { Language } from '../answer/language';
import { foldText, STOPWORDS } from '../search/terms';
import { extractQuantities, type Quantity } from './numbers';
import { type Word, wordsOf } from './words';

export interface Claims {
  words: Word[];
  quantities: Quantity[];
  /** For each quantity, the stems of the content words around it (what the figure is a figure of). */
  quantityContext: string[][];
  entities: Entity[];
  negations: Negation[];
  stems: Set<string>; // content stems
  compounds: Set<string>; // hyphenated words, folded ("t-cell", "il-6"): where a compound name is looked up
}

export interface Entity {
  raw: string;
  key: string; // folded word, or "month:N"
}

export interface Negation {
  raw: string;
  targets: string[]; // stems of the content words it negates: the next few (empty at the end of a sentence)
  subject: string | null; // stem of the content word just before it (what is said not to be)
}

const MONTHS: Record<string, number> = {};
for (const [i, names] of [
  'january janvier jan janv',
  'february fevrier feb fevr',
  'march mars mar',
  'april avril apr avr',
  'may mai',
  'june juin jun',
  'july juillet jul juil',
  'august aout aug',
  'september septembre sep sept',
  'october octobre oct',
  'november novembre nov',
  'december decembre dec',
].entries())
  for (const n of names.split(' ')) MONTHS[n] = i + 1;
// "may", "mar" and "dec" are ordinary words too: only a capitalised "May" counts as the month.
const AMBIGUOUS_MONTHS = new Set(['may', 'mar', 'dec', 'jan', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'feb', 'apr']);

const NEGATIONS = new Set([
  'not',
  'no',
  'never',
  'none',
  'neither',
  'nor',
  'without',
  'cannot',
  'nothing',
  'pas',
  'jamais',
  'aucun',
  'aucune',
  'sans',
  'ni',
  'rien',
  'nul',
  'nulle',
  'plus', // "ne … plus"; only counted after "ne"/"n'"
]);
const NE = new Set(['ne', 'n']);

// Capitalised words that start sentences or clauses without naming anything.
const NOT_ENTITIES = new Set(
  'however therefore moreover furthermore also yes no based according overall in the this these those there here it its we our they as for from on at by to with while when after before during although because if since so thus then first second third finally additionally notably specifically importantly source sources cependant toutefois donc ainsi enfin selon pour par dans les des une un le la ces ce cette il elle ils elles nous en au aux oui non de du sur avec'.split(
    ' ',
  ),
);

export function claimsOf(text: string, language: Language): Claims {
  const words = wordsOf(text, language);
  const quantities = extractQuantities(text, language);
  const stems = new Set<string>();
  for (const w of words) if (w.content) stems.add(w.stem);
  const quantityContext = quantities.map((q) => contextOf(q, words));
  const compounds = new Map<number, string>(); // start offset → compound as written
  for (const m of text.matchAll(COMPOUND)) compounds.set(m.index ?? 0, m[0]);
  return {
    words,
    quantities,
    quantityContext,
    entities: entitiesOf(text, words, compounds),
    negations: negationsOf(words),
    stems,
    compounds: new Set([...compounds.values()].map((c) => foldText(c))),
  };
}

const COMPOUND = /(?<![\p{L}\p{N}-])[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)+/gu;

const CONTEXT_WORDS = 2;

/** Up to three content stems on each side of a quantity. */
function contextOf(q: Quantity, words: Word[]): string[] {
  const out: string[] = [];
  let before = 0;
  for (let i = words.length - 1; i >= 0 && before < CONTEXT_WORDS; i--)
    if (words[i].end <= q.start && words[i].content) {
      out.push(words[i].stem);
      before++;
    }
  let after = 0;
  for (let i = 0; i < words.length && after < CONTEXT_WORDS; i++)
    if (words[i].start >= q.end && words[i].content) {
      out.push(words[i].stem);
      after++;
    }
  return out;
}

function entitiesOf(text: string, words: Word[], compounds: Map<number, string>): Entity[] {
  const out: Entity[] = [];
  let insideUntil = -1;
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    // A hyphenated name ("T-regulatory", "HLA-DQ2", "IL-6") is one entity, looked up whole.
    const compound = compounds.get(w.start);
    if (compound !== undefined && /\p{Lu}/u.test(compound)) {
      out.push({ raw: compound, key: foldText(compound) });
      insideUntil = w.start + compound.length;
    }
    if (w.start < insideUntil) continue;
    const month = MONTHS[w.folded];
    const capital = /^\p{Lu}/u.test(w.text);
    if (month !== undefined && (capital || !AMBIGUOUS_MONTHS.has(w.folded))) {
      out.push({ raw: w.text, key: `month:${month}` });
      continue;
    }
    // A function word is no name, unless written in capitals ("US", "IT").
    const acronym = w.text.length > 1 && w.text === w.text.toUpperCase() && /\p{Lu}/u.test(w.text);
    if (!/\p{L}/u.test(w.text) || (!acronym && (NOT_ENTITIES.has(w.folded) || STOPWORDS.has(w.folded)))) continue;
    const mixed = /\p{Lu}/u.test(w.text.slice(1)) || (/\p{L}/u.test(w.text) && /\p{N}/u.test(w.text));
    if (!capital && !mixed) continue;
    // A capital after a sentence start, a line start or a list mark is grammar, not a name.
    const before = text.slice(0, w.start).trimEnd();
    const sentenceStart = before === '' || /[.!?:;\n•*-]$/.test(before);
    // At a sentence start, a capital is grammar unless the word looks like a name: not a function word
    // (checked above), not an adverb or a lead-in ("Interestingly,").
    if (sentenceStart && !mixed && (/ly$|ment$/.test(w.folded) || /^\s*,/.test(text.slice(w.end)))) continue;
    out.push({ raw: w.text, key: w.folded });
  }
  return out;
}

function negationsOf(words: Word[]): Negation[] {
  const out: Negation[] = [];
  for (let i = 0; i < words.length; i++) {
    const f = words[i].folded;
    const isNeg =
      (NEGATIONS.has(f) && (f !== 'plus' || (i > 1 && NE.has(words[i - 2].folded)) || NE.has(words[i - 1]?.folded))) ||
      (f === 't' && /n$/i.test(words[i - 1]?.text ?? ''));
    if (!isNeg) continue;
    // The scope of a negation, approximately: the next three content words within five words. Enough to
    // tell "not associated" from "associated" without parsing.
    const targets: string[] = [];
    for (let j = i + 1; j < Math.min(words.length, i + 6) && targets.length < 3; j++)
      if (words[j].content) targets.push(words[j].stem);
    let subject: string | null = null;
    for (let j = i - 1; j >= Math.max(0, i - 4) && subject === null; j--) if (words[j].content) subject = words[j].stem;
    out.push({ raw: words[i].text, targets, subject });
  }
  return out;
}
