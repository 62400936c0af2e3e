// What kind of answer a question asks for, beyond "find the sentence that answers it": a summary of a
// document ("Résume le rapport", "What is this paper about?") or the list of its key dates ("Quelles sont
// les dates importantes ?", "key deadlines"). French and English. Those questions share few words with
// the sentences that answer them, so sentence matching alone would say "not found".
//
// `topic` is the question without its intent wording: what to retrieve (a document's name, a subject).
// A bare "when" / "quand" is not a dated-list intent: it asks for one date, a value answer.
import { contentTerms, foldText } from '../search/terms';
import { detectLanguage } from './language';

export type AnswerIntent = 'summary' | 'dates';

export interface QuestionIntent {
  kind: AnswerIntent | null;
  /** The question without the intent wording and filler ("résume", "the document", "please"). */
  topic: string;
}

// Patterns run on folded text (lower case, no accents): "Résumé", "resume" and "RÉSUMÉ" look the same.
// "Letters around" boundaries instead of \b, which knows only ASCII letters.
const word = (body: string) => new RegExp(`(?<![\\p{L}\\p{N}])(?:${body})(?![\\p{L}\\p{N}])`, 'gu');

const SUMMARY_FR = word(
  [
    'resum(?:e|es|er|ez|ons|ant)(?:[- ]?(?:le|la|les|moi|nous))?',
    'synthes(?:e|es)',
    'synthetis(?:e|er|ez)(?:[- ]?(?:le|la|les|moi|nous))?',
    'en bref',
    '(?:les |des )?(?:points|elements|idees|messages|faits) (?:cles|essentiels|principaux|principales|importants|marquants|saillants)',
    'grandes lignes',
    // As a request ("une vue d'ensemble", "un aperçu"), not a noun phrase ("l'aperçu des risques" is content).
    "(?:^|une |donne |donnez )vue d['’ ]ensemble",
    '(?:^|un |donne |donnez )apercu',
    'de quoi (?:parle|parlent|traite|traitent)',
    "(?:que|qu['’ ]est-ce que) (?:dit|disent|raconte|racontent)",
  ].join('|'),
);
const SUMMARY_EN = word(
  [
    'summar(?:y|ies|ise|ize|ised|ized|ising|izing)',
    'sum up',
    // "an overview of…", not "the business overview" (the name of a report's section).
    '(?:^|an |a |quick |brief |short |general |high-level )overview',
    'gist',
    'tl;?dr',
    '(?:the )?(?:key|main|major|important|principal) (?:points|ideas|findings|takeaways|messages|facts)',
    'takeaways',
    'in a nutshell',
    'in brief',
  ].join('|'),
);
// "What is the 2023 report about?" — the question ends on "about": it asks what the thing is about.
const ABOUT_EN = /^(?:so |and )?what(?:'s|’s| is| are| was| were| does| do)\s+(.+?)\s+(?:talk |all )?about\s*[?.!]*$/u;
// "Resume" without accents is an English word too (a CV): only French questions may write it so.
const FRENCH_ONLY_SUMMARY = /^resum/;

const DATES = word(
  [
    '(?:les |des |the )?dates?(?: et (?:les )?evenements)? (?:importantes?|cles|principales?|marquantes?|a retenir|mentionnees|citees|clefs)',
    '(?:quelles?|quels) (?:sont )?(?:les )?(?:dates|echeances|delais)(?: (?:importantes?|cles|clefs|principales?|marquantes?|a retenir))?',
    '(?:key|important|main|major|notable|relevant) (?:dates|deadlines|milestones|events)',
    '(?:which|what) (?:are the )?(?:dates|deadlines)',
    'dates (?:mentioned|listed|cited|given)',
    'list (?:of |all )?(?:the )?(?:dates|deadlines)',
    'echeances?',
    'echeancier',
    'calendrier',
    'chronologie',
    'jalons',
    'deadlines',
    'timeline',
    'milestones',
    'chronology',
  ].join('|'),
);

// Words that only frame the request once the intent is known: they name no document and no subject.
const FILLER = word(
  [
    'please',
    "s['’ ]il (?:te|vous) plait",
    'stp',
    'svp',
    '(?:can|could|would) you',
    '(?:peux|pourrais|pouvez|pourriez)[- ](?:tu|vous)',
    'give me',
    'donne[- ]moi',
    'donnez[- ]moi',
    'fais[- ]moi',
    'faites[- ]moi',
    'tell me',
    'dis[- ]moi',
    'list(?:e|er|ez)?',
    'mentionn(?:e|es|ee|ees)',
    'mentioned',
    'in',
    'dans',
    'documents?',
    'fichiers?',
    'files?',
    'docs?',
    'textes?',
    'this',
    'ce',
    'cet',
    'cette',
    'those',
    'ces',
    'mes',
    'my',
    'all',
    'tous',
    'toutes',
    // Adjectives of the intent phrase left when it was written in another order ("les dates qui sont clés").
    'importante?s?',
    'principa(?:le|les|l|ux)',
    'cles?',
    'clefs?',
    'key',
    'main',
  ].join('|'),
);

export function detectIntent(question: string): QuestionIntent {
  const folded = foldText(question).replace(/[’]/g, "'").trim();
  const about = ABOUT_EN.exec(folded);
  let kind: AnswerIntent | null = null;
  if (matches(DATES, folded)) kind = 'dates';
  else if (matchesSummary(folded, question)) kind = 'summary';
  else if (about) kind = 'summary';
  if (kind === null) return { kind, topic: question.trim() };
  return { kind, topic: intentTopic(about && kind === 'summary' ? about[1] : folded) };
}

/** The text to retrieve for an intent question: its topic, or the question itself when it names nothing. */
export function intentRetrievalQuery(question: string): string {
  const intent = detectIntent(question);
  if (intent.kind === null) return question;
  return contentTerms(intent.topic).length > 0 ? intent.topic : question;
}

function matches(re: RegExp, text: string): boolean {
  re.lastIndex = 0;
  return re.test(text);
}

function matchesSummary(folded: string, original: string): boolean {
  if (matches(SUMMARY_EN, folded)) return true;
  for (const m of folded.matchAll(SUMMARY_FR)) {
    if (!FRENCH_ONLY_SUMMARY.test(m[0])) return true;
    // Written with its accent, or in a French question: the French verb, not an English CV.
    if (/résum/iu.test(original) || detectLanguage(original) === 'fr') return true;
  }
  return false;
}

/** Folded question minus intent wording and filler, as plain words (folded: retrieval folds anyway). */
function intentTopic(folded: string): string {
  return folded
    .replace(DATES, ' ')
    .replace(SUMMARY_FR, ' ')
    .replace(SUMMARY_EN, ' ')
    .replace(FILLER, ' ')
    .replace(/[?!.:;,]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
