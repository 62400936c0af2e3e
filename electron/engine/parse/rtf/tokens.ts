// The RTF bytes as rtf-stream-parser's tokens: group starts and ends, control words and symbols, text runs.
import { Tokenize } from 'rtf-stream-parser';

/** The tokenizer's token kinds (a const enum in its typings, so not importable as values). */
export const GROUP_START = 0;
export const GROUP_END = 1;
export const CONTROL = 2;
export const TEXT = 3;

export interface Token {
  type: number;
  word?: string;
  param?: number;
  data?: Buffer;
}

/**
 * Line breaks inside long hex runs (pictures, object data) removed. RTF ignores them, but the tokenizer grows
 * its text token with a copy at each line, which is quadratic over a picture of a few megabytes. Sixteen hex
 * digits on both sides guarantee the break is not the end of a control word, whose end it would change.
 */
export function withoutHexLineBreaks(buffer: Buffer): Buffer {
  const latin1 = buffer.toString('latin1');
  const joined = latin1.replace(/(?<=[0-9a-fA-F]{16})\r?\n(?=[0-9a-fA-F]{16})/g, '');
  return joined.length === latin1.length ? buffer : Buffer.from(joined, 'latin1');
}

/** All tokens of the document, by driving the tokenizer's transform synchronously (as deEncapsulateSync does). */
export function tokenize(buffer: Buffer): Token[] {
  const tokens: Token[] = [];
  const tokenizer = new Tokenize();
  tokenizer.push = (token: Token) => {
    tokens.push(token);
    return true;
  };
  const rethrow = (err?: unknown) => {
    if (err) throw err;
  };
  tokenizer._transform(buffer, 'buffer', rethrow);
  tokenizer._flush(rethrow);
  return tokens;
}
