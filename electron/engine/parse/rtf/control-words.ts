// What RTF's control words mean to the reader: the destinations it opens or skips, the words that stand for a
// character or end a paragraph, and the style names that mark a heading.

/** Destinations whose text is not the document's: tables of the file, pictures, instructions, furniture. */
const SKIPPED_DESTINATIONS = new Set([
  'colortbl',
  'pict',
  'object',
  'objdata',
  'header',
  'headerl',
  'headerr',
  'headerf',
  'footer',
  'footerl',
  'footerr',
  'footerf',
  'fldinst',
  'listtext',
  'pntext',
  'listtable',
  'listoverridetable',
  'revtbl',
  'rsidtbl',
  'filetbl',
  'themedata',
  'colorschememapping',
  'latentstyles',
  'datastore',
  'xmlnstbl',
  'generator',
  'pgdsctbl',
  'bkmkstart',
  'bkmkend',
  'shpinst',
  'nonshppict',
  'template',
  'docvar',
  'xe',
  'tc',
  'txe',
  'annotation',
  'atnid',
  'atnauthor',
]);

/** Control words and symbols that stand for a character. */
export const CHARACTERS: Record<string, string> = {
  tab: '\t',
  line: '\n',
  emdash: '—',
  endash: '–',
  bullet: '•',
  lquote: '‘',
  rquote: '’',
  ldblquote: '“',
  rdblquote: '”',
  emspace: ' ',
  enspace: ' ',
  qmspace: ' ',
  '~': '\u00a0',
  _: '-', // non-breaking hyphen: a plain one, so the word is found
  '\\': '\\',
  '{': '{',
  '}': '}',
  nestcell: ' ',
  nestrow: ' ',
};

/** Control words that end the running paragraph. */
export const PARAGRAPH_BREAKS = new Set(['par', 'sect', 'page']);

export type Destination = 'body' | 'footnote' | 'info' | 'title' | 'fonttbl' | 'stylesheet' | 'skip';

/** The destination a control word opens, given the current one; null when the word is not a destination. */
export function destinationOf(word: string, current: Destination): Destination | null {
  if (SKIPPED_DESTINATIONS.has(word)) return 'skip';
  switch (word) {
    case 'fonttbl':
      return 'fonttbl';
    case 'stylesheet':
      return 'stylesheet';
    case 'info':
      return 'info';
    case 'title':
      return current === 'info' ? 'title' : null;
    case 'footnote':
      return current === 'body' ? 'footnote' : 'skip';
    default:
      return null;
  }
}

/** "heading 2" (Word), "Heading 2" (LibreOffice), "Titre 2" (French Word) → outline level 1; "Title" → 0. */
export function headingLevelOfStyle(name: string | undefined): number | null {
  if (!name) return null;
  const numbered = /^(?:heading|titre|überschrift|título|titolo)\s*(\d)$/i.exec(name);
  if (numbered) return Number(numbered[1]) - 1;
  return /^(?:title|titre)$/i.test(name) ? 0 : null;
}
