// The shape of a generated document, independent of its file format: a title, sections with headings,
// paragraphs of consecutive sentences (so neighbouring text is about the same thing), some lists and tables.
import { intBetween, pick, type Rand } from './rng';
import type { TextSource } from './text-source';

export type DocBlock =
  | { type: 'paragraph'; text: string }
  | { type: 'list'; items: string[] }
  | { type: 'table'; rows: string[][] };

export interface DocSection {
  heading: string;
  level: 1 | 2;
  blocks: DocBlock[];
}

export interface GeneratedDocument {
  title: string;
  sections: DocSection[];
  words: number;
}

function wordCount(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

/** A document of about `targetWords` words drawn from `source`, deterministic for a given `rand` state. */
export function generateDocument(rand: Rand, source: TextSource, targetWords: number): GeneratedDocument {
  let cursor = Math.floor(rand() * source.sentences.length);
  const nextSentence = () => {
    cursor = (cursor + 1) % source.sentences.length;
    // Now and then jump elsewhere, as a document moves to another topic.
    if (rand() < 0.04) cursor = Math.floor(rand() * source.sentences.length);
    return source.sentences[cursor];
  };
  const sentences = (min: number, max: number) =>
    Array.from({ length: intBetween(rand, min, max) }, nextSentence).join(' ');
  const shortLine = () => {
    const t = pick(rand, source.titles);
    return t.length > 70 ? `${t.slice(0, t.lastIndexOf(' ', 70))}` : t;
  };

  const title = pick(rand, source.titles);
  const sections: DocSection[] = [];
  let words = wordCount(title);
  while (words < targetWords) {
    const section: DocSection = {
      heading: shortLine(),
      level: sections.length === 0 || rand() < 0.7 ? 1 : 2,
      blocks: [],
    };
    words += wordCount(section.heading);
    const paragraphs = intBetween(rand, 2, 6);
    for (let p = 0; p < paragraphs && words < targetWords; p++) {
      const roll = rand();
      let block: DocBlock;
      if (roll < 0.08) {
        block = { type: 'list', items: Array.from({ length: intBetween(rand, 3, 6) }, () => sentences(1, 1)) };
      } else if (roll < 0.12) {
        const cols = intBetween(rand, 2, 4);
        const cell = () =>
          shortLine()
            .split(' ')
            .slice(0, intBetween(rand, 1, 4))
            .join(' ');
        const num = () => (rand() * 100).toFixed(intBetween(rand, 0, 2));
        block = {
          type: 'table',
          rows: Array.from({ length: intBetween(rand, 3, 8) }, (_, r) =>
            Array.from({ length: cols }, (_, c) => (r === 0 || c === 0 ? cell() : num())),
          ),
        };
      } else {
        block = { type: 'paragraph', text: sentences(3, 7) };
      }
      section.blocks.push(block);
      words +=
        block.type === 'paragraph'
          ? wordCount(block.text)
          : block.type === 'list'
            ? block.items.reduce((n, i) => n + wordCount(i), 0)
            : block.rows.flat().reduce((n, c) => n + wordCount(c), 0);
    }
    sections.push(section);
  }
  return { title, sections, words };
}

/** The document as plain text (what a perfect extractor would return), for checks. */
export function plainText(doc: GeneratedDocument): string {
  const out = [doc.title];
  for (const s of doc.sections) {
    out.push(s.heading);
    for (const b of s.blocks) {
      if (b.type === 'paragraph') out.push(b.text);
      else if (b.type === 'list') out.push(...b.items);
      else out.push(...b.rows.map((r) => r.join(' ')));
    }
  }
  return out.join('\n');
}
