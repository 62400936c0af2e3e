// The offline answer to a summary or key-dates question (answer/intent.ts): picks the extractor and
// keeps the "not found" rule. A question that names something ("résume le rapport sur la fusion") gets
// "not found" when the passages and their file names hold too few of its words: a summary of some other
// document would be a confident answer to a question nobody asked.
import { basename } from 'node:path';
import { contentTerms } from '../search/terms';
import type { ContextPassage } from '../types';
import { datesAnswer } from './dates-list';
import { detectIntent } from './intent';
import type { Language } from './language';
import { summaryAnswer } from './summary';

/** Share of the topic's words the passages (or their file names) must contain. */
const TOPIC_FOUND = 0.5;

/**
 * undefined: not a summary or key-dates question (the ordinary extractive answer applies);
 * null: it is one, but the passages hold nothing to answer it with ("not found");
 * else the answer's text pieces, to stream in order.
 */
export function intentAnswer(
  question: string,
  passages: ContextPassage[],
  language: Language,
): string[] | null | undefined {
  const intent = detectIntent(question);
  if (intent.kind === null) return undefined;
  if (passages.length === 0 || !topicFound(intent.topic, passages)) return null;
  return intent.kind === 'summary'
    ? summaryAnswer(passages, intent.topic, language)
    : datesAnswer(passages, intent.topic, language);
}

function topicFound(topic: string, passages: ContextPassage[]): boolean {
  const terms = [...new Set(contentTerms(topic))];
  if (terms.length === 0) return true;
  const present = new Set<string>();
  for (const p of passages) for (const t of contentTerms(`${basename(p.path)} ${p.text}`)) present.add(t);
  return terms.filter((t) => present.has(t)).length / terms.length >= TOPIC_FOUND;
}
