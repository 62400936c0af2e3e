// The check as the answer path runs it: a written answer against the passages its prompt numbered, citations
// repaired where one passage clearly supports a sentence, and each supporting span placed in its document so
// that a click on the citation can highlight that span rather than the whole passage.
import type { SentenceCheck } from '../../../shared/types';
import type { Language } from '../answer/language';
import type { ContextPassage } from '../types';
import { repairCitations } from './repair';

export interface AnswerCheck {
  /** The answer with repaired citation numbers (otherwise the same text). */
  text: string;
  sentences: SentenceCheck[];
}

export function checkAnswer(answer: string, passages: ContextPassage[], language: Language): AnswerCheck {
  const sources = passages.map((p) => ({ n: p.n, text: p.text }));
  const r = repairCitations(answer, sources, { language });
  const byN = new Map(passages.map((p) => [p.n, p]));
  const sentences = r.sentences.map((s): SentenceCheck => {
    const p = s.span ? byN.get(s.span.n) : undefined;
    // Document offsets only when the passage is the document's text character for character (as citations.ts).
    const exact = p !== undefined && p.charEnd - p.charStart === p.text.length;
    const span =
      s.span === null
        ? null
        : {
            ...s.span,
            charStart: exact && p ? p.charStart + s.span.start : null,
            charEnd: exact && p ? p.charStart + s.span.end : null,
          };
    const out: SentenceCheck = {
      text: s.text,
      start: s.start,
      end: s.end,
      citations: s.citations,
      support: s.support,
      span,
      missing: s.missing,
    };
    if (s.repaired) out.repaired = s.repaired;
    return out;
  });
  return { text: r.text, sentences };
}
