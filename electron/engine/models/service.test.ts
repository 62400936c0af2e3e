// The models service as the app uses it: the list from a model folder (LUCARNE_MODEL_DIRS), adding a picked
// file (checked first), forgetting it, and a catalog download from a local HTTP server with progress events,
// a cancel that keeps the partial file, and a resume that finishes with the hash checked.
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventPayload, Settings } from '../../../shared/api';
import { defaultSettings } from '../settings';
import type { CatalogEntry } from './catalog';
import { ModelsService, mirroredUrl } from './service';
import { writeTinyModel } from './test-support/tiny-models';

type Status = EventPayload<'models.download'>;

let dir: string;
let server: Server;
let base: string;
const payload = Buffer.alloc(3_000_000, 7);
let slow = false;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lucarne-models-svc-'));
  writeTinyModel(join(dir, 'found', 'tiny-chat.gguf'));
  writeTinyModel(join(dir, 'found', 'tiny-embed.gguf'), { embedding: true });
  writeTinyModel(join(dir, 'elsewhere', 'picked.gguf'), { name: 'picked-model' });
  writeFileSync(join(dir, 'elsewhere', 'notes.gguf'), 'not a model at all');
  server = createServer((req, res) => {
    const range = /bytes=(\d+)-/.exec(req.headers.range ?? '');
    const from = range ? Number(range[1]) : 0;
    const body = payload.subarray(from);
    res.writeHead(range ? 206 : 200, {
      'content-length': body.length,
      ...(range ? { 'content-range': `bytes ${from}-${payload.length - 1}/${payload.length}` } : {}),
    });
    if (!slow) return res.end(body);
    // Slow: 64 KB every 20 ms, so a cancel lands mid-way.
    let at = 0;
    const timer = setInterval(() => {
      if (at >= body.length || res.destroyed) {
        clearInterval(timer);
        res.end();
        return;
      }
      res.write(body.subarray(at, at + 65_536));
      at += 65_536;
    }, 20);
    res.on('close', () => clearInterval(timer));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  rmSync(dir, { recursive: true, force: true });
});

function service(events: Status[] = [], catalog?: CatalogEntry[]) {
  let settings: Settings = defaultSettings();
  const dataDir = join(dir, `data-${Math.random().toString(36).slice(2)}`);
  const svc = new ModelsService({
    dataDir,
    settings: () => settings,
    saveLocalModels: (patch) => {
      settings = { ...settings, localModels: { ...settings.localModels, ...patch } };
    },
    emitDownload: (s) => events.push(s),
    env: { LUCARNE_MODEL_DIRS: join(dir, 'found') },
    catalog,
  });
  return { svc, dataDir, settings: () => settings };
}

function entry(over: Partial<CatalogEntry> = {}): CatalogEntry {
  return {
    id: 'test-model',
    name: 'Test model',
    role: 'embedding',
    fileName: 'test-model.gguf',
    url: `${base}/org/repo/resolve/main/test-model.gguf`,
    bytes: payload.length,
    bytesExact: true,
    sha256: createHash('sha256').update(payload).digest('hex'),
    license: 'MIT',
    contextLength: 512,
    embeddingLength: 64,
    ramGb: 8,
    french: 'good',
    note: '',
    checked: 'test',
    ...over,
  };
}

async function until(pred: () => boolean, ms = 20_000) {
  const end = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('models service', () => {
  it('lists the models of the folders, with role and memory', async () => {
    const { svc } = service();
    const { models } = await svc.list(false);
    const byName = Object.fromEntries(models.map((m) => [m.fileName, m]));
    expect(byName['tiny-chat.gguf'].role).toBe('chat');
    expect(byName['tiny-embed.gguf'].role).toBe('embedding');
    expect(byName['tiny-chat.gguf'].memory?.bytes).toBeGreaterThan(byName['tiny-chat.gguf'].fileBytes);
    expect(models.some((m) => m.fileName === 'picked.gguf')).toBe(false);
  });

  it('adds a picked file after reading its header, refuses a file that is not a model, forgets', async () => {
    const { svc, settings } = service();
    await expect(svc.add(join(dir, 'elsewhere', 'notes.gguf'))).rejects.toThrow(/GGUF/i);
    expect(settings().localModels.addedModels).toEqual([]);
    const picked = await svc.add(join(dir, 'elsewhere', 'picked.gguf'));
    expect(picked).toMatchObject({ name: 'picked-model', source: 'added', role: 'chat' });
    expect(settings().localModels.addedModels).toEqual([join(dir, 'elsewhere', 'picked.gguf')]);
    await svc.forget(join(dir, 'elsewhere', 'picked.gguf'));
    expect((await svc.list(false)).models.some((m) => m.fileName === 'picked.gguf')).toBe(false);
  });

  it('downloads a catalog entry with progress, cancels keeping the part, resumes and verifies', async () => {
    const events: Status[] = [];
    const { svc, dataDir } = service(events, [entry()]);
    slow = true;
    svc.download('test-model');
    await until(() => events.some((e) => e.state === 'downloading' && e.bytesDone > 200_000));
    svc.cancelDownload('test-model');
    await until(() => events.some((e) => e.state === 'cancelled'));
    const part = join(dataDir, 'models', 'test-model.gguf.part');
    expect(existsSync(part)).toBe(true);
    slow = false;
    svc.download('test-model');
    await until(() => events.some((e) => e.state === 'done' || e.state === 'failed'));
    const last = events[events.length - 1];
    expect(last).toMatchObject({ state: 'done', bytesDone: payload.length, error: null });
    expect(existsSync(join(dataDir, 'models', 'test-model.gguf'))).toBe(true);
    expect(svc.catalog()[0].downloadedPath).toBe(join(dataDir, 'models', 'test-model.gguf'));
  });

  it('a wrong hash fails the download with a message and installs nothing', async () => {
    const events: Status[] = [];
    const { svc, dataDir } = service(events, [entry({ sha256: 'ab'.repeat(32) })]);
    svc.download('test-model');
    await until(() => events.some((e) => e.state === 'failed' || e.state === 'done'));
    expect(events[events.length - 1].state).toBe('failed');
    expect(events[events.length - 1].error).toMatch(/SHA-256|checksum|hash/i);
    expect(existsSync(join(dataDir, 'models', 'test-model.gguf'))).toBe(false);
  });

  it('a mirror replaces the hub, keeping the path', () => {
    const url = 'https://huggingface.co/org/repo/resolve/main/m.gguf';
    expect(mirroredUrl(url, {})).toBe(url);
    expect(mirroredUrl(url, { LUCARNE_MODEL_MIRROR: 'http://127.0.0.1:9/hf/' })).toBe(
      'http://127.0.0.1:9/hf/org/repo/resolve/main/m.gguf',
    );
  });
});
