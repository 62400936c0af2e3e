// The one BPE every budget in the engine is measured with.
//
// o200k_base (GPT-4o's encoding) rather than cl100k_base: its 200k vocabulary is multilingual, so for French,
// Japanese or Arabic text its counts sit much closer to Gemini's SentencePiece tokenizer (256k vocabulary) than
// cl100k's, which over-counts non-Latin scripts 1.4–2.4× (measured: a 39-char Japanese sentence is 28 tokens in
// o200k, 38 in cl100k; a 64-char Arabic sentence 20 vs 47). The price is a one-time load (~0.2 s) and ~1.5× slower
// counting than cl100k, still ~1.3 MB/s of text, which is fast enough to count every chunk exactly.
//
// Gemini counts are estimated with this BPE too (no Gemini tokenizer is installed; its SDK's local tokenizer
// downloads a model): the exact count comes back in the response's usageMetadata.
import bpeRanks from 'gpt-tokenizer/bpeRanks/o200k_base';
import { countTokens as countO200k, encode as encodeO200k } from 'gpt-tokenizer/encoding/o200k_base';

export const TOKENIZER_NAME = 'o200k_base';

// Documents are data, not prompts: a literal "<|endoftext|>" in a file is ordinary text. The library's default
// would throw on it; an empty disallow list makes it tokenize like any other characters.
const PLAIN_TEXT = { disallowedSpecial: new Set<string>() };

export function countBpe(text: string): number {
  return text.length === 0 ? 0 : countO200k(text, PLAIN_TEXT);
}

export function encodeBpe(text: string): number[] {
  return text.length === 0 ? [] : encodeO200k(text, PLAIN_TEXT);
}

/** UTF-8 length of one token's bytes (ranks are stored as a string when valid UTF-8, else as raw bytes). */
export function tokenByteLength(id: number): number {
  const entry = bpeRanks[id];
  if (entry === undefined) throw new Error(`token ${id} is not in ${TOKENIZER_NAME}`);
  return typeof entry === 'string' ? utf8Length(entry) : entry.length;
}

export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && isLowSurrogate(s.charCodeAt(i + 1))) {
      n += 4;
      i++;
    } else n += 3; // BMP, and lone surrogates (TextEncoder writes U+FFFD, 3 bytes)
  }
  return n;
}

export function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}
