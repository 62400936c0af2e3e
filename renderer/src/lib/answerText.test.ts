import { describe, expect, it } from 'vitest';
import { parseAnswer, parseInline } from './answerText';

describe('parseInline', () => {
  it('turns [n] markers, including grouped ones, into citations', () => {
    expect(parseInline('Le budget est fixé [1]. Voir aussi [2, 3] et [4;5].')).toEqual([
      { kind: 'text', text: 'Le budget est fixé ' },
      { kind: 'cite', numbers: [1] },
      { kind: 'text', text: '. Voir aussi ' },
      { kind: 'cite', numbers: [2, 3] },
      { kind: 'text', text: ' et ' },
      { kind: 'cite', numbers: [4, 5] },
      { kind: 'text', text: '.' },
    ]);
  });

  it('reads bold, italics and code, and leaves lone stars and brackets as text', () => {
    expect(parseInline('**gras** et *italique* et `code` et 2 * 3 et [note]')).toEqual([
      { kind: 'strong', text: 'gras' },
      { kind: 'text', text: ' et ' },
      { kind: 'em', text: 'italique' },
      { kind: 'text', text: ' et ' },
      { kind: 'code', text: 'code' },
      { kind: 'text', text: ' et 2 * 3 et [note]' },
    ]);
  });

  it('keeps an unfinished marker (mid-stream) as text', () => {
    expect(parseInline('fixé à 48 000 euros [1')).toEqual([{ kind: 'text', text: 'fixé à 48 000 euros [1' }]);
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
    expect(ul.kind === 'ul' && ul.items[1]).toEqual([{ kind: 'text', text: 'deux suite' }]);
    expect(blocks[5]).toEqual({ kind: 'pre', text: 'x = 1' });
  });

  it('returns nothing for an empty answer', () => {
    expect(parseAnswer('')).toEqual([]);
  });
});
