// The local-only test's session for the local model kinds: one browser host, traced with strace -f (its
// model process included) or, without strace, with its sockets and its children's sampled, goes through
// the in-process GGUF models, the fake Ollama and OpenAI-compatible servers on 127.0.0.1, then each server
// kind at the canary's non-loopback address, which local-only mode must refuse. It indexes, searches and
// asks at each step and reports what it saw; local-only.e2e.ts judges.
import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type FakeOllama, startFakeOllama } from '../../../test-support/fake-ollama/server';
import { type FakeOpenAI, startFakeOpenAI } from '../../../test-support/fake-openai/server';
import { repoRoot } from '../../test-support/harness';
import { dropsPrivileges, sleep, until } from './env';
import { connectApi } from './host-api';
import { spawnHost } from './host-process';
import { type Destination, socketPeers, straceAvailable, straceWrapper, tracedPid } from './network-watch';
import { handOver, NOBODY } from './session';

export interface TinyModelPaths {
  chat: string;
  embed: string;
}

export interface LocalKindsResult {
  method: 'strace' | '/proc sampling';
  /** Without strace: the destinations sampled from the host and its children. */
  sampled: Destination[];
  /** The GGUF model process (llama-worker.js) was started under the trace, or seen among the children. */
  modelProcessSeen: boolean;
  /** The kinds of request each fake server received. */
  serverRequests: { ollama: string[]; openai: string[] };
  serverPorts: number[];
  answers: { kind: string; status: string; text: string }[];
  /** The local-only messages: search (the re-embed's failure) and answer, for each server kind at the canary. */
  refusals: string[];
  seconds: number;
}

/** The tiny models (scripts/make-tiny-gguf.mjs): a chat model with a 4096-token context, an embedding model. */
export async function writeTinyChatAndEmbed(dir: string): Promise<TinyModelPaths> {
  mkdirSync(dir, { recursive: true });
  const script = join(repoRoot, 'scripts', 'make-tiny-gguf.mjs');
  const paths = { chat: join(dir, 'tiny-chat-4k.gguf'), embed: join(dir, 'tiny-embed.gguf') };
  await Promise.all([
    promisify(execFile)(process.execPath, [script, paths.chat, '--context', '4096', '--name', 'tiny-chat-4k']),
    promisify(execFile)(process.execPath, [script, paths.embed, '--embedding']),
  ]);
  handOver(dir);
  return paths;
}

/** `pid` and every process below it. */
function familyOf(pid: number): number[] {
  const out = [pid];
  for (let i = 0; i < out.length; i++) {
    try {
      for (const task of readdirSync(`/proc/${out[i]}/task`)) {
        const kids = readFileSync(`/proc/${out[i]}/task/${task}/children`, 'utf8').trim();
        if (kids) out.push(...kids.split(/\s+/).map(Number));
      }
    } catch {}
  }
  return out;
}

function isModelProcess(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('llama-worker');
  } catch {
    return false;
  }
}

type Reembed = { state: string; targetId: string; error: string | null };
type Message = { role: string; status: string; text: string; error: string | null };
type LocalModels = Record<string, Record<string, unknown>>;

