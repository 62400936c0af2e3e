// A local stand-in for the Gemini REST API (generativelanguage.googleapis.com, v1beta) as @google/genai 2.x
// speaks it: batch/single embeddings, streamed and unary generation, model listing, key checks, and
// scriptable failures (429, 5xx, malformed bodies, hangs, slow streams, dropped connections).
//
//   const fake = await startFakeGemini({ apiKey: 'k' });
//   new GoogleGenAI({ apiKey: 'k', httpOptions: { baseUrl: fake.url } });
//   fake.script([{ type: 'rate-limit', retryAfterSeconds: 1 }]);
//   ... fake.requests ... await fake.close();
//
// Out-of-process users (e2e) drive the same queue over HTTP: POST /__fake/script (JSON Behaviour[]),
// GET /__fake/requests, POST /__fake/reset. Those control paths need no key and are never recorded.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Behaviour, RequestKind } from './behaviours';
import { behaviourApplies } from './behaviours';
import { chunkAnswer, defaultAnswer } from './fake-answer';
import { fakeEmbedding } from './fake-vectors';
import {
  type GoogleErrorBody,
  invalidArgument,
  invalidKeyError,
  missingKeyError,
  notFound,
  quotaError,
  serverError,
} from './google-errors';

export type { Behaviour, RequestKind } from './behaviours';
export { NO_ANSWER, defaultAnswer } from './fake-answer';
export { fakeEmbedding } from './fake-vectors';

export interface AnswerContext {
  model: string;
  /** Text of the last user turn. */
  prompt: string;
  /** systemInstruction text, if any. */
  system: string;
  /** All turns, in order, as text. */
  contents: { role: string; text: string }[];
}

export interface FakeGeminiOptions {
  /** The key requests must carry; `null` accepts any (or none). Default 'test-key'. */
  apiKey?: string | null;
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Vector size when the request does not set outputDimensionality. Default 3072 like gemini-embedding-001. */
  defaultDimensions?: number;
  /** The model's answer; default: a sentence copied from passage [1] with the citation "[1]". */
  answer?: string | ((ctx: AnswerContext) => string);
  /** Words per streamed chunk. Default 4. */
  wordsPerChunk?: number;
  /** Pause between streamed chunks. Default 0. */
  chunkDelayMs?: number;
  /** Pause before answering a unary request (embeddings, generateContent, models): makes overlap visible. */
  responseDelayMs?: number;
}

export interface RecordedRequest {
  seq: number;
  method: string;
  /** URL path without query, e.g. /v1beta/models/gemini-embedding-001:batchEmbedContents */
  path: string;
  /** Query parameters, `key` removed. */
  query: Record<string, string>;
  /** Lower-cased headers, x-goog-api-key removed. */
  headers: Record<string, string>;
  /** Parsed JSON body (or the raw text when it is not JSON; null when empty). */
  body: unknown;
  kind: RequestKind | 'other';
  model: string | null;
  /** batchEmbedContents | embedContent | generateContent | streamGenerateContent | list | get */
  rpc: string | null;
  keySentVia: 'header' | 'query' | 'none';
  behaviour: Behaviour['type'];
  status: number | null;
  /** The client closed the connection before the server finished answering (abort, timeout). */
  clientClosedEarly: boolean;
  /** The response was fully written. */
  completed: boolean;
  receivedAt: number;
  closedAt: number | null;
}

