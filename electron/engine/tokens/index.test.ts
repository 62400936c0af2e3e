import bpeRanks from 'gpt-tokenizer/bpeRanks/o200k_base';
import { describe, expect, it } from 'vitest';
import { TokenViewSchema } from '../../../shared/api';
import { countTokens, TOKENIZER_NAME, tokenize } from './index';

// Decodes ids from the rank table with a fresh decoder. (The library's own decode() shares one streaming
// TextDecoder between calls, so decoding a token that ends mid-character corrupts the next decode() call.)
function decode(ids: number[]): string {
  const bytes = ids.flatMap((id) => {
    const entry = bpeRanks[id];
    return typeof entry === 'string' ? [...new TextEncoder().encode(entry)] : entry;
  });
  return new TextDecoder().decode(new Uint8Array(bytes));
}

const SAMPLES = [
  'Hello, world! The quick brown fox jumps over the lazy dog.',
  'Le café était délicieux ; ça coûte 3,50 € — n’est-ce pas ? Ça, c’est l’été à Noël.',
  'Emoji: 👍🏽 👨‍👩‍👧‍👦 🇫🇷 and a family 🧑🏿‍🚀!',
  '東京は日本の首都であり、世界最大の都市圏の一つです。𠮷野家で食べた🍣。',
  'العربية هي لغة سامية يتحدث بها أكثر من ٤٠٠ مليون شخص. עברית היא שפה שמית.',
  'combining: e\u0301 a\u0300 n\u0303 and zero-width\u200bspace, tabs\tand\r\nnewlines\n\n\n',
  'special-looking text <|endoftext|> and <|im_start|> is plain text here',
  'lone surrogates \ud83d and \ude00 survive',
  '',
];

describe('countTokens', () => {
  it('agrees with the token view and the BPE on every sample', () => {
    for (const s of SAMPLES) {
      const view = tokenize(s);
      expect(countTokens(s)).toBe(view.count);
      expect(view.tokens.length).toBe(view.count);
    }
  });

  it('counts more for more text and nothing for nothing', () => {
    expect(countTokens('')).toBe(0);
    const one = countTokens('The cat sat on the mat.');
    expect(one).toBeGreaterThan(3);
    expect(countTokens('The cat sat on the mat. '.repeat(10))).toBeGreaterThan(one * 9);
  });

  it('treats special-token markers in documents as ordinary text instead of throwing', () => {
    const withMarker = countTokens('before <|endoftext|> after');
    expect(withMarker).toBeGreaterThan(countTokens('before  after'));
  });
});

describe('tokenize (token view)', () => {
  it('round-trips: the token texts concatenate to the input, emoji and accents included', () => {
    for (const s of SAMPLES) {
      const view = tokenize(s);
      expect(view.truncated).toBe(false);
      expect(view.tokens.map((t) => t.text).join('')).toBe(s);
    }
  });

  it('gives each token the text its ids decode to when the token holds whole characters', () => {
    const s = SAMPLES[1] + SAMPLES[3];
    const view = tokenize(s);
    let whole = 0;
    for (const t of view.tokens) {
      const decoded = decode([t.id]);
      if (!decoded.includes('\ufffd')) {
        expect(t.text).toBe(decoded);
        whole++;
      }
    }
    expect(whole).toBeGreaterThan(view.count / 2);
  });

  it('keeps a character split across tokens whole on its first token, and ids in BPE order', () => {
    // An emoji with a skin tone is 8 UTF-8 bytes: the BPE cuts it into byte tokens.
    const s = '👍🏽';
    const view = tokenize(s);
    expect(view.count).toBeGreaterThan(1);
    expect(view.tokens.map((t) => t.text).join('')).toBe(s);
    expect(view.tokens.some((t) => t.text === '')).toBe(true);
    expect(view.tokens[0].text.length).toBeGreaterThan(0);
    expect(decode(view.tokens.map((t) => t.id))).toBe(s);
  });

  it('reports code points, not UTF-16 units, as characters', () => {
    expect(tokenize('a👍b').characters).toBe(3);
    expect(tokenize('é').characters).toBe(1);
  });

  it('truncates the token list to max but still counts everything', () => {
    const s = 'one two three four five six seven eight nine ten '.repeat(20);
    const view = tokenize(s, { max: 7 });
    expect(view.truncated).toBe(true);
    expect(view.tokens).toHaveLength(7);
    expect(view.count).toBe(countTokens(s));
    expect(s.startsWith(view.tokens.map((t) => t.text).join(''))).toBe(true);
  });

  it('matches the API contract', () => {
    const view = tokenize(SAMPLES[2]);
    expect(TokenViewSchema.parse(view)).toEqual(view);
    expect(view.tokenizer).toBe(TOKENIZER_NAME);
  });
});
