// Scanning temp trees laid out like LM Studio's folder, the Hugging Face cache (snapshots symlinked to blobs)
// and Ollama's store (manifests naming content-addressed blobs), with the usual debris: broken files,
// projectors, split models, symlink loops, manifests pointing nowhere.
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FoundModel, isModelFileName, scanModels } from './scan';
import { writeTinyModel } from './test-support/tiny-models';

let root: string;
let chat: string;
let embed: string;
let lmstudio: string;
let hub: string;
let ollama: string;

function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

function manifest(store: string, parts: string[], body: string): void {
  const dir = join(store, 'manifests', ...parts.slice(0, -1));
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, parts.at(-1)!), body);
}

function ollamaManifest(digest: string): string {
  return JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
    config: {
      mediaType: 'application/vnd.docker.container.image.v1+json',
      digest: `sha256:${'0'.repeat(64)}`,
      size: 10,
    },
    layers: [
      { mediaType: 'application/vnd.ollama.image.model', digest: `sha256:${digest}`, size: 1 },
      { mediaType: 'application/vnd.ollama.image.template', digest: `sha256:${'1'.repeat(64)}`, size: 1 },
    ],
  });
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'lucarne-scan-'));
  chat = writeTinyModel(join(root, 'src', 'chat.gguf'), { name: 'lms-chat' });
  embed = writeTinyModel(join(root, 'src', 'embed.gguf'), { embedding: true, name: 'bge-small-en-v1.5' });

  // LM Studio: <publisher>/<repo>/<file>.gguf
  lmstudio = join(root, 'lmstudio');
  mkdirSync(join(lmstudio, 'pub', 'repo'), { recursive: true });
  copyFileSync(chat, join(lmstudio, 'pub', 'repo', 'model-Q4_K_M.gguf'));
  copyFileSync(chat, join(lmstudio, 'pub', 'repo', 'mmproj-model-f16.gguf')); // a projector: not listed
  copyFileSync(chat, join(lmstudio, 'pub', 'repo', 'big-00001-of-00002.gguf')); // a split model: listed once
  copyFileSync(embed, join(lmstudio, 'pub', 'repo', 'big-00002-of-00002.gguf'));
  writeFileSync(join(lmstudio, 'pub', 'repo', 'README.md'), '# not a model\n');
  mkdirSync(join(lmstudio, 'broken'));
  writeFileSync(join(lmstudio, 'broken', 'half.gguf'), readFileSync(chat).subarray(0, 200_000));
  writeFileSync(join(lmstudio, 'broken', 'notes.gguf'), 'not a model');
  symlinkSync(lmstudio, join(lmstudio, 'pub', 'loop')); // a symlink loop back to the top

  // Hugging Face cache: models--org--name/{blobs/<hash>, snapshots/<rev>/<file> → ../../blobs/<hash>}
  hub = join(root, 'hub');
  const repo = join(hub, 'models--org--tiny-embed-GGUF');
  const blobHash = sha256(embed);
  mkdirSync(join(repo, 'blobs'), { recursive: true });
  copyFileSync(embed, join(repo, 'blobs', blobHash));
  for (const rev of ['a1b2c3', 'd4e5f6']) {
    mkdirSync(join(repo, 'snapshots', rev), { recursive: true });
    symlinkSync(join('..', '..', 'blobs', blobHash), join(repo, 'snapshots', rev, 'tiny-embed-q8_0.gguf'));
  }
  mkdirSync(join(repo, 'refs'));
  writeFileSync(join(repo, 'refs', 'main'), 'd4e5f6');

  // Ollama: manifests/<host>/<ns>/<model>/<tag> naming blobs/sha256-<hex>
  ollama = join(root, 'ollama');
  const digest = sha256(chat);
  mkdirSync(join(ollama, 'blobs'), { recursive: true });
  copyFileSync(chat, join(ollama, 'blobs', `sha256-${digest}`));
  manifest(ollama, ['registry.ollama.ai', 'library', 'tinychat', 'latest'], ollamaManifest(digest));
  manifest(ollama, ['registry.ollama.ai', 'library', 'tinychat', 'q8'], ollamaManifest(digest)); // same blob
  const embedDigest = sha256(embed);
  copyFileSync(embed, join(ollama, 'blobs', `sha256-${embedDigest}`));
  manifest(ollama, ['hf.co', 'someone', 'tiny-embed-gguf', 'Q8_0'], ollamaManifest(embedDigest));
  manifest(ollama, ['registry.ollama.ai', 'library', 'gone', 'latest'], ollamaManifest('f'.repeat(64)));
  manifest(ollama, ['registry.ollama.ai', 'library', 'garbled', 'latest'], '{ not json');
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const byName = (found: FoundModel[], name: string) => found.find((m) => m.name === name);

