// `lucarne models`: in-process through listModels (a temp folder as the only model folder), and for real as a
// child process (`tsx electron/cli/index.ts models`) with LUCARNE_MODEL_DIRS pointing at the temp folder.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeTinyModel } from '../../engine/models/test-support/tiny-models';
import { listModels, type ModelsJson } from '../../engine/public/models';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const CLI = join(REPO, 'electron', 'cli', 'index.ts');

let root: string;
let models: string;
let data: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'lucarne-models-cli-'));
  models = join(root, 'models');
  data = join(root, 'data');
  writeTinyModel(join(models, 'chat.gguf'));
  writeTinyModel(join(models, 'sub', 'embed.gguf'), { embedding: true, name: 'multilingual-e5-small' });
  writeFileSync(join(models, 'half.gguf'), readFileSync(join(models, 'chat.gguf')).subarray(0, 50_000));
  // A model in Lucarne's own folder (where downloads go).
  writeTinyModel(join(data, 'models', 'downloaded.gguf'), { name: 'downloaded' });
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('lucarne models', () => {
  it("lists Lucarne's folder and the LUCARNE_MODEL_DIRS folders, with roles, sizes and memory", async () => {
    const report = await listModels({
      dataDir: data,
      env: { LUCARNE_MODEL_DIRS: models },
      home: join(root, 'home'),
      platform: 'linux',
      freeMemory: () => 8e9,
    });
    expect(report.folders.map((f) => [f.source, f.exists])).toEqual([
      ['lucarne', true],
      ['added', true],
    ]);
    const by = Object.fromEntries(report.models.map((m) => [m.name, m]));
    expect(Object.keys(by).sort()).toEqual(['downloaded', 'half', 'multilingual-e5-small', 'tiny-chat']);
    expect(by.downloaded.source).toBe('lucarne');
    expect(by['tiny-chat']).toMatchObject({
      role: 'chat',
      architecture: 'llama',
      contextLength: 512,
      embeddingLength: 64,
    });
    expect(by['multilingual-e5-small']).toMatchObject({ role: 'embedding', family: 'multilingual-e5' });
    expect(by['tiny-chat'].memory).toMatchObject({ fitsFreeMemory: true, freeBytes: 8e9 });
    expect(by.half.error?.code).toBe('truncated');
    expect(by.half.memory).toBeNull();
  });

  it('runs as a command: --json output, then the table', async () => {
    const run = promisify(execFile);
    const env = { ...process.env, LUCARNE_MODEL_DIRS: models, LUCARNE_DATA: data, HOME: join(root, 'home') };
    const json = await run(process.execPath, ['--import', 'tsx', CLI, 'models', '--json'], { env, cwd: REPO });
    const report = JSON.parse(json.stdout) as ModelsJson;
    expect(report.version).toBe(1);
    expect(report.models.map((m) => m.name).sort()).toEqual([
      'downloaded',
      'half',
      'multilingual-e5-small',
      'tiny-chat',
    ]);

    const extra = join(root, 'picked');
    mkdirSync(extra);
    writeFileSync(join(extra, 'not-a-model.gguf'), 'hello');
    const table = await run(
      process.execPath,
      ['--import', 'tsx', CLI, 'models', '--dir', extra, join(models, 'chat.gguf')],
      {
        env: { ...env, LUCARNE_MODEL_DIRS: join(root, 'empty') },
        cwd: REPO,
      },
    );
    expect(table.stdout).toMatch(/^NAME\s+ROLE\s+ARCH/);
    expect(table.stdout).toMatch(/tiny-chat\s+chat\s+llama/);
    expect(table.stdout).toContain('not a GGUF model file');
    expect(table.stdout).toMatch(/3 model\(s\)/);
  });
});
