// `lucarne verify`: checks a written answer against the passages it cites, with no library and no model.
// Reads {"answer": "...", "sources": [{"n": 1, "text": "..."}], "language"?: "fr"|"en"} on standard input;
// prints each sentence with its label (supported, partly-supported, not-supported, no-claim), the span of
// the source that supports it and what was not found. --json prints {"sentences": [...]}; --jsonl reads one
// such object per line and prints one result per line, for batches. Bad input: a message and exit code 2.
import { type VerifyResult, type VerifySource, verifyAnswer } from '../../engine/public/verify';
import type { ParsedArgs } from '../args';
import type { CommandIo } from '../command';
import { usageError } from '../usage';

/** The streams of a command, with the input it reads (process.stdin unless a test passes its own). */
export type VerifyIo = CommandIo & { stdin?: NodeJS.ReadableStream & { isTTY?: boolean } };

interface VerifyInput {
  answer: string;
  sources: VerifySource[];
  language?: 'fr' | 'en';
}

class InputError extends Error {}

/** The checked input, or an InputError saying what is wrong with it. */
export function parseInput(text: string): VerifyInput {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new InputError(`not JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new InputError('expected an object {"answer": "...", "sources": [{"n": 1, "text": "..."}]}');
  const o = value as Record<string, unknown>;
  if (typeof o.answer !== 'string') throw new InputError('"answer" must be a string');
  if (!Array.isArray(o.sources)) throw new InputError('"sources" must be an array of {"n": number, "text": string}');
  const sources = o.sources.map((s, i): VerifySource => {
    const src = s as Record<string, unknown> | null;
    if (typeof src !== 'object' || src === null || !Number.isInteger(src.n) || typeof src.text !== 'string')
      throw new InputError(`sources[${i}] must be {"n": integer, "text": string}`);
    return { n: src.n as number, text: src.text };
  });
  const ns = sources.map((s) => s.n);
  const dup = ns.find((n, i) => ns.indexOf(n) !== i);
  if (dup !== undefined) throw new InputError(`source number ${dup} is given twice`);
  if (o.language !== undefined && o.language !== 'fr' && o.language !== 'en')
    throw new InputError('"language" must be "fr" or "en"');
  return { answer: o.answer, sources, language: o.language as 'fr' | 'en' | undefined };
}

/** The machine-readable result: the fields plus what was missing, offsets included. */
function toJson(r: VerifyResult): object {
  return {
    sentences: r.sentences.map((s) => ({
      text: s.text,
      start: s.start,
      end: s.end,
      citations: s.citations,
      support: s.support,
      span: s.span,
      missing: s.missing,
    })),
  };
}

const MARK: Record<string, string> = {
  supported: '✓',
  'partly-supported': '~',
  'not-supported': '✗',
  'no-claim': '·',
};

function formatText(r: VerifyResult, sources: VerifySource[]): string {
  const out: string[] = [];
  for (const s of r.sentences) {
    out.push(`${MARK[s.support]} ${s.support.padEnd(16)} ${s.text}`);
    if (s.span) {
      const text = sources.find((x) => x.n === s.span?.n)?.text ?? '';
      out.push(`    [${s.span.n}] ${text.slice(s.span.start, s.span.end).replace(/\s+/g, ' ')}`);
    }
    if (s.missing.length) out.push(`    not found: ${s.missing.join(', ')}`);
  }
  const claims = r.sentences.filter((s) => s.support !== 'no-claim');
  const supported = claims.filter((s) => s.support === 'supported').length;
  out.push('', `${supported} of ${claims.length} sentence(s) supported.`);
  return `${out.join('\n')}\n`;
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

export async function run(args: ParsedArgs, io: VerifyIo): Promise<number> {
  const stdin = io.stdin ?? process.stdin;
  if (args.positionals.length > 0) {
    io.stderr.write(usageError('verify', `unexpected argument "${args.positionals[0]}".`));
    return 2;
  }
  if (stdin.isTTY) {
    io.stderr.write(usageError('verify', 'the answer and its sources are read on standard input (JSON).'));
    return 2;
  }
  const text = await readAll(stdin);
  const check = (input: VerifyInput) => verifyAnswer(input.answer, input.sources, { language: input.language });
  if (args.flags.jsonl !== undefined) {
    const lines = text.split('\n');
    for (const [i, line] of lines.entries()) {
      if (line.trim() === '') continue;
      let input: VerifyInput;
      try {
        input = parseInput(line);
      } catch (err) {
        if (!(err instanceof InputError)) throw err;
        io.stderr.write(`lucarne verify: line ${i + 1}: ${err.message}\n`);
        return 2;
      }
      io.stdout.write(`${JSON.stringify(toJson(check(input)))}\n`);
    }
    return 0;
  }
  if (text.trim() === '') {
    io.stderr.write(usageError('verify', 'nothing on standard input.'));
    return 2;
  }
  let input: VerifyInput;
  try {
    input = parseInput(text);
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    io.stderr.write(`lucarne verify: ${err.message}\n`);
    return 2;
  }
  const result = check(input);
  io.stdout.write(
    args.flags.json === true ? `${JSON.stringify(toJson(result), null, 2)}\n` : formatText(result, input.sources),
  );
  return 0;
}
