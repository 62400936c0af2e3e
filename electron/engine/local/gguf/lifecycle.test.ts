// The model process's life: idle unloading (a role's model, then the whole process, whose memory goes back
// to the system), a process killed in the middle of a request (the request fails clearly, the next one
// starts a new process), a machine with no prebuilt llama.cpp binary, and messages that are not protocol.
import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { GenerationRequest } from '../../types';
import { LlamaClient } from './client';
import { GgufEmbedder } from './embedder';
import { GgufError } from './errors';
import { GgufGenerator } from './generator';
import { LlamaProcess } from './llama-process';
import type { RequestBody } from './protocol';
import { type TinyModels, writeTinyModels } from './test-support/tiny-models';

let models: TinyModels;
const clients: LlamaClient[] = [];

beforeAll(async () => {
  models = await writeTinyModels();
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.dispose()));
});

afterAll(() => models?.cleanup());

function newClient(env: NodeJS.ProcessEnv = {}): LlamaClient {
  const client = new LlamaClient({ env: { LUCARNE_LLAMA_GPU: '0', ...env } });
  clients.push(client);
  return client;
}

const request: GenerationRequest = {
  question: 'q',
  history: [],
  passages: [],
  system: 'Be brief.',
  prompt: 'tell me everything',
  language: 'en',
};

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/** The kernel's figure for the process's resident memory, in bytes. */
function vmRss(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'));
  return Number(line?.match(/(\d+)/)?.[1] ?? 0) * 1024;
}

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;

describe('idle unloading', () => {
  it("unloads an idle role's model, then ends the process when nothing is loaded", async () => {
    const client = newClient();
    const embedder = await GgufEmbedder.open({
      modelPath: models.embed,
      queryPrefix: '',
      documentPrefix: '',
      threads: 1,
      client,
      idleMs: 60_000,
    });
    const generator = await GgufGenerator.open({ modelPath: models.chat, threads: 1, client, idleMs: 1500 });
    const pid = client.pid!;
    const idle = vmRss(pid);
    await embedder.embedQuery('load the embedding model');
    const withEmbedding = vmRss(pid);
    for await (const _ of generator.generate(request)) {
    }
    const info = await client.info();
    expect(info?.pid).toBe(pid);
    expect(info?.loaded).toEqual({ chat: models.chat, embedding: models.embed });
    const withBoth = vmRss(pid);
    console.log(
      `model process RSS: idle ${mb(idle)}, with the embedding model ${mb(withEmbedding)}, with both ${mb(withBoth)} (info: ${mb(info!.rssBytes)})`,
    );
    expect(withBoth).toBeGreaterThan(idle);

    // The chat role goes idle first: its model is freed, the process stays for the embedding model.
    await until('the chat model to be unloaded', async () => (await client.info())?.loaded.chat === null);
    expect(client.pid).toBe(pid);
    expect((await client.info())?.loaded.embedding).toBe(models.embed);
    console.log(`model process RSS after the chat model was unloaded: ${mb(vmRss(pid))}`);

    // Then the embedding model: nothing is loaded any more, so the process ends and its memory is released.
    await client.unload('embedding');
    await until('the model process to exit', () => !alive(pid));
    expect(client.pid).toBeNull();

    // The next request starts a new process and loads the model again.
    expect((await embedder.embedQuery('back again')).length).toBe(64);
    expect(client.pid).not.toBe(pid);
    expect(client.pid).not.toBeNull();
  });

  it('ends the process after the idle delay when its only model goes idle', async () => {
    const client = newClient();
    const embedder = await GgufEmbedder.open({
      modelPath: models.embed,
      queryPrefix: '',
      documentPrefix: '',
      threads: 1,
      client,
      idleMs: 300,
    });
    await embedder.embedDocuments(['a', 'b']);
    const pid = client.pid!;
    expect(alive(pid)).toBe(true);
    await until('the model process to exit', () => !alive(pid));
    expect(client.pid).toBeNull();
  });
});

