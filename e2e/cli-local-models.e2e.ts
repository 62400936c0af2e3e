// Local models through the built `lucarne` command (bin/lucarne.js), as a user runs it: the tiny GGUF models
// found through LUCARNE_MODEL_DIRS, a library re-embedded with one by `index --provider local`, searched and
// asked with it, a search model other than the library's refused with the re-embed hint; answers from the
// fake Ollama and OpenAI-compatible servers (started here: the real protocols on 127.0.0.1); and `eval` on a
// small generated BEIR set with the GGUF embedder. The commands run as child processes, asynchronously, so
// the fake servers in this process keep answering.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeOllama, startFakeOllama } from '../test-support/fake-ollama/server';
import { type FakeOpenAI, startFakeOpenAI } from '../test-support/fake-openai/server';
import { repoRoot } from './test-support/harness';

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
  /** From the last output to the exit (what a process still holding a model process waits for). */
  lingerMs: number;
}

let root: string;
let data: string;
let docs: string;
let models: string;
let ollama: FakeOllama;
let openai: FakeOpenAI;

function lucarne(...args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(repoRoot, 'bin', 'lucarne.js'), ...args], {
      cwd: repoRoot,
      env: { ...process.env, LUCARNE_MODEL_DIRS: models, LUCARNE_LLAMA_GPU: '0', HOME: root },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let lastOutput = performance.now();
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      lastOutput = performance.now();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      lastOutput = performance.now();
    });
    child.once('error', reject);
    child.once('close', (status) => resolve({ status, stdout, stderr, lingerMs: performance.now() - lastOutput }));
  });
}

/** The model the data folder records as searching the library (store meta `embedder.active`). */
function activeEmbedder(): { id: string; dim: number; spec: { kind: string } } {
  const db = new Database(join(data, 'lucarne.db'), { readonly: true, fileMustExist: true });
  try {
    const row = db.prepare("SELECT value FROM meta WHERE key = 'embedder.active'").get() as { value: string };
    return JSON.parse(row.value);
  } finally {
    db.close();
  }
}

const NOTES = [
  'The river flows past the old mill, where the miller grinds wheat into flour every morning.',
  'Tomatoes need full sun and regular watering during the summer months in the garden.',
  'The lease notice period is three months for the tenant; the deposit is 1 200 euros.',
  'The telescope on the mountain observes distant galaxies on clear winter nights.',
  'Bread dough rises faster in a warm kitchen; bake it until the crust is golden brown.',
];

/** A BEIR folder (corpus, queries, test judgements) small enough to embed with the tiny model at once. */
function writeBeir(dir: string): void {
  mkdirSync(join(dir, 'qrels'), { recursive: true });
  const corpus = NOTES.flatMap((t, i) => [
    { _id: `d${i}`, title: `Note ${i}`, text: t },
    { _id: `e${i}`, title: `Echo ${i}`, text: `${t.split(' ').reverse().join(' ')}` },
  ]);
  writeFileSync(join(dir, 'corpus.jsonl'), corpus.map((d) => JSON.stringify(d)).join('\n'));
  const queries = ['old mill wheat', 'tomatoes sun', 'lease deposit', 'telescope galaxies', 'bread crust'];
  writeFileSync(
    join(dir, 'queries.jsonl'),
    queries.map((text, i) => JSON.stringify({ _id: `q${i}`, text })).join('\n'),
  );
  writeFileSync(
    join(dir, 'qrels', 'test.tsv'),
    `query-id\tcorpus-id\tscore\n${queries.map((_q, i) => `q${i}\td${i}\t1`).join('\n')}\n`,
  );
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'lucarne-cli-local-'));
  data = join(root, 'data');
  docs = join(root, 'docs');
  models = join(root, 'models');
  mkdirSync(docs);
  mkdirSync(models);
  for (const [i, t] of NOTES.entries()) writeFileSync(join(docs, `note-${i}.txt`), `${t}\n`);
  const make = (out: string, ...flags: string[]) =>
    new Promise<void>((resolve, reject) => {
      const c = spawn(process.execPath, [join(repoRoot, 'scripts', 'make-tiny-gguf.mjs'), join(models, out), ...flags]);
      c.once('close', (code) => (code === 0 ? resolve() : reject(new Error(`make-tiny-gguf ${out}: ${code}`))));
    });
  await Promise.all([
    make('tiny-embed.gguf', '--embedding'),
    make('other-embed.gguf', '--embedding', '--seed', '7', '--name', 'other-embed'),
    make('tiny-chat-4k.gguf', '--context', '4096', '--name', 'tiny-chat-4k'),
  ]);
  writeBeir(join(root, 'beir'));
  [ollama, openai] = await Promise.all([startFakeOllama(), startFakeOpenAI()]);
});

