// Whether a question asks for a value (an amount, a count, a rate, a date) rather than an explanation, and
// what it says about the period: "What was Apple's cash flow from operating activities in Q3 2022?",
// "Combien … en 2018 ?", "Quel est le taux …". English and French. A question that asks why, how something
// changed, or for factors or a comparison is not a value question: sentences answer it better.
import { conceptTerms } from '../search/synonyms';
import { contentTerms } from '../search/terms';

export interface Period {
  years: number[];
  /** 1–4 when the question names a quarter. */
  quarter: number | null;
  /** Length of the period asked for, in months, when said ("three months", "quarter" → 3; "nine months" → 9). */
  months: number | null;
  /** "latest", "most recent", "dernier". */
  latest: boolean;
}

export interface ValueQuestion {
  kind: 'value' | 'date';
  period: Period;
  /** The content stems that name what is asked, without question, period and framing words. */
  terms: string[];
  /**
   * The question mainly asks for an explanation or a comparison ("How did operating expenses compare to
   * revenue?"): a value that fits very well is given first, the sentences that explain follow.
   */
  mixed: boolean;
}

const EXPLANATION =
  /\b(?:why|how\s+(?:did|does|do|has|have|is|are|was|were)|explain|describe|discuss|summari[sz]e|factors?|drivers?|reasons?|impact|affect(?:ed|s)?|compare[ds]?|comparison|trends?|changes?|changed|evolv\w*|fluctuat\w*|risks?|legal|proceedings|pourquoi|comment|expliqu\w*|d[ée]cri\w*|facteurs?|raisons?|compar\w*|[ée]volu\w*|r[ée]sum\w*)\b/iu;

const VALUE_CUES = [
  /\bhow\s+(?:much|many)\b/i,
  /\bcombien\b/i,
  /\bquel(?:le)?s?\s+(?:est|était|a\s+été|sont|étaient)?\s*(?:le|la|les|l['’])?\s*(?:montant|pourcentage|taux|valeur|chiffre|total|nombre|niveau|prix|coût|marge|résultat|bénéfice)/iu,
  /\bwhat\s+(?:is|was|were|are)\s+the\s+(?:amount|value|total|number|rate|percentage|level|figure|price|cost)\b/i,
  /\bwhat\s+percentage\b/i,
  /\b(?:what|which)\b[^?]*\b(?:is|was|were|are|did)\b/i,
  /\b(?:quel|quelle|quels|quelles)\b/i,
];

/** Where a question's first clause ends: ", and …", ";", "?", or "and how / and what / et quel…". */
const CLAUSE_BREAK =
  /,\s*(?:and|et)\b|;|\?|\s(?:and|et)\s+(?=(?:how|what|which|why|whether|where|when|comment|quel\w*|pourquoi|combien)\b)/iu;

const DATE_CUES =
  /\b(?:when|what\s+date|on\s+which\s+date|quand|quelle\s+date|à\s+quelle\s+date|en\s+quelle\s+année)\b/iu;

/** Words of questions about figures that no row label says: "amount", "report", "quarter", "latest"… */
const FRAME_WORDS = new Set(
  contentTerms(
    'amount amounts value figure figures number total reported report reports filing filings quarter quarters quarterly year years annual fiscal fy period periods month months latest recent most current company company’s spend spent spending much many montant valeur chiffre nombre trimestre trimestres exercice année dernier dernière rapport période combien quel quelle q1 q2 q3 q4 10 q k form',
  ),
);

const QUARTER_WORDS: [RegExp, number][] = [
  [/\b(?:q1|first\s+quarter|1st\s+quarter|t1|premier\s+trimestre)\b/i, 1],
  [/\b(?:q2|second\s+quarter|2nd\s+quarter|t2|deuxième\s+trimestre|second\s+trimestre)\b/iu, 2],
  [/\b(?:q3|third\s+quarter|3rd\s+quarter|t3|troisième\s+trimestre)\b/iu, 3],
  [/\b(?:q4|fourth\s+quarter|4th\s+quarter|t4|quatrième\s+trimestre)\b/iu, 4],
];

export function questionPeriod(question: string): Period {
  const years = [...question.matchAll(/(?:\bFY\s?|\b)((?:19|20)\d\d)\b/gi)].map((m) => Number(m[1]));
  const twoDigitFy = [...question.matchAll(/\bFY\s?(\d\d)\b/gi)].map((m) => 2000 + Number(m[1]));
  const quarter = QUARTER_WORDS.find(([re]) => re.test(question))?.[1] ?? null;
  let months: number | null = null;
  if (/\b(?:nine|9)[\s-]months?\b|\bneuf\s+mois\b|\byear[\s-]to[\s-]date\b/i.test(question)) months = 9;
  else if (/\b(?:six|6)[\s-]months?\b|\bsix\s+mois\b|\bhalf[\s-]year\b|\bsemestre\b/i.test(question)) months = 6;
  else if (/\b(?:three|3)[\s-]months?\b|\btrois\s+mois\b|\bquarter\b|\btrimestre\b/i.test(question) || quarter)
    months = 3;
  else if (/\b(?:twelve|12)[\s-]months?\b|\b(?:full|fiscal)\s+year\b|\bannual\b|\bFY\b/i.test(question)) months = 12;
  return {
    years: [...new Set([...years, ...twoDigitFy])],
    quarter,
    months,
    latest: /\b(?:latest|most\s+recent|last|current|dernier|derni[èe]re|r[ée]cent)\b/iu.test(question),
  };
}

/** The value the question asks for, or null when it asks for something else. */
export function valueQuestion(question: string): ValueQuestion | null {
  // "What tax rate did X report, and how does it compare…": the first clause asks for the value.
  const firstClause = question.split(CLAUSE_BREAK)[0];
  const mixed = EXPLANATION.test(firstClause);
  const date = !mixed && DATE_CUES.test(question);
  if (!mixed && !date && !VALUE_CUES.some((re) => re.test(question))) return null;
  const period = questionPeriod(question);
  // What is asked is said in the first clause ("…, and how does it compare"), unless it all is an explanation.
  const asked = mixed ? question : firstClause;
  // "R&D", "PP&E" stay one word, as the synonym lexicon and the row labels read them.
  const terms = conceptTerms(asked).filter((t) => !FRAME_WORDS.has(t) && !/^(?:19|20)\d\d$|^fy\d+$/.test(t));
  if (terms.length === 0) return null;
  return { kind: date ? 'date' : 'value', period, terms, mixed };
}
