// Question wording that is not content: "how long", "how much", "combien de temps" ask for the kind of
// answer (a duration, an amount). The second word is not something the answer contains, so it must not
// be searched for (a bread recipe's "long rest" is not about a warranty's duration) nor count as a
// missing term when scoring sentences.

export function withoutAnswerTypeWords(question: string): string {
  return question
    .replace(/\b(how)\s+(?:long|much|many|often|far|old|big|large|soon)\b/giu, '$1')
    .replace(/\b(combien)\s+(?:de\s+temps|de\s+fois|d['’]argent)\b/giu, '$1');
}
