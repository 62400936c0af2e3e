// `lucarne ask` with the citation check (#16), against the fake Gemini server scripted to write an answer with
// a wrong figure and a wrong citation: --json carries every sentence with its label, span, what was not found
// and the corrected citation; the text output ends with the one-line summary and the correction.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeGemini, startFakeGemini } from '../../../test-support/fake-gemini/server';
import { passageOf } from '../../../test-support/planted-answers';
import { openLibrary, parseInProcess } from '../../engine/public/pipeline';
import { parseArgs } from '../args';
import { type AskJson, run } from './ask';

const STAFF = 'The company employed 312 people at the end of 2023. Most of them work in Lyon.';
const QUESTION = 'What was net revenue in 2023 and how many people did the company employ at the end of 2023?';

function capture() {
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
  return { io: { stdout, stderr, isTTY: false }, out: () => out, err: () => err };
}

let root: string;
let data: string;
let fake: FakeGemini;
const numbers = { results: 0, staff: 0 };
const saved = { key: process.env.GEMINI_API_KEY, url: process.env.GEMINI_BASE_URL };

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'lucarne-ask-check-'));
  const docs = join(root, 'docs');
  mkdirSync(docs);
  writeFileSync(
    join(docs, 'results.md'),
    '# Results\n\nNet revenue was $4.2 million in 2023, up from $3.9 million in 2022. The board approved a dividend of 12 cents per share.\n',
  );
  writeFileSync(join(docs, 'staff.md'), `# Staff\n\n${STAFF}\n`);
  data = join(root, 'data');
  const lib = await openLibrary(data, { library: { parse: parseInProcess, watch: false } });
  await lib.library.addFolder(docs);
  await lib.library.start({ watch: false });
  await lib.library.whenIdle();
  await lib.close();
  fake = await startFakeGemini({
    apiKey: 'test-key',
    answer: ({ prompt }) => {
      numbers.results = passageOf(prompt, 'Net revenue was');
      numbers.staff = passageOf(prompt, 'The company employed');
      const r = numbers.results;
      return `Net revenue was $4.7 million in 2023 [${r}]. The company employed 312 people at the end of 2023 [${r}].`;
    },
  });
  process.env.GEMINI_API_KEY = 'test-key';
  process.env.GEMINI_BASE_URL = fake.url;
}, 60_000);

afterAll(async () => {
  for (const [name, value] of [
    ['GEMINI_API_KEY', saved.key],
    ['GEMINI_BASE_URL', saved.url],
  ] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  await fake?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('lucarne ask: the citation check', () => {
  it('--json: each sentence labelled, with its span, what was missing and the corrected citation', async () => {
    const c = capture();
    expect(await run(parseArgs([QUESTION, '--data', data, '--provider', 'gemini', '--json']), c.io)).toBe(0);
    const out = JSON.parse(c.out()) as AskJson;
    const { results, staff } = numbers;
    expect(results).not.toBe(staff);
    expect(out.text).toBe(
      `Net revenue was $4.7 million in 2023 [${results}]. The company employed 312 people at the end of 2023 [${staff}].`,
    );
    expect(out.sentences?.map((s) => s.support)).toEqual(['not-supported', 'supported']);
    const [wrongFigure, wrongCitation] = out.sentences ?? [];
    expect(wrongFigure).toMatchObject({ citations: [results], missing: ['$4.7 million'] });
    expect(wrongFigure.span?.n).toBe(results);
    expect(wrongCitation).toMatchObject({
      citations: [staff],
      missing: [],
      repaired: { from: [results], to: [staff] },
    });
    const span = wrongCitation.span;
    expect((span?.charEnd ?? 0) - (span?.charStart ?? 0)).toBe(STAFF.indexOf(' Most'));
    expect(out.sources.map((s) => s.n).sort()).toEqual([results, staff].sort());
  });

  it('text: a one-line summary of the check and the corrected citation, on stderr after the sources', async () => {
    const c = capture();
    expect(await run(parseArgs([QUESTION, '--data', data, '--provider', 'gemini']), c.io)).toBe(0);
    const { results, staff } = numbers;
    expect(c.err()).toBe(
      `Check: 1 of 2 sentences supported; 1 not supported: "Net revenue was $4.7 million in 2023 [${results}]." ($4.7 million not in [${results}]).\n` +
        `Corrected citation: [${results}] → [${staff}] in "The company employed 312 people at the end of 2023 [${staff}]."\n`,
    );
  });

  it('the offline answer carries no check (quoted verbatim)', async () => {
    const c = capture();
    expect(await run(parseArgs([QUESTION, '--data', data, '--provider', 'offline', '--json']), c.io)).toBe(0);
    expect((JSON.parse(c.out()) as AskJson).sentences).toBeNull();
  });
});
