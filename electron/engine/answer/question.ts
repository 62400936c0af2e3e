// Question wording that is not content. "How long", "how much", "combien de temps" ask for the kind of
// answer (a duration, an amount), and in a duration question the verb ("last", "take", "dure") is part of
// that wording; "need to", "have to", "il faut" only frame the question. None of these words is something
// the answer sentence contains, so they must not be searched for (a bread recipe's "long rest" is not about
// a warranty's duration) nor count as missing terms when sentences are scored.

const DURATION_QUESTION = /\b(?:how\s+long|how\s+much\s+time|combien\s+de\s+temps|quelle\s+dur[ée]e)\b/iu;
const DURATION_VERBS = /\b(?:lasts?|lasted|takes?|took|dure(?:nt|r|ra)?|prend(?:ent|re|ra)?)\b/giu;

export function withoutAnswerTypeWords(question: string): string {
  let q = question;
  if (DURATION_QUESTION.test(q)) q = q.replace(DURATION_VERBS, ' ');
  return q
    .replace(/\b(how)\s+(?:long|much|many|often|far|old|big|large|soon)\b/giu, '$1')
    .replace(/\b(combien)\s+(?:de\s+temps|de\s+fois|d['’]argent)\b/giu, '$1')
    .replace(/\b(?:need|needs|have|has)\s+to\b|\bil\s+faut\b/giu, ' ')
    .replace(/[^\S\n]{2,}/g, ' ')
    .trim();
}
