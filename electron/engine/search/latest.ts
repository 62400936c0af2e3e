// "The latest 10-Q", "the most recent report", "le dernier rapport", "la plus récente": a question that asks
// for the newest of the documents it names, without saying which period that is. The documents' periods are
// the tokens the store read from their names, titles and metadata, else from their first words (text/
// periods.ts); the newest document is the one whose latest period ends last.

/** Words that ask for the newest document, English and French (folded: no accents). */
const LATEST =
  /\b(?:latest|most\s+recent|newest|most\s+current|(?:le|la|les)\s+plus\s+recente?s?|(?:le|la|les|son|sa|ses|leur|leurs)\s+(?:derniere?s?)|derniere?s?\s+(?:rapport|trimestre|exercice|publication|document|version|bilan|comptes?|resultats?)|plus\s+recente?s?)\b/;

/** True when the question asks for the newest document ("latest", "most recent", "dernier", "plus récent"). */
export function asksForLatest(question: string): boolean {
  const folded = question
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[\u2018\u2019']/g, ' ');
  return LATEST.test(folded);
}

/**
 * When the latest of `tokens` (period tokens: yr2023, fy2023, q3y2023, h1y2023, m202307) ends, as a month
 * count; null without any. A year stands for its last month only when nothing in it is more precise, so
 * "2023 Q3" (yr2023 and q3y2023) ends in September, after "2023 Q2" and before "2023 Q4".
 */
export function periodEnd(tokens: readonly string[]): number | null {
  const precise = new Map<number, number>(); // year → latest month named inside it
  const years = new Set<number>();
  for (const t of tokens) {
    const m = /^(?:(yr|fy)|([qh])([1-4])y|m)(\d{4})(\d{2})?$/.exec(t);
    if (!m) continue;
    const year = Number(m[4]);
    if (m[1]) {
      years.add(year);
      continue;
    }
    // A quarter ends in its third month, a half in its sixth, a month is itself.
    const month = m[2] ? Number(m[3]) * (m[2] === 'q' ? 3 : 6) : Number(m[5]);
    if (!(month >= 1 && month <= 12)) continue;
    precise.set(year, Math.max(precise.get(year) ?? 0, month));
  }
  let best: number | null = null;
  for (const y of new Set([...years, ...precise.keys()])) {
    const end = y * 12 + (precise.get(y) ?? 12);
    if (best === null || end > best) best = end;
  }
  return best;
}
