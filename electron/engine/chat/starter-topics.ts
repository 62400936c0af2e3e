// What a starter question can be about, read from a document's own text: its section headings, the row
// labels of its tables (a label followed by figures) and the names it repeats. Pure text functions; which
// documents are read is starter-sources.ts' business. Nothing here knows a document type or a language
// beyond a few generic section names and the calendar's words.
import { STOPWORDS } from '../search/terms';

/** Section names every document of a kind has, too generic to ask about. */
const GENERIC_HEADINGS = new Set(
  [
    'abstract',
    'acknowledgments',
    'acknowledgements',
    'annexe',
    'annexes',
    'appendix',
    'bibliographie',
    'bibliography',
    'conclusion',
    'conclusions',
    'contents',
    'introduction',
    'notes',
    'références',
    'references',
    'remerciements',
    'résumé',
    'sommaire',
    'summary',
    'table des matières',
    'table of contents',
  ].map((h) => h.normalize('NFC')),
);

/** Words of the calendar: capitalised in English, in every table's column headers, never a subject. */
const CALENDAR = new Set(
  'january february march april may june july august september october november december monday tuesday wednesday thursday friday saturday sunday janvier février mars avril mai juin juillet août septembre octobre novembre décembre lundi mardi mercredi jeudi vendredi samedi dimanche'.split(
    ' ',
  ),
);

/** Joining words allowed inside a multi-word name or label ("Research and Development", "Banque de France"). */
const JOINERS = new Set(['and', 'of', 'for', 'the', 'de', 'des', 'du', 'la', 'le', 'et', "d'", 'en', '&']);

/**
 * A heading as a topic: numbering and trailing punctuation removed, long capitals in sentence case; null
 * when it is not a topic (a table row promoted to heading, a number, a generic section name, too long).
 */