export interface FakeGemini {
  /** Base URL to give the SDK as httpOptions.baseUrl, e.g. http://127.0.0.1:40123 */
  url: string;
  port: number;
  requests: RecordedRequest[];
  /** Queue behaviours for the next requests (appended to what is already queued). */
  script(next: Behaviour[]): void;
  /** Behaviours not yet consumed. */
  pending(): Behaviour[];
  /** Forget recorded requests and queued behaviours. */
  reset(): void;
  /** Resolves when `predicate(requests)` holds (checked every 5 ms), rejects after `timeoutMs` (default 5 s). */
  waitFor(predicate: (requests: RecordedRequest[]) => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

const SAFE_MODELS = [
  { name: 'models/gemini-2.5-flash', displayName: 'Gemini 2.5 Flash', inputTokenLimit: 1048576 },
  { name: 'models/gemini-2.5-pro', displayName: 'Gemini 2.5 Pro', inputTokenLimit: 1048576 },
  { name: 'models/gemini-embedding-001', displayName: 'Gemini Embedding 001', inputTokenLimit: 2048 },
];
const MAX_BATCH = 100;
const MAX_BODY = 64 * 1024 * 1024;

type Json = Record<string, unknown>;

function isRecord(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function partsText(content: unknown): string {
  if (!isRecord(content) || !Array.isArray(content.parts)) return '';
  return content.parts
    .map((p) => (isRecord(p) && typeof p.text === 'string' ? p.text : ''))
    .filter(Boolean)
    .join('');
}

function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new Error('body too large'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startFakeGemini(opts: FakeGeminiOptions = {}): Promise<FakeGemini> {
  const expectedKey = opts.apiKey === undefined ? 'test-key' : opts.apiKey;
  const defaultDim = opts.defaultDimensions ?? 3072;
  const wordsPerChunk = opts.wordsPerChunk ?? 4;
  const chunkDelayMs = opts.chunkDelayMs ?? 0;
  const requests: RecordedRequest[] = [];
  let queue: Behaviour[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let seq = 0;

  const later = (ms: number, fn: () => void) => {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
  };

  const takeBehaviour = (kind: RequestKind): Behaviour => {
    const i = queue.findIndex((b) => behaviourApplies(b, kind));
    if (i < 0) return { type: 'ok' };
    const [b] = queue.splice(i, 1);
    return b;
  };

  const sendJson = (res: ServerResponse, rec: RecordedRequest | null, status: number, body: unknown, headers = {}) => {
    if (rec) rec.status = status;
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', ...headers });
    res.end(text);
  };
  const sendError = (res: ServerResponse, rec: RecordedRequest | null, body: GoogleErrorBody, headers = {}) =>
    sendJson(res, rec, body.error.code, body, headers);

  const answerFor = (model: string, body: Json): { text: string; ctx: AnswerContext } => {
    const turns = Array.isArray(body.contents) ? body.contents : [];
    const contents = turns.map((t) => ({
      role: isRecord(t) && typeof t.role === 'string' ? t.role : 'user',
      text: partsText(t),
    }));
    const lastUser = [...contents].reverse().find((c) => c.role === 'user');
    const ctx: AnswerContext = {
      model,
      prompt: lastUser?.text ?? '',
      system: partsText(body.systemInstruction),
      contents,
    };
    const text = typeof opts.answer === 'function' ? opts.answer(ctx) : (opts.answer ?? defaultAnswer(ctx.prompt));
    return { text, ctx };
  };

  const candidateChunk = (model: string, text: string, finish?: string, usage?: Json) => ({
    candidates: [
      {
        content: { parts: [{ text }], role: 'model' },
        ...(finish ? { finishReason: finish } : {}),
        index: 0,
      },
    ],
    ...(usage ? { usageMetadata: usage } : {}),
    modelVersion: model,
    responseId: `fake-${seq}`,
  });

  const usageFor = (ctx: AnswerContext, answer: string): Json => {
    const prompt = estimateTokens(ctx.system + ctx.contents.map((c) => c.text).join(''));
    const out = estimateTokens(answer);
    return { promptTokenCount: prompt, candidatesTokenCount: out, totalTokenCount: prompt + out };
  };

  const embedOne = (req: unknown): { values: number[] } | null => {
    if (!isRecord(req)) return null;
    const dim = typeof req.outputDimensionality === 'number' ? req.outputDimensionality : defaultDim;
    return { values: fakeEmbedding(partsText(req.content), dim) };
  };

  const handleModelCall = (
    res: ServerResponse,
    rec: RecordedRequest,
    model: string,
    method: string,
    body: Json,
    behaviour: Behaviour,
  ) => {
    if (method === 'batchEmbedContents') {
      const reqs = Array.isArray(body.requests) ? body.requests : null;
      if (!reqs || reqs.length === 0) return sendError(res, rec, invalidArgument('* requests: must not be empty\n'));
      if (reqs.length > MAX_BATCH)
        return sendError(
          res,
          rec,
          invalidArgument('* BatchEmbedContentsRequest.requests: at most 100 requests can be in one batch\n'),
        );
      const embeddings = reqs.map(embedOne);
      if (embeddings.some((e) => e === null)) return sendError(res, rec, invalidArgument('Invalid request.'));
      return sendJson(res, rec, 200, { embeddings });
    }
    if (method === 'embedContent') {
      const embedding = embedOne(body);
      if (!embedding) return sendError(res, rec, invalidArgument('Invalid request.'));
      return sendJson(res, rec, 200, { embedding });
    }
    const scripted = behaviour.type === 'answer' || behaviour.type === 'slow-stream' ? behaviour.text : undefined;
    const { text: computed, ctx } = answerFor(model, body);
    const text = scripted ?? computed;
    const finish = behaviour.type === 'answer' && behaviour.finishReason ? behaviour.finishReason : 'STOP';
    const usage = usageFor(ctx, text);
    if (method === 'generateContent') return sendJson(res, rec, 200, candidateChunk(model, text, finish, usage));
    // streamGenerateContent
    const chunks = behaviour.type === 'slow-stream' ? chunkAnswer(text, 1) : chunkAnswer(text, wordsPerChunk);
    const interval = behaviour.type === 'slow-stream' ? behaviour.intervalMs : chunkDelayMs;
    const dropAfter = behaviour.type === 'drop' ? (behaviour.afterChunks ?? 0) : -1;
    rec.status = 200;
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    let i = 0;
    const sendNext = () => {
      if (res.destroyed) return;
      if (i === dropAfter) {
        res.socket?.destroy();
        return;
      }
      const last = i === chunks.length - 1;
      const payload = candidateChunk(model, chunks[i], last ? finish : undefined, last ? usage : undefined);
      res.write(`data: ${JSON.stringify(payload)}\r\n\r\n`);
      i++;
      if (last) res.end();
      else if (interval > 0) later(interval, sendNext);
      else setImmediate(sendNext);
    };
    sendNext();
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    if (url.pathname.startsWith('/__fake/')) return handleControl(req, res, url.pathname);

    const raw = await readBody(req);
    let body: unknown = null;
    if (raw) {
      try {
        body = JSON.parse(raw);
      } catch {
        body = raw;
      }
    }
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) {
      if (k === 'x-goog-api-key' || v === undefined) continue;
      headers[k] = Array.isArray(v) ? v.join(', ') : v;
    }
    const query: Record<string, string> = {};
    for (const [k, v] of url.searchParams) if (k !== 'key') query[k] = v;
    const headerKey = req.headers['x-goog-api-key'];
    const givenKey = (Array.isArray(headerKey) ? headerKey[0] : headerKey) ?? url.searchParams.get('key');

    const m = /^\/v1(?:beta|alpha)?\/models(?:\/([^/:]+)(?::([A-Za-z]+))?)?$/.exec(url.pathname);
    const model = m?.[1] ?? null;
    const method = m ? (m[2] ?? (model ? 'get' : 'list')) : null;
    const kind: RecordedRequest['kind'] = !method
      ? 'other'
      : /embed/i.test(method)
        ? 'embed'
        : /generate/i.test(method)
          ? 'generate'
          : 'models';

    const rec: RecordedRequest = {
      seq: ++seq,
      method: req.method ?? 'GET',
      path: url.pathname,
      query,
      headers,
      body,
      kind,
      model,
      rpc: method,
      keySentVia: headerKey ? 'header' : url.searchParams.has('key') ? 'query' : 'none',
      behaviour: 'ok',
      status: null,
      clientClosedEarly: false,
      completed: false,
      receivedAt: Date.now(),
      closedAt: null,
    };
    requests.push(rec);
    let droppedByServer = false;
    res.on('finish', () => {
      rec.completed = true;
    });
    res.on('close', () => {
      rec.closedAt = Date.now();
      if (!res.writableFinished && !droppedByServer) rec.clientClosedEarly = true;
    });

    if (expectedKey !== null) {
      if (!givenKey) return sendError(res, rec, missingKeyError());
      if (givenKey !== expectedKey) return sendError(res, rec, invalidKeyError());
    }
    if (kind === 'other' || !method) return sendError(res, rec, notFound(`Unknown path ${url.pathname}.`));

    const behaviour = takeBehaviour(kind);
    rec.behaviour = behaviour.type;
    switch (behaviour.type) {
      case 'rate-limit':
        return sendError(
          res,
          rec,
          quotaError(behaviour.retryDelaySeconds),
          behaviour.retryAfterSeconds !== undefined ? { 'retry-after': String(behaviour.retryAfterSeconds) } : {},
        );
      case 'server-error':
        return sendError(res, rec, serverError(behaviour.status ?? 500));
      case 'malformed':
        rec.status = 200;
        res.writeHead(200, { 'content-type': 'application/json; charset=UTF-8' });
        return res.end('{"embeddings": [{"values": [0.1, 0.2,');
      case 'empty':
        return sendJson(res, rec, 200, {});
      case 'hang':
        return;
      case 'http':
        return sendJson(res, rec, behaviour.status, behaviour.body, behaviour.headers);
      case 'drop':
        if ((behaviour.afterChunks ?? 0) === 0 || method !== 'streamGenerateContent') {
          droppedByServer = true;
          req.socket.destroy();
          return;
        }
        droppedByServer = true;
        break;
    }

    if (opts.responseDelayMs && method !== 'streamGenerateContent') {
      await new Promise<void>((resolve) => later(opts.responseDelayMs ?? 0, resolve));
      if (res.destroyed) return;
    }
    if (method === 'list') return sendJson(res, rec, 200, { models: SAFE_MODELS });
    if (method === 'get') {
      // Any model name is "available" (tests script an 'http' 404 to check the not-found path).
      const found = SAFE_MODELS.find((x) => x.name === `models/${model}`);
      return sendJson(
        res,
        rec,
        200,
        found ?? { name: `models/${model}`, displayName: model, inputTokenLimit: 1048576 },
      );
    }
    if (!['batchEmbedContents', 'embedContent', 'generateContent', 'streamGenerateContent'].includes(method))
      return sendError(res, rec, notFound(`Method ${method} is not supported by the fake.`));
    if (!isRecord(body)) return sendError(res, rec, invalidArgument('Invalid JSON payload received.'));
    handleModelCall(res, rec, model ?? '', method, body, behaviour);
  };

  const handleControl = async (req: IncomingMessage, res: ServerResponse, path: string) => {
    if (path === '/__fake/requests') return sendJson(res, null, 200, requests);
    if (path === '/__fake/reset' && req.method === 'POST') {
      api.reset();
      return sendJson(res, null, 200, { ok: true });
    }
    if (path === '/__fake/script' && req.method === 'POST') {
      try {
        const next: unknown = JSON.parse(await readBody(req));
        if (!Array.isArray(next)) throw new Error('expected an array of behaviours');
        api.script(next as Behaviour[]);
        return sendJson(res, null, 200, { queued: queue.length });
      } catch (e) {
        return sendJson(res, null, 400, { error: String(e) });
      }
    }
    return sendJson(res, null, 404, { error: 'unknown control path' });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) sendJson(res, null, 500, serverError(500));
      else res.destroy(e instanceof Error ? e : undefined);
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
  const { port, address } = server.address() as AddressInfo;

  const api: FakeGemini = {
    url: `http://${address}:${port}`,
    port,
    requests,
    script(next) {
      queue.push(...next);
    },
    pending: () => [...queue],
    reset() {
      requests.length = 0;
      queue = [];
    },
    waitFor(predicate, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const started = Date.now();
        const tick = () => {
          if (predicate(requests)) return resolve();
          if (Date.now() - started > timeoutMs) return reject(new Error('fake-gemini: waitFor timed out'));
          setTimeout(tick, 5);
        };
        tick();
      });
    },
    close() {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
  return api;
}