describe('scanModels', () => {
  it('lists LM Studio models once each, split models by their first part, broken files with their error', async () => {
    const found = await scanModels({ dirs: [{ path: lmstudio, source: 'lmstudio' }] });
    const names = found.map((m) => m.fileName).sort();
    expect(names).toEqual(['big-00001-of-00002.gguf', 'half.gguf', 'model-Q4_K_M.gguf', 'notes.gguf']);
    const big = found.find((m) => m.fileName.startsWith('big-'))!;
    const partBytes = statSync(chat).size + statSync(embed).size;
    expect(big.fileBytes).toBe(partBytes);
    expect(big.error).toBeNull();
    const half = found.find((m) => m.fileName === 'half.gguf')!;
    expect(half.error?.code).toBe('truncated');
    expect(half.role).toBeNull();
    expect(half.fileBytes).toBe(200_000);
    expect(found.find((m) => m.fileName === 'notes.gguf')!.error?.code).toBe('not-gguf');
    expect(found.every((m) => m.source === 'lmstudio')).toBe(true);
    const ok = found.find((m) => m.fileName === 'model-Q4_K_M.gguf')!;
    expect(ok).toMatchObject({ role: 'chat', architecture: 'llama', name: 'lms-chat', error: null });
  });

  it('finds Hugging Face snapshots through their symlinks, one entry per blob', async () => {
    const found = await scanModels({ dirs: [{ path: hub, source: 'huggingface' }] });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      fileName: 'tiny-embed-q8_0.gguf',
      role: 'embedding',
      family: 'bge-en',
      source: 'huggingface',
      error: null,
    });
    expect(found[0].path).toContain(join('snapshots', 'a1b2c3'));
  });

  it("names Ollama's blobs model:tag from the manifests, and lists broken manifests with what to do", async () => {
    const found = await scanModels({ dirs: [{ path: ollama, source: 'ollama' }] });
    const tiny = byName(found, 'tinychat:latest')!;
    expect(tiny).toMatchObject({ role: 'chat', architecture: 'llama', source: 'ollama', error: null });
    expect(tiny.aliases).toEqual(['tinychat:q8']);
    expect(tiny.path).toBe(join(ollama, 'blobs', `sha256-${sha256(chat)}`));
    expect(byName(found, 'hf.co/someone/tiny-embed-gguf:Q8_0')?.role).toBe('embedding');
    const gone = byName(found, 'gone:latest')!;
    expect(gone.error?.code).toBe('unreadable');
    expect(gone.error?.message).toContain('ollama pull gone:latest');
    expect(byName(found, 'garbled:latest')?.error?.code).toBe('corrupt');
    expect(found).toHaveLength(4);
  });

  it('labels a folder the user added by what it turns out to be, and lists each real file once overall', async () => {
    const found = await scanModels({
      dirs: [ollama, { path: hub, source: 'added' }, { path: lmstudio, source: 'lmstudio' }, lmstudio],
      extraFiles: [join(lmstudio, 'pub', 'repo', 'model-Q4_K_M.gguf'), join(root, 'missing.gguf')],
    });
    expect(byName(found, 'tinychat:latest')?.source).toBe('ollama');
    expect(found.find((m) => m.fileName === 'tiny-embed-q8_0.gguf')?.source).toBe('huggingface');
    expect(found.filter((m) => m.fileName === 'model-Q4_K_M.gguf')).toHaveLength(1);
    expect(found.find((m) => m.fileName === 'missing.gguf')).toMatchObject({
      source: 'added',
      error: { code: 'unreadable' },
    });
    const reals = found.map((m) => m.path);
    expect(new Set(reals).size).toBe(reals.length);
  });

  it('skips folders that do not exist and stops when cancelled', async () => {
    expect(await scanModels({ dirs: [join(root, 'nope')] })).toEqual([]);
    const ac = new AbortController();
    ac.abort();
    await expect(scanModels({ dirs: [lmstudio], signal: ac.signal })).rejects.toThrow();
  });
});

describe('isModelFileName', () => {
  it('keeps .gguf models and first shards; drops projectors, later shards, other files', () => {
    expect(isModelFileName('Qwen2.5-1.5B-Instruct-Q4_K_M.gguf')).toBe(true);
    expect(isModelFileName('big-00001-of-00003.gguf')).toBe(true);
    expect(isModelFileName('big-00002-of-00003.gguf')).toBe(false);
    expect(isModelFileName('mmproj-model-f16.gguf')).toBe(false);
    expect(isModelFileName('llava-v1.6-mmproj.f16.gguf')).toBe(false);
    expect(isModelFileName('model.safetensors')).toBe(false);
  });
});
