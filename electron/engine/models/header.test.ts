// Header reading on tiny models written by scripts/make-tiny-gguf.mjs, and on the broken files users have:
// a truncated copy, something that is not a GGUF, an empty file, a missing one, a damaged header.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelFileError } from './errors';
import { readModelInfo, splitParts } from './header';
import { TINY, tinyParameterCount, writeTinyModel } from './test-support/tiny-models';

let dir: string;
let chat: string;
let embed: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'lucarne-header-'));
  chat = writeTinyModel(join(dir, 'chat.gguf'));
  embed = writeTinyModel(join(dir, 'embed.gguf'), { embedding: true });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function failure(path: string): Promise<ModelFileError> {
  const err = await readModelInfo(path).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ModelFileError);
  return err as ModelFileError;
}

describe('readModelInfo', () => {
  it('reads a chat model: architecture, sizes, parameters from the tensor shapes, the chat template', async () => {
    const info = await readModelInfo(chat);
    expect(info).toMatchObject({
      path: chat,
      fileName: 'chat.gguf',
      name: 'tiny-chat',
      architecture: 'llama',
      role: 'chat',
      hasChatTemplate: true,
      contextLength: 512,
      embeddingLength: TINY.embedding,
      quantization: 'F32',
      blockCount: TINY.blocks,
      headCount: TINY.heads,
      headCountKv: TINY.heads,
      family: null,
    });
    expect(info.parameters).toBe(tinyParameterCount());
    expect(info.fileBytes).toBe(statSync(chat).size);
  });

  it('reads an embedding model: pooling declared, no chat template', async () => {
    const info = await readModelInfo(embed);
    expect(info.role).toBe('embedding');
    expect(info.hasChatTemplate).toBe(false);
    expect(info.name).toBe('tiny-embed');
    expect(info.embeddingLength).toBe(TINY.embedding);
    expect(info.parameters).toBe(tinyParameterCount());
  });

  it('takes the context length and the name from the header, not from assumptions', async () => {
    const other = writeTinyModel(join(dir, 'other.gguf'), {
      context: 1024,
      name: 'nomic-embed-text-v1.5',
      embedding: true,
    });
    const info = await readModelInfo(other);
    expect(info.contextLength).toBe(1024);
    expect(info.name).toBe('nomic-embed-text-v1.5');
    expect(info.family).toBe('nomic-embed-text');
  });

  it('says a copy cut in the weights is truncated, with both sizes', async () => {
    const cut = join(dir, 'cut-data.gguf');
    const full = readFileSync(chat);
    writeFileSync(cut, full.subarray(0, Math.floor(full.length / 2)));
    const err = await failure(cut);
    expect(err.code).toBe('truncated');
    expect(err.message).toContain(full.length.toLocaleString('en-US'));
    expect(err.message).toMatch(/download it again/i);
  });

  it('says a copy cut inside the header is truncated', async () => {
    const cut = join(dir, 'cut-header.gguf');
    writeFileSync(cut, readFileSync(chat).subarray(0, 1500));
    expect((await failure(cut)).code).toBe('truncated');
  });

  it('refuses a file that is not a GGUF', async () => {
    const txt = join(dir, 'notes.gguf');
    writeFileSync(txt, 'These are my notes, not a model.\n');
    const err = await failure(txt);
    expect(err.code).toBe('not-gguf');
    expect(err.message).toMatch(/not a GGUF/);
  });

  it('calls an empty file truncated (an interrupted copy), and a missing one or a folder unreadable', async () => {
    const empty = join(dir, 'empty.gguf');
    writeFileSync(empty, '');
    const e = await failure(empty);
    expect(e.code).toBe('truncated');
    expect(e.message).toMatch(/empty/);
    expect((await failure(join(dir, 'nowhere.gguf'))).code).toBe('unreadable');
    mkdirSync(join(dir, 'folder.gguf'));
    expect((await failure(join(dir, 'folder.gguf'))).message).toMatch(/folder/);
  });

  it('calls a damaged header corrupt, in bounded time', async () => {
    const bad = Buffer.alloc(256);
    bad.write('GGUF');
    bad.writeUInt32LE(3, 4);
    bad.writeBigUInt64LE(1n, 8); // one tensor
    bad.writeBigUInt64LE(1n, 16); // one key…
    bad.writeBigUInt64LE(0xff_ffff_ffffn, 24); // …whose name claims a terabyte
    const path = join(dir, 'damaged.gguf');
    writeFileSync(path, bad);
    const err = await failure(path);
    expect(err.code).toBe('corrupt');
  });

  it('reads a model under any file name (Ollama blobs have no extension)', async () => {
    const blob = join(dir, 'sha256-abc');
    copyFileSync(embed, blob);
    const info = await readModelInfo(blob);
    expect(info.role).toBe('embedding');
    expect(info.name).toBe('tiny-embed');
  });
});

describe('splitParts', () => {
  it('lists every part of a split model, and only the file otherwise', () => {
    expect(splitParts('/m/big-00001-of-00003.gguf')).toEqual([
      '/m/big-00001-of-00003.gguf',
      '/m/big-00002-of-00003.gguf',
      '/m/big-00003-of-00003.gguf',
    ]);
    expect(splitParts('/m/small.gguf')).toEqual(['/m/small.gguf']);
  });
});
