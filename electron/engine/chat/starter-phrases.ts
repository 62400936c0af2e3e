// The wording of starter questions, in French and English. Each shape is a question a person would type;
// a document is named by its file name in quotes, a topic as it appears in the documents. The frames of
// the topic-only shapes are made of function words only ("What about", "Qu'en est-il de"), so an answer
// has nothing to match but the topic itself.
import type { Language } from '../answer/language';

export type StarterKind = 'summary' | 'dates' | 'value' | 'document-topic' | 'topic';

export interface StarterSubject {
  /** The document's name as shown (its file name without extension). */
  title?: string;
  /** A heading, a table row label or a frequent name. */
  topic?: string;
}

const quote = (language: Language, s: string) => (language === 'fr' ? `« ${s} »` : `“${s}”`);

/** "de Trace Trees", "d'Apple": French elides "de" before a vowel (an h is left alone: often aspirated). */
function de(topic: string): string {
  return /^[aeiouyàâäéèêëîïôöùûü]/iu.test(topic) ? `d'${topic}` : `de ${topic}`;
}

/** A row label or heading inside a sentence: lower case first letter, unless it is an acronym or a name. */
export function inSentence(topic: string): string {
  const [first, second] = topic.split(/\s+/);
  const acronym = /^\p{Lu}{2,}/u.test(first);
  const name = second !== undefined && /^\p{Lu}/u.test(second);
  return acronym || name ? topic : topic.charAt(0).toLowerCase() + topic.slice(1);
}

/** The question of a shape about a subject, or null when the subject lacks what the shape needs. */
export function starterText(kind: StarterKind, language: Language, s: StarterSubject): string | null {
  const title = s.title === undefined ? undefined : quote(language, s.title);
  // Row labels are written in sentence case ("Net income"); headings and names keep their capitals.
  const topic = s.topic === undefined ? undefined : kind === 'value' ? inSentence(s.topic) : s.topic;
  const fr = language === 'fr';
  switch (kind) {
    case 'summary':
      return title ? (fr ? `Résume ${title}` : `Summarise ${title}`) : null;
    case 'dates':
      return title
        ? fr
          ? `Quelles sont les dates importantes de ${title} ?`
          : `What are the key dates in ${title}?`
        : null;
    case 'value':
      if (!topic) return null;
      if (title) return fr ? `Quel est le montant ${de(topic)} dans ${title} ?` : `What is the ${topic} in ${title}?`;
      return fr ? `Quel est le montant ${de(topic)} ?` : `What is the ${topic}?`;
    case 'document-topic':
      return title && topic
        ? fr
          ? `Que dit ${title} sur ${topic} ?`
          : `What does ${title} say about ${topic}?`
        : null;
    case 'topic':
      return topic ? (fr ? `Qu'en est-il ${de(topic)} ?` : `What about ${topic}?`) : null;
  }
}
