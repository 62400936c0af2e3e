// Candidate starter questions from the library's subjects, in the order they are worth checking: the
// shapes take turns (a summary, a value, dates, a document's topic, a topic of the library) so the few
// that pass differ in kind, and within a shape the most recent documents come first.
import type { Language } from '../answer/language';
import { type StarterKind, starterText } from './starter-phrases';
import type { LibrarySubjects } from './starter-sources';

export interface StarterCandidate {
  text: string;
  kind: StarterKind;
  /** The document the question names (its answer must cite it), or null. */
  documentId: number | null;
  /** The heading, row label or name it asks about, if any: two questions on the same one are one too many. */
  topic: string | null;
}

/** Row labels and headings tried per document and shape. */
const PER_DOCUMENT = 2;
const TOPICS = 6;

export function starterCandidates(subjects: LibrarySubjects, language: Language): StarterCandidate[] {
  const queues: StarterCandidate[][] = [[], [], [], [], []];
  const [summaries, values, dates, docTopics, topics] = queues;
  const push = (
    queue: StarterCandidate[],
    kind: StarterKind,
    documentId: number | null,
    title?: string,
    topic?: string,
  ) => {
    const text = starterText(kind, language, { title, topic });
    if (text) queue.push({ text, kind, documentId, topic: topic ?? null });
  };
  for (const d of subjects.documents) {
    push(summaries, 'summary', d.documentId, d.title);
    push(dates, 'dates', d.documentId, d.title);
    for (const label of d.rowLabels.slice(0, PER_DOCUMENT)) push(values, 'value', d.documentId, d.title, label);
    for (const h of d.headings.slice(0, PER_DOCUMENT)) push(docTopics, 'document-topic', d.documentId, d.title, h);
  }
  // Topics of the library as a whole: headings of several documents first, then repeated names.
  const seen = new Set<string>();
  for (const t of [...interleave(subjects.documents.map((d) => d.headings.slice(0, 3))), ...subjects.names]) {
    const key = t.toLowerCase();
    if (seen.has(key) || seen.size >= TOPICS) continue;
    seen.add(key);
    push(topics, 'topic', null, undefined, t);
  }
  return interleave(queues);
}

/** a1, b1, c1, a2, b2, … */
function interleave<T>(lists: T[][]): T[] {
  const out: T[] = [];
  const longest = Math.max(0, ...lists.map((l) => l.length));
  for (let i = 0; i < longest; i++) for (const l of lists) if (i < l.length) out.push(l[i]);
  return out;
}
