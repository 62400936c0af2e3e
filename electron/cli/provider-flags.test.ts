// The CLI's provider flags turned into settings: what each flag is refused for (an unknown provider, model
// flags on offline or Gemini, an address that is not http(s), --base-url on the in-process kind), a model
// path made absolute, a model found by name among the tiny GGUFs that LUCARNE_MODEL_DIRS points at, and a
// name that matches nothing. The saved settings object is never changed in place.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Settings } from '../../shared/api';
import { writeTinyModel } from '../engine/models/test-support/tiny-models';
import { defaultSettings } from '../engine/public/data-folder';
import { parseArgs } from './args';
import { applyProviderFlags, hasProviderFlags, type ModelResolver, modelFinder } from './provider-flags';

let root: string;
let modelsDir: string;
let embedPath: string;
let chatPath: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'lucarne-provider-flags-'));
  modelsDir = join(root, 'models');
  embedPath = writeTinyModel(join(modelsDir, 'tiny-embed.gguf'), { embedding: true });
  chatPath = writeTinyModel(join(modelsDir, 'sub', 'my-chat.gguf'), { name: 'tiny-chat-4k', context: 4096 });
  // A broken file is listed with its error, never chosen by name.
  writeFileSync(join(modelsDir, 'broken.gguf'), 'not a model');
});
afterAll(() => rmSync(root, { recursive: true, force: true }));
afterEach(() => vi.unstubAllEnvs());

const nothingFound: ModelResolver = async () => null;

async function apply(argv: string[], settings: Settings = defaultSettings(), find = nothingFound) {
  return applyProviderFlags(settings, parseArgs(argv), find);
}

async function refused(argv: string[], settings?: Settings): Promise<string> {
  const r = await apply(argv, settings);
  expect(r).toBeInstanceOf(Error);
  return (r as Error).message;
}

async function applied(argv: string[], settings?: Settings, find?: ModelResolver): Promise<Settings> {
  const r = await apply(argv, settings, find);
  if (r instanceof Error) throw r;
  return r;
}

describe('applyProviderFlags: what is refused', () => {
  it('an unknown provider, or a flag without its value', async () => {
    expect(await refused(['--provider', 'openai'])).toBe(
      '--provider is one of offline, gemini, local, ollama, openai-compatible.',
    );
    expect(await refused(['--provider'])).toBe('--provider needs a value.');
    expect(await refused(['--chat-model='])).toBe('--chat-model needs a value.');
  });

  it.each(['offline', 'gemini'])('model flags with the %s provider', async (provider) => {
    for (const flag of ['--chat-model', '--embed-model', '--base-url']) {
      const message = await refused(['--provider', provider, flag, 'http://127.0.0.1:1']);
      expect(message).toBe(
        `--chat-model, --embed-model and --base-url are for --provider local, ollama or openai-compatible (the provider is ${provider}).`,
      );
    }
  });

  it('model flags when the saved provider is offline and no --provider is given', async () => {
    expect(await refused(['--embed-model', 'x'])).toMatch(/\(the provider is offline\)/);
  });

  it('an address that is not http(s), and --base-url for the in-process kind', async () => {
    for (const url of ['not a url', 'ftp://127.0.0.1/models', 'file:///tmp/x', '127.0.0.1:11434']) {
      expect(await refused(['--provider', 'ollama', '--base-url', url])).toBe(
        `--base-url "${url}" is not an http(s) address.`,
      );
    }
    expect(await refused(['--provider', 'local', '--base-url', 'http://127.0.0.1:1'])).toBe(
      '--base-url is for the ollama and openai-compatible providers.',
    );
  });

  it('a model name that matches no file and no listed model', async () => {
    expect(await refused(['--provider', 'local', '--chat-model', 'no-such-model'])).toBe(
      'No GGUF file or model named "no-such-model" was found (lucarne models lists them).',
    );
  });
});