describe('a model process that dies', () => {
  it('fails the request it held with a clear error, in either role; the next request starts a new process', async () => {
    const client = newClient();
    const opts = { threads: 1, client };
    const generator = await GgufGenerator.open({ modelPath: models.chat, maxOutputTokens: 128, ...opts });
    const embedder = await GgufEmbedder.open({ modelPath: models.embed, queryPrefix: '', documentPrefix: '', ...opts });
    const killOnce = (pid: number) => () => {
      if (alive(pid)) process.kill(pid, 'SIGKILL');
    };

    // Killed while it writes an answer.
    const first = client.pid!;
    const kill = killOnce(first);
    const answer = (async () => {
      for await (const ev of generator.generate(request)) if (ev.type === 'text') kill();
    })();
    const err = await answer.then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(GgufError);
    expect((err as GgufError).code).toBe('crashed');
    expect((err as GgufError).message).toMatch(/stopped unexpectedly \(killed by SIGKILL\).*Try again/);
    const events = [];
    for await (const ev of generator.generate(request)) events.push(ev);
    expect(events.at(-1)?.type).toBe('done');
    const second = client.pid!;
    expect(second).not.toBe(first);

    // Killed while it embeds a batch. Batches take turns with other requests of the role (a search's query
    // does not wait for a whole re-embedding), so the kill lands after the next batch was sent, and the query
    // queued then runs in the next process.
    const texts = Array.from({ length: 400 }, (_, i) => `passage ${i} `.repeat(20));
    let queued: Promise<Float32Array> | undefined;
    const batch = embedder.embedDocuments(texts, {
      onProgress: () =>
        setTimeout(() => {
          if (queued) return;
          queued = embedder.embedQuery('waiting for its turn');
          killOnce(second)();
        }),
    });
    await expect(batch).rejects.toMatchObject({ code: 'crashed', message: /killed by SIGKILL/ });
    expect((await queued!).length).toBe(64);
    expect(client.pid).not.toBe(second);
  });
});

describe('the model process itself', () => {
  it('says so when no prebuilt llama.cpp binary loads on the machine, and nothing is left broken', async () => {
    const broken = newClient({ LUCARNE_LLAMA_NO_PREBUILT: '1' });
    const err = await GgufEmbedder.open({
      modelPath: models.embed,
      queryPrefix: '',
      documentPrefix: '',
      client: broken,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GgufError);
    expect((err as GgufError).code).toBe('no-binary');
    expect((err as GgufError).message).toMatch(/no prebuilt llama\.cpp binary.*Ollama/);
    // The same error again (not a hang), from the same process.
    await expect(
      GgufGenerator.open({ modelPath: models.chat, client: broken }).catch((e: GgufError) => Promise.reject(e.code)),
    ).rejects.toBe('no-binary');
  });

  it('refuses a malformed request, and stops an answer or a batch when told to abort', async () => {
    let gone = false;
    const proc = new LlamaProcess({ env: { LUCARNE_LLAMA_GPU: '0' }, onGone: () => (gone = true) });
    try {
      // What the engine would never send, but the process checks anyway.
      const malformed = { type: 'embed', model: { path: models.embed, contextSize: 512, threads: 1 }, texts: 'one' };
      const refused = await proc.request(malformed as unknown as RequestBody).catch((e: unknown) => e);
      expect(refused).toMatchObject({ name: 'GgufError', code: 'failed', message: /malformed request/ });

      // An answer of up to 128 tokens, aborted at its first token. The request fails with AbortError only when
      // the process answers that it stopped (were the abort not forwarded, the answer would simply complete).
      const controller = new AbortController();
      let tokens = 0;
      const chat = {
        type: 'chat' as const,
        model: { path: models.chat, contextSize: 512, threads: 1 },
        system: 'Be brief.',
        history: [],
        prompt: 'go',
        maxTokens: 128,
        temperature: 0,
      };
      const answer = proc.request(chat, {
        signal: controller.signal,
        onText: () => {
          tokens++;
          controller.abort();
        },
      });
      await expect(answer).rejects.toMatchObject({ name: 'AbortError' });
      expect(tokens).toBeGreaterThan(0);
      expect(tokens).toBeLessThan(128);

      // A batch aborted as soon as it is sent stops between texts; the process is fine afterwards.
      const batchController = new AbortController();
      const texts = Array.from({ length: 300 }, (_, i) => `text ${i}`);
      const batch = proc.request(
        { type: 'embed', model: { ...chat.model, path: models.embed }, texts },
        { signal: batchController.signal },
      );
      batchController.abort();
      await expect(batch).rejects.toMatchObject({ name: 'AbortError' });
      expect(await proc.request({ type: 'info' })).toMatchObject({ loaded: { chat: models.chat } });
      expect(gone).toBe(false);
    } finally {
      proc.stop(new GgufError('failed', 'test over'));
      await proc.exited;
    }
  });
});
