// Source code and configuration files: the file's own text (line ends normalised), cut into 'code' blocks at
// its top-level structure so that a search hit shows a whole function or class, indentation intact. Nothing is
// added to the text (no labels), so offsets point at the file's own characters.
//
// The cut is by layout, not by parsing, so one reader serves every language: a line at column 0 that opens a
// definition (def, class, function, fn, func, a C-style signature, CREATE TABLE…) starts a block together with
// the comments, docstring markers, decorators and attributes right above it; other top-level code is grouped by
// blank lines. Indented lines, and closers at column 0 (`}`, `end`, an Allman `{`), always continue the block
// they follow, so a definition is never cut unless it is very long (then at blank lines inside it).
import type { ParsedDocument } from '../types';
import { DocumentBuilder } from './builder';
import { decodeTextFile } from './text-input';

/**
 * About 1,500 tokens of code (~4 characters per token): a definition longer than this is cut at blank lines
 * inside it. Counted in characters, not tokens, so the worker does not load the tokenizer.
 */
export const MAX_DEFINITION_CHARS = 6000;

const MODIFIERS =
  '(?:(?:export|default|public|private|protected|internal|static|final|abstract|async|override|virtual|inline|extern|unsafe|pub(?:\\([^)]*\\))?|const|open|sealed|data|suspend|synchronized|partial|declare|template\\s*<[^>]*>)\\s+)*';
const KEYWORDS =
  '(?:function\\*?|def|class|interface|enum|struct|trait|impl|fn|func|fun|type|module|namespace|object|record|union|macro_rules!|mod|sub|proc|defn|defun|defmacro|message|service|resource)\\b';

/** Line starts that open a definition at column 0. */
const DEFINITION_STARTS: RegExp[] = [
  // Keyword definitions: Python, JS/TS, Go, Rust, Kotlin, Swift, Ruby, PHP, Perl, Elixir, Lisps, protobuf, Terraform.
  new RegExp(`^\\(?${MODIFIERS}${KEYWORDS}`),
  // JS/TS functions held in a binding: const f = (…) =>, const f = async function, let g = x =>.
  /^(?:export\s+)?(?:const|let|var)\s+[\w$]+\s*(?::[^=]+)?=\s*(?:async\s*)?(?:function\b|\(|[\w$]+\s*=>)/,
  // C, C++, Java, C#: a return type, then a name and an opening parenthesis, not ending as a declaration (;).
  /^[A-Za-z_][\w\s*&:<>,[\]]*[\s*&]~?[A-Za-z_][\w:]*\s*\([^;]*$/,
  // Shell functions: name() { … }.
  /^[\w.-]+\s*\(\)\s*(?:\{|$)/,
  // SQL statements (not BEGIN/DECLARE: they sit at column 0 inside procedure bodies).
  /^(?:create|alter|drop|insert|update|delete|select|with|grant|revoke|comment\s+on)\b/i,
];

/** Column-0 lines that close or continue the construct above them rather than starting a new one. */
const CONTINUATION = /^(?:[}\])]|\{\s*$|end\b|else\b|elif\b|elsif\b|except\b|finally\b|catch\b|\*\/)/;

/**
 * Column-0 lines that belong to the definition below them: comments (//, /*, #, --, ;, %) and the ` * ` lines
 * of a block comment, decorators and annotations (@), attributes (#[…], […]). Preprocessor lines are not
 * comments, and an indented comment is the end of the definition above, not the start of the next one.
 */
const LEADING_TRIVIA =
  /^(?:\/\/|\/\*|\s*\*|--|;|%|@|\[|#(?!\s*(?:include|define|undef|if|ifdef|ifndef|elif|else|endif|pragma|import)\b))/;

const BLANK = /^\s*$/;

export async function parseCode(bytes: Uint8Array): Promise<ParsedDocument> {
  const decoded = decodeTextFile(bytes, 'This source file');
  const builder = new DocumentBuilder('code');
  if (decoded.guessed) builder.flag('encoding-guessed');
  const lines = decoded.text.replace(/\r\n?/g, '\n').split('\n');
  for (const block of codeBlocks(lines, MAX_DEFINITION_CHARS)) builder.addBlock('code', block);
  return builder.build();
}

/** The file's lines grouped into blocks of text (see the file comment); blank lines between blocks dropped. */
export function codeBlocks(lines: string[], maxChars: number): string[] {
  const starts = blockStarts(lines);
  const blocks: string[] = [];
  for (let k = 0; k < starts.length; k++) {
    const segment = lines.slice(starts[k], k + 1 < starts.length ? starts[k + 1] : lines.length);
    blocks.push(...splitLongSegment(segment, maxChars));
  }
  return blocks;
}

/** Indices of the lines that start a block: definition heads, and top-level lines after a blank line. */
function blockStarts(lines: string[]): number[] {
  const heads = new Set(definitionHeads(lines));
  const starts: number[] = [];
  let previousBlank = true;
  lines.forEach((line, i) => {
    const blank = BLANK.test(line);
    if (!blank && (heads.has(i) || (previousBlank && isTopLevel(line)))) starts.push(i);
    previousBlank = blank;
  });
  if (starts[0] !== 0) starts.unshift(0); // indented text or blank lines before the first start
  return starts;
}

function isTopLevel(line: string): boolean {
  return /^\S/.test(line) && !CONTINUATION.test(line);
}

function isDefinition(line: string): boolean {
  return /^\S/.test(line) && DEFINITION_STARTS.some((re) => re.test(line));
}

/** For each definition, the first line of the comments and decorators directly above it (or the line itself). */
function definitionHeads(lines: string[]): number[] {
  const heads: number[] = [];
  lines.forEach((line, i) => {
    if (!isDefinition(line)) return;
    let head = i;
    while (head > 0 && LEADING_TRIVIA.test(lines[head - 1]) && !isDefinition(lines[head - 1])) head--;
    heads.push(head);
  });
  return heads;
}

/** A segment as one block, or, when longer than maxChars, cut at its blank lines into pieces up to maxChars. */
function splitLongSegment(segment: string[], maxChars: number): string[] {
  const text = segment.join('\n');
  if (text.length <= maxChars) return [text];
  const pieces: string[] = [];
  let current: string[] = [];
  let currentChars = 0;
  for (const paragraph of blankSeparated(segment)) {
    const chars = paragraph.join('\n').length;
    if (current.length > 0 && currentChars + chars > maxChars) {
      pieces.push(current.join('\n'));
      current = [];
      currentChars = 0;
    }
    current.push(...paragraph);
    currentChars += chars + 1;
  }
  if (current.length > 0) pieces.push(current.join('\n'));
  return pieces;
}

/** Runs of lines separated by blank lines; each run ends with the blank lines that follow it. */
function blankSeparated(lines: string[]): string[][] {
  const runs: string[][] = [[]];
  lines.forEach((line, i) => {
    if (i > 0 && !BLANK.test(line) && BLANK.test(lines[i - 1])) runs.push([]);
    runs[runs.length - 1].push(line);
  });
  return runs;
}