describe('applyProviderFlags: what is applied', () => {
  it('a model path is made absolute', async () => {
    const rel = relative(process.cwd(), embedPath);
    expect(rel.startsWith('/')).toBe(false);
    const s = await applied(['--provider', 'local', '--embed-model', rel, '--chat-model', chatPath]);
    expect(s.provider).toBe('local');
    expect(s.localModels.gguf).toMatchObject({ embedModel: embedPath, chatModel: chatPath });
  });

  it('a name goes through the resolver; the saved settings are not changed in place', async () => {
    const saved = defaultSettings();
    const before = structuredClone(saved);
    const asked: string[] = [];
    const s = await applied(['--provider', 'local', '--chat-model', 'tiny-chat-4k'], saved, async (n) => {
      asked.push(n);
      return chatPath;
    });
    expect(asked).toEqual(['tiny-chat-4k']);
    expect(s.localModels.gguf.chatModel).toBe(chatPath);
    expect(s.localModels.gguf.embedModel).toBe('');
    expect(saved).toEqual(before);
  });

  it('server kinds keep the model name as it is and take the address', async () => {
    const o = await applied(['--provider', 'ollama', '--chat-model', 'llama3.2', '--base-url', 'http://127.0.0.1:5']);
    expect(o.localModels.ollama).toEqual({ baseUrl: 'http://127.0.0.1:5', chatModel: 'llama3.2', embedModel: '' });
    const oa = await applied([
      '--provider',
      'openai-compatible',
      '--embed-model',
      'bge',
      '--base-url',
      'http://localhost:1/v1',
    ]);
    expect(oa.localModels.openai).toMatchObject({ baseUrl: 'http://localhost:1/v1', embedModel: 'bge', chatModel: '' });
    // Nothing of the other kinds changed.
    expect(oa.localModels.ollama).toEqual(defaultSettings().localModels.ollama);
  });

  it('the saved provider stands when --provider is absent', async () => {
    const saved = { ...defaultSettings(), provider: 'ollama' as const };
    const s = await applied(['--embed-model', 'all-minilm'], saved);
    expect(s.provider).toBe('ollama');
    expect(s.localModels.ollama.embedModel).toBe('all-minilm');
    expect(await applied(['--provider', 'gemini'], saved)).toMatchObject({ provider: 'gemini' });
  });

  it('hasProviderFlags says whether the run names a provider or a model at all', () => {
    expect(hasProviderFlags(parseArgs(['q', '--json']))).toBe(false);
    expect(hasProviderFlags(parseArgs(['q', '--base-url', 'http://x']))).toBe(true);
  });
});

describe('modelFinder: names among the models LUCARNE_MODEL_DIRS points at', () => {
  it('finds a model by its name, its file name (with or without .gguf), whatever the case', async () => {
    vi.stubEnv('LUCARNE_MODEL_DIRS', modelsDir);
    const find = modelFinder(join(root, 'data'));
    expect(await find('tiny-embed')).toBe(embedPath);
    expect(await find('tiny-chat-4k')).toBe(chatPath);
    expect(await find('my-chat')).toBe(chatPath);
    expect(await find('MY-CHAT.gguf')).toBe(chatPath);
    expect(await find('broken')).toBeNull();
    expect(await find('elsewhere')).toBeNull();
  });

  it('through applyProviderFlags: a name becomes the file’s absolute path; an unknown one is an error', async () => {
    vi.stubEnv('LUCARNE_MODEL_DIRS', modelsDir);
    const find = modelFinder(join(root, 'data'));
    const s = await applied(
      ['--provider', 'local', '--embed-model', 'tiny-embed', '--chat-model', 'tiny-chat-4k'],
      undefined,
      find,
    );
    expect(s.localModels.gguf).toMatchObject({ embedModel: embedPath, chatModel: chatPath });
    const r = await apply(['--provider', 'local', '--embed-model', 'bge-small'], undefined, find);
    expect((r as Error).message).toMatch(/No GGUF file or model named "bge-small"/);
  });

  it('finds nothing when LUCARNE_MODEL_DIRS points elsewhere', async () => {
    vi.stubEnv('LUCARNE_MODEL_DIRS', join(root, 'empty'));
    expect(await modelFinder(join(root, 'data'))('tiny-embed')).toBeNull();
  });
});
