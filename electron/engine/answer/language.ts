// Which language a question is in, French or English: the answer's framing words and the prompt's
// instructions follow it. Function words decide; accents break a tie towards French.
export type Language = 'fr' | 'en';

const FRENCH = new Set(
  'le la les un une des du de et est sont que qui quoi quel quelle quels quelles comment pourquoi combien quand où ou dans pour sur avec pas ne il elle ils elles nous vous je tu ce cette ces mon ma mes son sa ses leur leurs au aux y a-t-il est-ce qu c l d j n s m t faut peut doit entre depuis selon chez été être avoir fait'.split(
    ' ',
  ),
);
const ENGLISH = new Set(
  'the a an and is are was were what which who whom whose how why when where do does did of to in on for with by from at this that these those it its there be been has have had can could should would will my your our their about into than then any some not'.split(
    ' ',
  ),
);

export function detectLanguage(text: string, fallback: Language = 'en'): Language {
  const lower = text.toLowerCase();
  let fr = 0;
  let en = 0;
  for (const w of lower.match(/[\p{L}]+(?:-[\p{L}]+)*/gu) ?? []) {
    if (FRENCH.has(w)) fr++;
    if (ENGLISH.has(w)) en++;
  }
  // Elisions (l', d', qu', c') are French markers that the word split above cuts off.
  fr += (lower.match(/\b(?:l|d|qu|c|j|n|s)['’]\p{L}/gu) ?? []).length;
  if (fr === en) {
    const accents = (lower.match(/[éèêàçùûôîœ]/g) ?? []).length;
    if (accents > 0) return 'fr';
    return fallback;
  }
  return fr > en ? 'fr' : 'en';
}