afterAll(async () => {
  await Promise.all([ollama?.close(), openai?.close()]);
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('lucarne with local models', () => {
  it('models --json lists the tiny models LUCARNE_MODEL_DIRS points at', async () => {
    const r = await lucarne('models', '--json', '--data', data);
    expect(r.status, r.stderr).toBe(0);
    const list = JSON.parse(r.stdout) as { models: { name: string; role: string; path: string }[] };
    const byName = Object.fromEntries(list.models.map((m) => [m.name, m]));
    expect(byName['tiny-embed']).toMatchObject({ role: 'embedding', path: join(models, 'tiny-embed.gguf') });
    expect(byName['other-embed']).toMatchObject({ role: 'embedding' });
    expect(byName['tiny-chat-4k']).toMatchObject({ role: 'chat', path: join(models, 'tiny-chat-4k.gguf') });
  });

  it('index --provider local re-embeds the library with the GGUF model, which becomes its model', async () => {
    const first = await lucarne('index', docs, '--data', data, '--json');
    expect(first.status, first.stderr).toBe(0);
    expect(activeEmbedder().id).toMatch(/^offline:/);
    const r = await lucarne(
      'index',
      docs,
      '--data',
      data,
      '--provider',
      'local',
      '--embed-model',
      'tiny-embed',
      '--chat-model',
      'tiny-chat-4k',
    );
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/Re-embedded \d+ chunks: search now uses gguf:tiny-embed:/);
    const active = activeEmbedder();
    expect(active).toMatchObject({ dim: 64, spec: { kind: 'local', path: join(models, 'tiny-embed.gguf') } });
    expect(active.id).toMatch(/^gguf:tiny-embed:/);
  });

  it('search --mode vector finds passages with it', async () => {
    const r = await lucarne('search', 'bread crust kitchen', '--data', data, '--mode', 'vector', '-k', '3', '--json');
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { mode: string; hits: { path: string }[] };
    expect(out.mode).toBe('vector');
    expect(out.hits).toHaveLength(3);
  });

  it('ask --json: the GGUF chat model answers; citing nothing, it is flagged uncited', async () => {
    const r = await lucarne('ask', 'What does the telescope observe?', '--data', data, '--json');
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ provider: 'local', generator: 'gguf:tiny-chat-4k', offline: false, uncited: true });
    expect(out.text.length).toBeGreaterThan(0);
    expect(out.notes).toContain('This answer cites none of its passages: check it against the sources.');
  });

  it('ask --embed-model with a model other than the library’s: exit 2 with the re-embed hint', async () => {
    const r = await lucarne('ask', 'mill?', '--data', data, '--provider', 'local', '--embed-model', 'other-embed');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(
      /the library is searched with gguf:tiny-embed:\S+, not gguf:other-embed:\S+: re-embed it first/,
    );
    expect(r.stderr).toContain('lucarne index <folder> --provider local --embed-model other-embed');
  });

  it('ask --provider ollama --base-url: the fake Ollama answers, citing [1]', async () => {
    ollama.reset();
    const r = await lucarne(
      'ask',
      'What does the telescope observe?',
      '--data',
      data,
      '--provider',
      'ollama',
      '--base-url',
      ollama.url,
      '--chat-model',
      'llama3.2',
    );
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('[1]');
    expect(r.stdout).toMatch(/Sources:\n {2}\[1\] \S+note-\d\.txt/);
    expect(r.stderr).not.toContain('cites none');
    expect(ollama.requests.filter((q) => q.kind === 'chat')).toHaveLength(1);
    // This run only: the library's model is still the GGUF one.
    expect(activeEmbedder().id).toMatch(/^gguf:tiny-embed:/);
  });

  it('ask --provider openai-compatible --base-url: the fake server answers, citing [1]', async () => {
    const r = await lucarne(
      'ask',
      'How long is the notice period?',
      '--data',
      data,
      '--json',
      '--provider',
      'openai-compatible',
      '--base-url',
      `${openai.url}/v1`,
      '--chat-model',
      'qwen2.5-7b-instruct',
    );
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ provider: 'openai-compatible', uncited: false, invalidCitations: [] });
    expect(out.generator).toContain('qwen2.5-7b-instruct');
    expect(out.sources.length).toBeGreaterThan(0);
  });

  it('eval --beir with the GGUF embedder (vector mode) runs and reports', async () => {
    const r = await lucarne(
      'eval',
      '--beir',
      join(root, 'beir'),
      '--provider',
      'local',
      '--embed-model',
      'tiny-embed',
      '--mode',
      'vector',
      '--json',
      '--data',
      data,
    );
    expect(r.status, r.stderr).toBe(0);
    // Its model process goes with it: the command must not wait for the idle unload (60 s) to exit.
    expect(r.lingerMs).toBeLessThan(30_000);
    const out = JSON.parse(r.stdout) as {
      results: { mode: string; embedder: string; queries: number; ndcg10: number }[];
    };
    expect(out.results).toHaveLength(1);
    expect(out.results[0]).toMatchObject({ mode: 'vector', queries: 5 });
    expect(out.results[0].embedder).toMatch(/^gguf:tiny-embed:/);
    expect(out.results[0].ndcg10).toBeGreaterThanOrEqual(0);
    expect(out.results[0].ndcg10).toBeLessThanOrEqual(1);
  });
});
