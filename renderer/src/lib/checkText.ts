// The citation check as the reader sees it: which sentence covers a place in the answer, how many are
// supported, and in words (the UI's language) what was not found where.
import type { SentenceCheck } from '../../../shared/types';
import type { Translate } from '../i18n';

export type { SentenceCheck };

/** Sentences a mark is shown on: the check could not find all of what they say. */
export const isFlagged = (s: SentenceCheck) => s.support === 'not-supported' || s.support === 'partly-supported';

/** The sentence whose [start, end) contains `offset`, if any (sentences do not overlap). */
export function sentenceAt(sentences: SentenceCheck[] | undefined, offset: number): SentenceCheck | undefined {
  return sentences?.find((s) => offset >= s.start && offset < s.end);
}

/** Supported sentences among those that state something. */
export function checkCounts(sentences: SentenceCheck[]): { supported: number; total: number } {
  const claims = sentences.filter((s) => s.support !== 'no-claim');
  return { supported: claims.filter((s) => s.support === 'supported').length, total: claims.length };
}

const cites = (ns: number[]) => ns.map((n) => `[${n}]`).join(', ');

/** Why a sentence is marked, e.g. "12,4 % n’apparaît pas dans [2]" / "12.4 % does not appear in [2]". */
export function checkReason(t: Translate, s: SentenceCheck): string {
  const where = s.citations.length ? cites(s.citations) : t('check.thePassages');
  const parts: string[] = [];
  const absent: string[] = [];
  for (const m of s.missing) {
    if (m === 'citation') continue;
    const noSource = /^\[(\d+)\]$/.exec(m);
    if (noSource) parts.push(t('check.noSource', { n: Number(noSource[1]) }));
    else if (m.startsWith('¬')) parts.push(t('check.opposite', { word: m.slice(1), where }));
    else if (
      /^(?:not|no|never|pas|jamais|aucune?|sans|ni|rien|plus|nothing|none|without|cannot|nor|neither|t)$/i.test(m)
    )
      parts.push(t('check.negation', { where }));
    else absent.push(m);
  }
  if (absent.length) parts.unshift(t('check.notFound', { what: absent.join(', '), where, count: absent.length }));
  if (s.missing.includes('citation') && s.span) parts.push(t('check.foundUncited', { where: `[${s.span.n}]` }));
  else if (s.missing.includes('citation')) parts.push(t('check.noCitation'));
  if (parts.length === 0) parts.push(t('check.nothing', { where }));
  return parts.join('; ');
}
