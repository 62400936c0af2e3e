// Local-only mode: zero non-loopback connections while indexing and answering. The engine runs under
// strace (every connect/sendto/sendmsg of every thread) or, without strace, with its sockets sampled; a
// canary server on this machine's own non-loopback address stands in for "the Internet" (Gemini's base URL
// points at it), so a leak has somewhere to go and is seen. A control run without local-only must reach
// the canary: it proves the detector sees what it is meant to see.
// The local model kinds run in one more traced session (local-kinds.ts): the in-process GGUF models (their
// model process is a child of the engine: strace -f follows it, and its start is checked in the trace), then
// the fake Ollama and OpenAI-compatible servers on 127.0.0.1, then each server kind pointed at the canary,
// which local-only must refuse before connecting.
import { createServer, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCorpus } from './test-support/corpus';
import { requireBuild, sleep, tempDir, until } from './test-support/env';
import { connectApi } from './test-support/host-api';
import { spawnHost } from './test-support/host-process';
import {
  type Destination,
  isLocalDestination,
  parseStrace,
  socketPeers,
  straceAvailable,
  straceWrapper,
  tracedPid,
} from './test-support/network-watch';
import { handOver, NOBODY } from './test-support/session';
import { dropsPrivileges } from './test-support/env';
import { type LocalKindsResult, localKindsSession, writeTinyChatAndEmbed } from './test-support/local-kinds';

let work: { path: string; cleanup(): void };
let canary: Server;
let canaryUrl: string;
let canaryHits = 0;
let folder: string;

const outward = Object.values(networkInterfaces())
  .flat()
  .find((a) => a && !a.internal && a.family === 'IPv4')?.address;

