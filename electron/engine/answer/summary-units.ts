// The quotable units of a passage for summaries and dated lists: its sentences, with a heading line that
// the sentence splitter left glued to the next sentence ("Calendrier\nLe conseil a approuvé…") taken off,
// and the lines of a block too long to be one sentence (a table flattened to lines, a list). Each unit is a
// verbatim slice of the passage with its offset.
import { splitSentences } from '../search/sentences';

export interface TextUnit {
  text: string;
  start: number;
  /** The unit comes right after a heading line (the first sentence of a section). */
  afterHeading: boolean;
}

/** A sentence longer than this (in words) with line breaks inside is read line by line. */
const LONG_BLOCK_WORDS = 70;
/** A line this short, without final punctuation, before a sentence on the next line is a heading. */
const HEADING_WORDS = 10;

export function textUnits(text: string): TextUnit[] {
  const out: TextUnit[] = [];
  let previousWasHeading = false;
  for (const s of splitSentences(text)) {
    if (s.text.split(/\s+/).length > LONG_BLOCK_WORDS && s.text.includes('\n')) {
      let at = 0;
      for (const line of s.text.split('\n')) {
        const trimmed = line.trim();
        if (trimmed !== '')
          out.push({ text: trimmed, start: s.start + at + line.indexOf(trimmed), afterHeading: false });
        at += line.length + 1;
      }
      previousWasHeading = false;
      continue;
    }
    const newline = s.text.indexOf('\n');
    const head = newline > 0 ? s.text.slice(0, newline).trim() : '';
    if (head !== '' && isHeading(head)) {
      const rest = s.text.slice(newline + 1);
      const lead = rest.length - rest.trimStart().length;
      out.push({ text: rest.trim(), start: s.start + newline + 1 + lead, afterHeading: true });
      previousWasHeading = false;
      continue;
    }
    out.push({ text: s.text, start: s.start, afterHeading: previousWasHeading });
    previousWasHeading = isHeading(s.text);
  }
  return out;
}

function isHeading(line: string): boolean {
  return !line.includes('\n') && line.split(/\s+/).length <= HEADING_WORDS && !/[.!?…:;,]["'”’»)]*$/u.test(line);
}
