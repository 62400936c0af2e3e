// `lucarne ask`'s one-line report of the citation check, and the citation numbers it corrected: e.g.
//   Check: 1 of 2 sentences supported; 1 not supported: "Net revenue was $4.7 million…" ($4.7 million not in [1]).
//   Corrected citation: [1] → [2] in "The company employed 312 people…"
import type { SentenceCheck } from '../../shared/types';

const QUOTE_CHARS = 60;

function quote(text: string): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return `"${t.length > QUOTE_CHARS ? `${t.slice(0, QUOTE_CHARS - 1)}…` : t}"`;
}

const cites = (ns: number[]) => ns.map((n) => `[${n}]`).join('');

/** Why a sentence is flagged, briefly: what was not found, and where it was looked for. */
function reason(s: SentenceCheck): string {
  const where = s.citations.length ? ` in ${cites(s.citations)}` : '';
  const missing = s.missing.filter((m) => m !== 'citation' && !/^\[\d+\]$/.test(m));
  const parts: string[] = [];
  if (missing.length) parts.push(`${missing.join(', ')} not${where}`);
  if (s.missing.includes('citation')) parts.push('no citation');
  for (const m of s.missing) if (/^\[\d+\]$/.test(m)) parts.push(`${m} is no source`);
  return parts.length ? ` (${parts.join('; ')})` : '';
}

export function checkSummary(sentences: SentenceCheck[]): string[] {
  const claims = sentences.filter((s) => s.support !== 'no-claim');
  if (claims.length === 0) return [];
  const supported = claims.filter((s) => s.support === 'supported').length;
  const groups: [SentenceCheck['support'], string][] = [
    ['partly-supported', 'partly supported'],
    ['not-supported', 'not supported'],
  ];
  let line = `Check: ${supported} of ${claims.length} sentence${claims.length > 1 ? 's' : ''} supported`;
  for (const [support, label] of groups) {
    const flagged = claims.filter((s) => s.support === support);
    if (flagged.length)
      line += `; ${flagged.length} ${label}: ${flagged.map((s) => quote(s.text) + reason(s)).join(', ')}`;
  }
  const lines = [`${line}.`];
  for (const s of sentences)
    if (s.repaired)
      lines.push(
        s.repaired.from.length
          ? `Corrected citation: ${cites(s.repaired.from)} → ${cites(s.repaired.to)} in ${quote(s.text)}`
          : `Added citation: ${cites(s.repaired.to)} to ${quote(s.text)}`,
      );
  return lines;
}