beforeAll(async () => {
  requireBuild();
  work = tempDir('lucarne-local-');
  folder = join(work.path, 'docs');
  await generateCorpus(folder, { files: 10, seed: 77, lengthScale: 0.3 });
  handOver(folder);
  canary = createServer((_req, res) => {
    canaryHits++;
    res.writeHead(500).end('{"error":{"code":500,"message":"canary"}}');
  });
  await new Promise<void>((resolve) => canary.listen(0, outward ?? '127.0.0.1', () => resolve()));
  canaryUrl = `http://${outward}:${(canary.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((r) => canary?.close(r));
  work?.cleanup();
});

/** Indexes the folder, searches and asks, with the given settings, while watching the engine's traffic. */
async function session(
  name: string,
  settings: Record<string, unknown>,
  opts: { control?: boolean } = {},
): Promise<{ destinations: Destination[]; method: string; answer: string }> {
  const data = join(work.path, `data-${name}`);
  const trace = join(work.path, `${name}.strace`);
  const useStrace = straceAvailable();
  const host = spawnHost(data, {
    wrapper: useStrace ? straceWrapper(trace) : undefined,
    env: { GEMINI_API_KEY: 'AIzaCanaryKeyForTheLocalOnlyTest00000000', GEMINI_BASE_URL: canaryUrl, HOME: data },
    ...(dropsPrivileges && !useStrace ? NOBODY : {}),
  });
  const sampled: Destination[] = [];
  let sampler: NodeJS.Timeout | undefined;
  try {
    const origin = await host.ready();
    const pid = useStrace ? tracedPid(host.child.pid ?? 0) : (host.child.pid ?? 0);
    if (!useStrace && pid) sampler = setInterval(() => sampled.push(...socketPeers(pid)), 20);
    const api = await connectApi(origin, host.token);
    await api.call('settings.set', settings);
    await api.call('library.addFolder', { path: folder });
    if (opts.control) {
      // Remote embedding starts with the first file: that is all the control needs to see.
      await until('traffic to the canary', () => canaryHits > 0, 60_000, 100);
      await sleep(300);
      api.close();
      return { destinations: sampled, method: useStrace ? 'strace' : '/proc sampling', answer: '(control)' };
    }
    await until(
      'indexing',
      async () => {
        const busy = await api.call<{ total: number }>('library.listDocuments', {
          statuses: ['queued', 'indexing'],
          limit: 1,
        });
        const p = await api.call<{ state: string }>('library.progress');
        const all = await api.call<{ total: number }>('library.listDocuments', { limit: 1 });
        return all.total === 10 && busy.total === 0 && p.state === 'idle';
      },
      120_000,
      200,
    );
    await api.call('search.query', { query: 'cell growth and tumours', k: 5, mode: 'hybrid' });
    const { conversationId } = await api.call<{ conversationId: number }>('chat.ask', {
      conversationId: null,
      question: 'What do these documents say about cells?',
    });
    const answer = await until(
      'the answer',
      async () => {
        const c = await api.call<{ messages: { role: string; status: string; text: string; error: string | null }[] }>(
          'conversations.get',
          { conversationId },
        );
        const last = c.messages.at(-1);
        return last && last.role === 'assistant' && last.status !== 'streaming'
          ? `${last.status}: ${last.error ?? last.text}`
          : null;
      },
      60_000,
      200,
    );
    await sleep(500);
    api.close();
    return {
      destinations: useStrace ? [] : sampled,
      method: useStrace ? 'strace' : '/proc sampling',
      answer: answer ?? '',
    };
  } finally {
    if (sampler) clearInterval(sampler);
    if (useStrace) {
      const pid = tracedPid(host.child.pid ?? 0);
      if (pid) process.kill(pid, 'SIGTERM');
      await Promise.race([host.exited, sleep(15_000)]);
      host.kill('SIGKILL');
    } else await host.stop();
  }
}

async function traced(name: string, result: { destinations: Destination[]; method: string }): Promise<Destination[]> {
  if (result.method !== 'strace') return result.destinations;
  return parseStrace(readFileSync(join(work.path, `${name}.strace`), 'utf8'));
}

describe('local-only mode', () => {
  it.skipIf(!outward)('control: without local-only, Gemini traffic reaches the canary and is seen', async () => {
    canaryHits = 0;
    const r = await session('control', { localOnly: false, provider: 'gemini' }, { control: true });
    const dest = (await traced('control', r)).filter((d) => !isLocalDestination(d.address));
    expect(canaryHits, r.answer).toBeGreaterThan(0);
    if (r.method === 'strace') expect(dest.map((d) => d.address)).toContain(outward);
  });

  it('with local-only on, indexing, searching and answering open no non-loopback connection', async () => {
    canaryHits = 0;
    const r = await session('local', { localOnly: true, provider: 'gemini' });
    const all = await traced('local', r);
    const outside = all.filter((d) => !isLocalDestination(d.address));
    console.log(
      `local-only (${r.method}): ${all.length} local destination(s) seen, ${outside.length} outside; answer "${r.answer.slice(0, 80)}"`,
    );
    expect(outside, JSON.stringify(outside)).toEqual([]);
    expect(canaryHits).toBe(0);
  });

  it.skipIf(!outward)(
    'with local-only on, the local model kinds (GGUF, Ollama, OpenAI-compatible on 127.0.0.1) connect nowhere else; a server at a non-loopback address is refused',
    async () => {
      canaryHits = 0;
      const models = await writeTinyChatAndEmbed(join(work.path, 'models'));
      const r: LocalKindsResult = await localKindsSession({
        dataDir: join(work.path, 'data-local-kinds'),
        folder,
        models,
        canaryUrl,
        trace: join(work.path, 'local-kinds.strace'),
      });
      const all =
        r.method === 'strace' ? parseStrace(readFileSync(join(work.path, 'local-kinds.strace'), 'utf8')) : r.sampled;
      const outside = all.filter((d) => !isLocalDestination(d.address));
      console.log(
        `local kinds (${r.method}): ${all.length} local destination(s), ${outside.length} outside; ` +
          `${r.seconds.toFixed(1)} s; answers: ${r.answers.map((a) => `${a.kind} ${a.status}`).join(', ')}`,
      );
      expect(outside, JSON.stringify(outside)).toEqual([]);
      expect(canaryHits).toBe(0);
      // The model process was started, and traced (or sampled) as a child of the engine.
      expect(r.modelProcessSeen, 'the GGUF model process was not seen').toBe(true);
      // The servers were really used: each was asked to embed and to answer, and the detector saw the
      // engine connect to them (so it would have seen a connection elsewhere).
      expect(r.serverRequests.ollama).toEqual(expect.arrayContaining(['embed', 'chat']));
      expect(r.serverRequests.openai).toEqual(expect.arrayContaining(['embed', 'chat']));
      if (r.method === 'strace') {
        const ports = new Set(all.filter((d) => d.address === '127.0.0.1').map((d) => d.port));
        expect(
          [...r.serverPorts].every((p) => ports.has(p)),
          JSON.stringify([...ports]),
        ).toBe(true);
      }
      for (const a of r.answers.filter((x) => x.kind !== 'refused')) expect(a.status, a.text).toBe('done');
      // Pointed at the canary, each server kind is refused with the local-only message, for search and answers.
      expect(r.refusals).toHaveLength(4);
      for (const message of r.refusals)
        expect(message).toMatch(/Local-only mode: http:\/\/[\d.]+:\d+(\/v1)? is not on this machine/);
    },
  );
});