export function headingTopic(heading: string): string | null {
  let h = heading
    .replace(/\s+/g, ' ')
    .trim()
    .replace(
      /^(?:(?:item|part|chapter|section|chapitre|partie|article)\s+)?(?:[0-9]+[A-Z]?|[IVXLC]+)(?:\.[0-9]+)*[.):]?\s+/iu,
      '',
    )
    .replace(/^[A-Z][.)]\s+/u, '')
    .replace(/[\s:;,.–—-]+$/u, '');
  if (h.length < 4 || h.length > 60 || h.includes('|') || /[{}<>=@#]/.test(h)) return null;
  const digits = (h.match(/\d/g) ?? []).length;
  if (digits > h.length * 0.15) return null;
  const words = h.split(' ');
  if (words.length > 7 || !words.some((w) => /^\p{L}{3,}/u.test(w))) return null;
  if (GENERIC_HEADINGS.has(h.toLowerCase())) return null;
  // A heading in capitals reads as shouting inside a question.
  if (h === h.toUpperCase() && /\p{Lu}{4}/u.test(h)) h = h.charAt(0) + h.slice(1).toLowerCase();
  return h;
}

/** A figure in a table cell: thousands separators or decimals, maybe a currency sign, a sign or brackets. */
const FIGURE = /^[($€£-]*\$?\d{1,3}(?:,\d{3})+(?:\.\d+)?\)?%?$|^[($€£-]*\d+[.,]\d+\)?%?$/u;
const CURRENCY = /^[$€£]$/u;
const LABEL_WORD = /^[\p{L}][\p{L}'’/-]*,?$|^\([\p{Ll} ]+\),?$/u;

/**
 * Row labels of the tables in a text: in "a | b | c" rows, a first cell of words followed by figures; in
 * flattened tables ("Research and development 7,442 6,797"), the run of words before a figure that
 * starts with a capital. Each label once, in order of appearance.
 */
export function rowLabels(text: string): string[] {
  const out = new Set<string>();
  for (const line of text.split('\n')) {
    if (line.includes('|')) {
      const cells = line.split('|').map((c) => c.trim());
      const label = cells[0];
      if (cells.slice(1).some((c) => FIGURE.test(c.replace(/\s/g, ''))) && isLabel(label)) out.add(clean(label));
      continue;
    }
    const tokens = line.split(/\s+/).filter(Boolean);
    for (let i = 1; i < tokens.length; i++) {
      // A row has a figure per column: prose ("income increased $1.2 billion") has one.
      if (!FIGURE.test(tokens[i]) || figuresFrom(tokens, i) < 2) continue;
      let j = i - 1;
      while (j >= 0 && CURRENCY.test(tokens[j])) j--;
      const end = j;
      let start = -1;
      for (let k = end; k >= 0 && end - k < 7 && LABEL_WORD.test(tokens[k]); k--) {
        if (/^\p{Lu}/u.test(tokens[k])) start = k;
        if (tokens[k].endsWith(',') && k !== end) break;
      }
      // A table row starts a line or follows the previous row's figures; words after prose are a sentence.
      if (start < 0 || (start > 0 && !FIGURE.test(tokens[start - 1]) && !CURRENCY.test(tokens[start - 1]))) continue;
      const label = tokens.slice(start, end + 1).join(' ');
      if (isLabel(label)) out.add(clean(label));
    }
  }
  return [...out];
}

/** Figures in a row from token `i` on, currency signs skipped. */
function figuresFrom(tokens: string[], i: number): number {
  let n = 0;
  for (let k = i; k < tokens.length; k++) {
    if (FIGURE.test(tokens[k])) n++;
    else if (!CURRENCY.test(tokens[k])) break;
  }
  return n;
}

const clean = (label: string) => label.replace(/[,:]+$/u, '').replace(/\s+/g, ' ');

function isLabel(label: string): boolean {
  const l = clean(label);
  const words = l.split(' ');
  if (l.length < 4 || l.length > 60 || words.length > 7) return false;
  const edge = (w: string) => w.toLowerCase().replace(/[^\p{L}]/gu, '');
  if (STOPWORDS.has(edge(words[0])) || STOPWORDS.has(edge(words[words.length - 1]))) return false;
  if (CALENDAR.has(edge(words[0]))) return false;
  // Month names and "Total" alone are column headers or sums, not things to ask about.
  return /\p{L}{3,}/u.test(l) && !/^(?:total|totals?|sous-total)$/iu.test(l);
}

/**
 * Names a text repeats: runs of capitalised words (joined by "and", "of", "de"…) that do not start a
 * sentence, e.g. "Azure", "Research and Development", "Banque de France". Counted per text, each name once.
 */
export function namesIn(text: string): string[] {
  const out = new Set<string>();
  const tokens = text.split(/\s+/).filter(Boolean);
  let run: string[] = [];
  // One capitalised word counts only inside a sentence ("runs on Azure"), not opening a line or a note.
  let midSentence = false;
  const flush = () => {
    while (run.length > 0 && JOINERS.has(run[run.length - 1].toLowerCase())) run.pop();
    const name = run.join(' ');
    const calendar = run.some((w) => CALENDAR.has(w.toLowerCase()));
    const alone = run.length === 1 && !midSentence;
    if (run.length > 0 && run.length <= 4 && name.length >= 4 && !/^\p{Lu}+$/u.test(name) && !calendar && !alone)
      out.add(name);
    run = [];
  };
  for (let i = 0; i < tokens.length; i++) {
    const raw = tokens[i];
    const word = raw.replace(/^[("“'‘]+|[)"”'’.,;:!?]+$/gu, '');
    const afterStop = i === 0 || /[.!?:]["”’)]?$/u.test(tokens[i - 1]);
    const capital = /^\p{Lu}[\p{Ll}\p{Lu}'’-]+$/u.test(word) || /^\p{Ll}\p{Lu}[\p{L}]+$/u.test(word); // "iPhone"
    if (capital && !afterStop) {
      if (run.length === 0) midSentence = i > 0 && /^\p{Ll}[\p{Ll}'’-]*,?$/u.test(tokens[i - 1]);
      run.push(word);
    } else if (run.length > 0 && JOINERS.has(word.toLowerCase()) && word === raw) {
      // One joining word links two names' parts ("Banque de France"); two end the name ("Azure and the").
      if (JOINERS.has(run[run.length - 1].toLowerCase())) flush();
      else run.push(word);
    } else flush();
    if (word !== raw && run.length > 0 && !JOINERS.has(word.toLowerCase())) flush();
    // "Form 10-Q", "Note 5", "Section 13": a word before a number is a reference, not a name.
    if (run.length === 1 && /^\d/.test(tokens[i + 1] ?? '')) run = [];
  }
  flush();
  return [...out];
}
