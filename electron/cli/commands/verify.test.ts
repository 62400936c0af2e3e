// `lucarne verify`: in-process with a given stdin (JSON, JSON lines, text, bad input), and once for real as a
// child process reading its standard input.
import { execFile } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseArgs } from '../args';
import { run } from './verify';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const CLI = join(REPO, 'electron', 'cli', 'index.ts');

const SOURCES = [
  { n: 1, text: 'Apple reported net sales of $1,577 million in 2023. Sales did not decrease in Europe.' },
  { n: 2, text: 'The gross margin was 44.5 percent.' },
];
const INPUT = {
  answer:
    'Here is what I found:\nApple reported net sales of $1.58 billion in 2023 [1]. The gross margin was 47 percent [2].',
  sources: SOURCES,
};

async function verify(argv: string[], stdin: string): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => {
    out += d;
  });
  stderr.on('data', (d) => {
    err += d;
  });
  const code = await run(parseArgs(argv), { stdout, stderr, isTTY: false, stdin: Readable.from([stdin]) });
  return { code, out, err };
}

describe('lucarne verify', () => {
  it('--json: each sentence with its citations, label, span and what was not found', async () => {
    const { code, out } = await verify(['--json'], JSON.stringify(INPUT));
    expect(code).toBe(0);
    const r = JSON.parse(out) as {
      sentences: { text: string; citations: number[]; support: string; span: unknown; missing: string[] }[];
    };
    expect(r.sentences.map((s) => [s.support, s.citations, s.missing])).toEqual([
      ['no-claim', [], []],
      ['supported', [1], []],
      ['not-supported', [2], ['47 percent']],
    ]);
    expect(r.sentences[1].span).toEqual({ n: 1, start: 0, end: SOURCES[0].text.indexOf(' Sales') });
    expect(r.sentences[2].span).toEqual({ n: 2, start: 0, end: SOURCES[1].text.length });
  });

  it('--jsonl: one result per input line, blank lines skipped', async () => {
    const second = { answer: 'Sales did not decrease in Europe [1].', sources: SOURCES, language: 'en' };
    const { code, out } = await verify(['--jsonl'], `${JSON.stringify(INPUT)}\n\n${JSON.stringify(second)}\n`);
    expect(code).toBe(0);
    const lines = out.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(JSON.parse(lines[1]).sentences[0].support).toBe('supported');
  });

  it('prints a readable report without --json', async () => {
    const { code, out } = await verify([], JSON.stringify(INPUT));
    expect(code).toBe(0);
    expect(out).toContain('✗ not-supported');
    expect(out).toContain('not found: 47 percent');
    expect(out).toContain('[1] Apple reported net sales of $1,577 million in 2023.');
    expect(out).toContain('1 of 2 sentence(s) supported.');
  });

  it('says what is wrong with bad input and exits 2', async () => {
    const cases: [string[], string, RegExp][] = [
      [['--json'], '', /nothing on standard input/],
      [['--json'], '{"answer": 1, "sources": []}', /"answer" must be a string/],
      [['--json'], '{"answer": "x"}', /"sources" must be an array/],
      [['--json'], '{"answer": "x", "sources": [{"n": "1", "text": "t"}]}', /sources\[0\] must be/],
      [['--json'], '{"answer": "x", "sources": [{"n": 1, "text": "a"}, {"n": 1, "text": "b"}]}', /given twice/],
      [['--json'], 'answer: x', /not JSON/],
      [['--jsonl'], `${JSON.stringify(INPUT)}\n[1, 2]\n`, /line 2: expected an object/],
      [['extra'], JSON.stringify(INPUT), /unexpected argument "extra"/],
    ];
    for (const [argv, stdin, message] of cases) {
      const { code, err } = await verify(argv, stdin);
      expect(code, stdin).toBe(2);
      expect(err).toMatch(message);
    }
  });

  it('runs as a command reading its standard input', async () => {
    const out = await new Promise<string>((done, fail) => {
      const child = execFile('npx', ['tsx', CLI, 'verify', '--json'], { cwd: REPO }, (error, stdout, stderr) =>
        error ? fail(new Error(`${error.message}\n${stderr}`)) : done(stdout),
      );
      child.stdin?.end(JSON.stringify(INPUT));
    });
    expect((JSON.parse(out) as { sentences: { support: string }[] }).sentences.map((s) => s.support)).toEqual([
      'no-claim',
      'supported',
      'not-supported',
    ]);
  }, 30_000);
});
