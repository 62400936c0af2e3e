// Token-by-token view of a text for the UI: ids and the text each token stands for.
import { encodeBpe, isLowSurrogate, TOKENIZER_NAME, tokenByteLength } from './bpe';

export interface TokenView {
  tokenizer: string;
  count: number;
  /** Unicode code points in the input. */
  characters: number;
  tokens: { id: number; text: string }[];
  truncated: boolean;
}

export const DEFAULT_TOKEN_VIEW_MAX = 20_000;

/**
 * Tokens of `text` with their text. BPE tokens are byte sequences and may cut a multi-byte character (an emoji,
 * a CJK character) in two; such a character is shown in full on the token holding its first byte, and the tokens
 * that hold only its remaining bytes get an empty text. So no text is lost or invented: the concatenation of all
 * token texts equals the input whenever the view is not truncated.
 */
export function tokenize(text: string, opts: { max?: number } = {}): TokenView {
  const max = Math.max(0, Math.floor(opts.max ?? DEFAULT_TOKEN_VIEW_MAX));
  const ids = encodeBpe(text);
  const shown = Math.min(ids.length, max);
  const tokens: { id: number; text: string }[] = new Array(shown);
  let charPos = 0; // next character not yet given to a token
  let charByte = 0; // UTF-8 offset of the first byte of that character
  let tokenEnd = 0; // UTF-8 offset just past the current token
  for (let t = 0; t < shown; t++) {
    tokenEnd += tokenByteLength(ids[t]);
    const from = charPos;
    while (charPos < text.length && charByte < tokenEnd) {
      const c = text.charCodeAt(charPos);
      if (c < 0x80) charByte += 1;
      else if (c < 0x800) charByte += 2;
      else if (c >= 0xd800 && c <= 0xdbff && isLowSurrogate(text.charCodeAt(charPos + 1))) {
        charByte += 4;
        charPos++;
      } else charByte += 3;
      charPos++;
    }
    tokens[t] = { id: ids[t], text: text.slice(from, charPos) };
  }
  return {
    tokenizer: TOKENIZER_NAME,
    count: ids.length,
    characters: countCodePoints(text),
    tokens,
    truncated: shown < ids.length,
  };
}

function countCodePoints(text: string): number {
  let n = text.length;
  for (let i = 0; i + 1 < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && isLowSurrogate(text.charCodeAt(i + 1))) {
      n--;
      i++;
    }
  }
  return n;
}