export async function localKindsSession(opts: {
  dataDir: string;
  folder: string;
  models: TinyModelPaths;
  canaryUrl: string;
  trace: string;
}): Promise<LocalKindsResult> {
  const started = performance.now();
  const [ollama, openai]: [FakeOllama, FakeOpenAI] = await Promise.all([startFakeOllama(), startFakeOpenAI()]);
  const useStrace = straceAvailable();
  const drop = dropsPrivileges && !useStrace;
  mkdirSync(opts.dataDir, { recursive: true });
  if (drop) handOver(opts.dataDir);
  // execve too: the model process's start shows in the trace, proof that strace followed the engine's fork.
  // Strings up to 256 characters, so the worker's path is not cut short in the execve line.
  const wrapper = straceWrapper(opts.trace).flatMap((a) =>
    a === 'strace' ? ['strace', '-s', '256'] : a.startsWith('trace=') ? [`${a},execve`] : [a],
  );
  const host = spawnHost(opts.dataDir, {
    wrapper: useStrace ? wrapper : undefined,
    env: {
      GEMINI_API_KEY: 'AIzaCanaryKeyForTheLocalOnlyTest00000000',
      GEMINI_BASE_URL: opts.canaryUrl,
      HOME: opts.dataDir,
      LUCARNE_LLAMA_GPU: '0',
    },
    ...(drop ? NOBODY : {}),
  });
  const sampled: Destination[] = [];
  let modelSampled = false;
  let sampler: NodeJS.Timeout | undefined;
  const result: LocalKindsResult = {
    method: useStrace ? 'strace' : '/proc sampling',
    sampled,
    modelProcessSeen: false,
    serverRequests: { ollama: [], openai: [] },
    serverPorts: [ollama.port, openai.port],
    answers: [],
    refusals: [],
    seconds: 0,
  };
  try {
    const origin = await host.ready();
    const hostPid = useStrace ? tracedPid(host.child.pid ?? 0) : (host.child.pid ?? 0);
    if (!useStrace && hostPid) {
      sampler = setInterval(() => {
        for (const pid of familyOf(hostPid)) {
          sampled.push(...socketPeers(pid));
          if (pid !== hostPid && isModelProcess(pid)) modelSampled = true;
        }
      }, 20);
    }
    const api = await connectApi(origin, host.token);
    const reembeds: Reembed[] = [];
    api.socket.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as { event?: string; payload?: Reembed };
      if (frame.event === 'library.reembed' && frame.payload) reembeds.push(frame.payload);
    });
    const settings = await api.call<{ localModels: LocalModels }>('settings.get');
    const lm = structuredClone(settings.localModels);
    const choose = async (provider: string, extra: Record<string, unknown> = {}) => {
      reembeds.length = 0;
      await api.call('settings.set', { provider, localModels: lm, ...extra });
    };
    const switched = (prefix: string) =>
      until(
        `the switch to ${prefix}`,
        () => {
          const s = reembeds.find((r) => r.targetId.startsWith(prefix) && ['done', 'failed'].includes(r.state));
          if (s?.state === 'failed') throw new Error(`the re-embed to ${prefix} failed: ${s.error}`);
          return s;
        },
        60_000,
        50,
      );
    const ask = async (kind: string) => {
      await api.call('search.query', { query: 'cell growth and tumours', k: 3, mode: 'vector' });
      const { conversationId } = await api.call<{ conversationId: number }>('chat.ask', {
        conversationId: null,
        question: 'What do these documents say about cells?',
      });
      const last = await until<Message | null>(
        `the ${kind} answer`,
        async () => {
          const c = await api.call<{ messages: Message[] }>('conversations.get', { conversationId });
          const m = c.messages.at(-1);
          return m && m.role === 'assistant' && m.status !== 'streaming' ? m : null;
        },
        60_000,
        100,
      );
      if (!last) throw new Error(`no ${kind} answer`);
      result.answers.push({ kind, status: last.status, text: last.error ?? last.text });
      return last;
    };

    // In-process GGUF: the library starts empty on the tiny embedding model, then indexes the folder with it.
    Object.assign(lm.gguf, { chatModel: opts.models.chat, embedModel: opts.models.embed, contextSize: 4096 });
    await choose('local', { localOnly: true, topK: 3, chunkTokens: 120, chunkOverlap: 20 });
    await switched('gguf:');
    await api.call('library.addFolder', { path: opts.folder });
    await until(
      'indexing',
      async () => {
        const busy = await api.call<{ total: number }>('library.listDocuments', {
          statuses: ['queued', 'indexing'],
          limit: 1,
        });
        const all = await api.call<{ total: number }>('library.listDocuments', { limit: 1 });
        const p = await api.call<{ state: string }>('library.progress');
        return all.total > 0 && busy.total === 0 && p.state === 'idle';
      },
      120_000,
      200,
    );
    await ask('gguf');

    // The servers on 127.0.0.1: the library is re-embedded with each one's model, then asked.
    lm.ollama = { baseUrl: ollama.url, chatModel: 'llama3.2', embedModel: 'all-minilm' };
    await choose('ollama');
    await switched('ollama:');
    await ask('ollama');
    lm.openai = {
      ...lm.openai,
      baseUrl: `${openai.url}/v1`,
      chatModel: 'qwen2.5-7b-instruct',
      embedModel: 'text-embedding-bge-small-en-v1.5',
    };
    await choose('openai-compatible');
    await switched('openai-compatible:');
    await ask('openai');

    // Each server kind at the canary's address: refused before any connection, for search and answers.
    for (const [provider, key, url] of [
      ['ollama', 'ollama', opts.canaryUrl],
      ['openai-compatible', 'openai', `${opts.canaryUrl}/v1`],
    ] as const) {
      lm[key] = { ...lm[key], baseUrl: url, embedModel: 'nomic-embed-text' };
      await choose(provider);
      const failed = reembeds.find((r) => r.state === 'failed');
      result.refusals.push(failed?.error ?? `(no failed status for ${provider})`);
      const a = await ask('refused');
      result.refusals.push(a.error ?? `(${provider} answered: ${a.status})`);
    }
    await sleep(300);
    api.close();
  } finally {
    if (sampler) clearInterval(sampler);
    if (useStrace) {
      const pid = tracedPid(host.child.pid ?? 0);
      if (pid) process.kill(pid, 'SIGTERM');
      await Promise.race([host.exited, sleep(15_000)]);
      host.kill('SIGKILL');
    } else await host.stop();
    result.serverRequests = {
      ollama: [...new Set(ollama.requests.map((r) => r.kind))],
      openai: [...new Set(openai.requests.map((r) => r.kind))],
    };
    await Promise.all([ollama.close(), openai.close()]);
  }
  result.modelProcessSeen = useStrace
    ? /^(\d+) +execve\("[^"]*", \[[^\]]*llama-worker\.js/m.test(readFileSync(opts.trace, 'utf8'))
    : modelSampled;
  result.seconds = (performance.now() - started) / 1000;
  return result;
}
