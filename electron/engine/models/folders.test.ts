// The well-known model folders on each OS, computed from (platform, home, env) alone, and the
// LUCARNE_MODEL_DIRS override.
import { describe, expect, it } from 'vitest';
import { lucarneModelsDir, type ModelFolder, modelDirsOverride, modelFolders, wellKnownModelFolders } from './folders';

const paths = (fs: ModelFolder[], source: ModelFolder['source']) =>
  fs.filter((f) => f.source === source).map((f) => f.path);

describe('wellKnownModelFolders', () => {
  it('Linux: LM Studio, GPT4All, Jan, Ollama (user and service), Hugging Face', () => {
    const f = wellKnownModelFolders({ platform: 'linux', home: '/home/ana', env: {} });
    expect(paths(f, 'lmstudio')).toEqual(['/home/ana/.lmstudio/models', '/home/ana/.cache/lm-studio/models']);
    expect(paths(f, 'gpt4all')).toEqual(['/home/ana/.local/share/nomic.ai/GPT4All']);
    expect(paths(f, 'jan')).toEqual(['/home/ana/jan/models', '/home/ana/.config/Jan/data/models']);
    expect(paths(f, 'ollama')).toEqual(['/home/ana/.ollama/models', '/usr/share/ollama/.ollama/models']);
    expect(paths(f, 'huggingface')).toEqual(['/home/ana/.cache/huggingface/hub']);
  });

  it('Linux honours the XDG folders', () => {
    const f = wellKnownModelFolders({
      platform: 'linux',
      home: '/home/ana',
      env: { XDG_DATA_HOME: '/d', XDG_CONFIG_HOME: '/c', XDG_CACHE_HOME: '/k' },
    });
    expect(paths(f, 'gpt4all')).toEqual(['/d/nomic.ai/GPT4All']);
    expect(paths(f, 'jan')).toContain('/c/Jan/data/models');
    expect(paths(f, 'huggingface')).toEqual(['/k/huggingface/hub']);
  });

  it('macOS: Application Support for GPT4All and Jan', () => {
    const f = wellKnownModelFolders({ platform: 'darwin', home: '/Users/ana', env: {} });
    expect(paths(f, 'gpt4all')).toEqual(['/Users/ana/Library/Application Support/nomic.ai/GPT4All']);
    expect(paths(f, 'jan')).toEqual([
      '/Users/ana/jan/models',
      '/Users/ana/Library/Application Support/Jan/data/models',
    ]);
    expect(paths(f, 'ollama')).toEqual(['/Users/ana/.ollama/models']);
    expect(paths(f, 'lmstudio')[0]).toBe('/Users/ana/.lmstudio/models');
  });

  it('Windows: %LOCALAPPDATA% and %APPDATA%, backslashes', () => {
    const f = wellKnownModelFolders({
      platform: 'win32',
      home: 'C:\\Users\\Ana',
      env: { LOCALAPPDATA: 'C:\\Users\\Ana\\AppData\\Local', APPDATA: 'C:\\Users\\Ana\\AppData\\Roaming' },
    });
    expect(paths(f, 'gpt4all')).toEqual(['C:\\Users\\Ana\\AppData\\Local\\nomic.ai\\GPT4All']);
    expect(paths(f, 'jan')).toEqual([
      'C:\\Users\\Ana\\jan\\models',
      'C:\\Users\\Ana\\AppData\\Roaming\\Jan\\data\\models',
    ]);
    expect(paths(f, 'ollama')).toEqual(['C:\\Users\\Ana\\.ollama\\models']);
    expect(paths(f, 'lmstudio')).toEqual([
      'C:\\Users\\Ana\\.lmstudio\\models',
      'C:\\Users\\Ana\\.cache\\lm-studio\\models',
    ]);
    expect(paths(f, 'huggingface')).toEqual(['C:\\Users\\Ana\\.cache\\huggingface\\hub']);
  });

  it('OLLAMA_MODELS, HF_HUB_CACHE and HF_HOME move those folders', () => {
    const env = { OLLAMA_MODELS: '/big/ollama', HF_HOME: '/big/hf' };
    const f = wellKnownModelFolders({ platform: 'linux', home: '/home/ana', env });
    expect(paths(f, 'ollama')).toEqual(['/big/ollama']);
    expect(paths(f, 'huggingface')).toEqual(['/big/hf/hub']);
    const g = wellKnownModelFolders({ platform: 'linux', home: '/home/ana', env: { ...env, HF_HUB_CACHE: '/hub' } });
    expect(paths(g, 'huggingface')).toEqual(['/hub']);
  });
});

describe('modelFolders', () => {
  it("lists Lucarne's folder first, then the well-known ones, then the user's, each path once", () => {
    const f = modelFolders({
      platform: 'linux',
      home: '/home/ana',
      env: {},
      dataDir: '/home/ana/.config/Lucarne',
      added: ['/models', '/home/ana/.ollama/models'],
    });
    expect(f[0]).toEqual({ path: '/home/ana/.config/Lucarne/models', source: 'lucarne' });
    expect(f.at(-1)).toEqual({ path: '/models', source: 'added' });
    expect(f.filter((x) => x.path === '/home/ana/.ollama/models')).toEqual([
      { path: '/home/ana/.ollama/models', source: 'ollama' },
    ]);
  });

  it('LUCARNE_MODEL_DIRS replaces the well-known folders (a PATH-like list)', () => {
    const f = modelFolders({ platform: 'linux', home: '/h', env: { LUCARNE_MODEL_DIRS: '/a: /b:' }, dataDir: '/data' });
    expect(f).toEqual([
      { path: '/data/models', source: 'lucarne' },
      { path: '/a', source: 'added' },
      { path: '/b', source: 'added' },
    ]);
    expect(modelDirsOverride({ platform: 'win32', env: { LUCARNE_MODEL_DIRS: 'C:\\a;D:\\b' } })).toEqual([
      'C:\\a',
      'D:\\b',
    ]);
    expect(modelDirsOverride({ platform: 'linux', env: {} })).toBeNull();
    expect(lucarneModelsDir('C:\\Data', 'win32')).toBe('C:\\Data\\models');
  });
});
