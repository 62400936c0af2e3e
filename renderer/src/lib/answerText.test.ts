import { describe, expect, it } from 'vitest';
import { parseAnswer, parseInline } from './answerText';

describe('parseInline', () => {
  it('turns [n] markers, including grouped ones, into citations', () => {
    expect(parseInline('Le budget est fixé [1]. Voir aussi [2, 3] et [4;5].')).toEqual([
      { kind: 'text', text: 'Le budget est fixé ', start: 0, end: 19 },
      { kind: 'cite', numbers: [1], start: 19, end: 22 },
      { kind: 'text', text: '. Voir aussi ', start: 22, end: 35 },
      { kind: 'cite', numbers: [2, 3], start: 35, end: 41 },
      { kind: 'text', text: ' et ', start: 41, end: 45 },
      { kind: 'cite', numbers: [4, 5], start: 45, end: 50 },
      { kind: 'text', text: '.', start: 50, end: 51 },
    ]);
  });

  it('reads bold, italics and code, and leaves lone stars and brackets as text', () => {
    expect(parseInline('**gras** et *italique* et `code` et 2 * 3 et [note]')).toEqual([
      { kind: 'strong', text: 'gras', start: 0, end: 8 },
      { kind: 'text', text: ' et ', start: 8, end: 12 },
      { kind: 'em', text: 'italique', start: 12, end: 22 },
      { kind: 'text', text: ' et ', start: 22, end: 26 },
      { kind: 'code', text: 'code', start: 26, end: 32 },
      { kind: 'text', text: ' et 2 * 3 et [note]', start: 32, end: 51 },
    ]);
  });

  it('keeps an unfinished marker (mid-stream) as text', () => {
    expect(parseInline('fixé à 48 000 euros [1')).toEqual([
      { kind: 'text', text: 'fixé à 48 000 euros [1', start: 0, end: 22 },
    ]);
  });
});

describe('parseAnswer', () => {
  it('splits paragraphs, lists, headings, quotes and code blocks', () => {
    const blocks = parseAnswer(
      '## Réponse\n\nPremier paragraphe\nsur deux lignes.\n\n- un [1]\n- deux\n  suite\n1. premier\n> citée\n\n```\nx = 1\n```',
    );
    expect(blocks.map((b) => b.kind)).toEqual(['h', 'p', 'ul', 'ol', 'quote', 'pre']);
    const ul = blocks[2];
    expect(ul.kind === 'ul' && ul.items.length).toBe(2);
    expect(ul.kind === 'ul' && ul.items[1].map((x) => (x.kind === 'text' ? x.text : '')).join('')).toBe('deux suite');
    expect(blocks[5]).toEqual({ kind: 'pre', text: 'x = 1' });
  });

  it('keeps every inline at its offset in the answer, across lines, list marks, wraps and CRLF', () => {
    const answer =
      '## Résumé [1]\r\nLe budget est de **48 000 euros** [1].\nIl a été voté en mars.\n\n- Première ligne\n  qui continue [2].\n1. Point [3]\n> Cité [4]';
    const flat = parseAnswer(answer).flatMap((b) =>
      b.kind === 'pre' ? [] : 'items' in b ? b.items.flat() : b.inlines,
    );
    expect(flat.length).toBeGreaterThan(10);
    for (const x of flat) {
      const raw = x.kind === 'cite' ? `[${x.numbers.join(', ')}]` : x.kind === 'strong' ? `**${x.text}**` : x.text;
      // A joined list line starts with the space that stands for its line break.
      expect(answer.slice(x.start, x.end).replace(/^\s+/, ''), raw).toBe(raw.replace(/^\s+/, ''));
    }
    expect(flat.filter((x) => x.kind === 'cite').map((x) => answer.slice(x.start, x.start + 3))).toEqual([
      '[1]',
      '[1]',
      '[2]',
      '[3]',
      '[4]',
    ]);
  });

  it('returns nothing for an empty answer', () => {
    expect(parseAnswer('')).toEqual([]);
  });
});
