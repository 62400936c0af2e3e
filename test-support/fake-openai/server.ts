// A local stand-in for an OpenAI-compatible server (LM Studio, llama-server, Jan, LocalAI, vLLM) under /v1:
// GET /v1/models, POST /v1/embeddings, POST /v1/chat/completions (SSE stream with `data: [DONE]`, usage when
// stream_options.include_usage is set, or one JSON with stream:false), OpenAI's error bodies
// ({"error":{"message","type","param","code"}}), an optional API key, and scriptable failures
// (fake-local-server/behaviours.ts).
//
//   const fake = await startFakeOpenAI();            // fake.url + '/v1' is the base URL to configure
//   new OpenAICompatGenerator({ baseUrl: `${fake.url}/v1`, model: 'qwen2.5-7b-instruct' });
import {
  chatMessages,
  chunkAnswer,
  defaultAnswer,
  embeddingInputs,
  fakeEmbedding,
  lastUserText,
  tokenCount,
} from '../fake-local-server/content';
import {
  type Exchange,
  type FakeLocalServer,
  type LocalRequestKind,
  sendJson,
  sendText,
  startFakeLocalServer,
  writeStream,
} from '../fake-local-server/harness';

export type { LocalBehaviour, RecordedLocalRequest } from '../fake-local-server/harness';
export { defaultAnswer, fakeEmbedding } from '../fake-local-server/content';

export interface FakeOpenAIModel {
  id: string;
  role: 'chat' | 'embedding';
  /** Vector size (embedding models). */
  dim?: number;
  /** Fields some servers add to /v1/models entries (LM Studio `type`, vLLM `max_model_len`...). */
  extra?: Record<string, unknown>;
}

export const FAKE_OPENAI_MODELS: FakeOpenAIModel[] = [
  { id: 'text-embedding-nomic-embed-text-v1.5', role: 'embedding', dim: 768 },
  { id: 'text-embedding-bge-small-en-v1.5', role: 'embedding', dim: 384 },
  { id: 'qwen2.5-7b-instruct', role: 'chat' },
];

export interface FakeOpenAIOptions {
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  models?: FakeOpenAIModel[];
  /** The Bearer token requests must carry; none (default) accepts any request, as LM Studio does. */
  apiKey?: string;
  /** The model's answer; default: a sentence copied from passage [1] with the citation "[1]". */
  answer?: string | ((prompt: string) => string);
  /** Words per streamed chunk. Default 1. */
  wordsPerChunk?: number;
  /** Pause between streamed chunks. Default 0. */
  chunkDelayMs?: number;
  /** End streams after the finish chunk (and usage) without `data: [DONE]`, as some servers do. */
  omitDone?: boolean;
}

export type FakeOpenAI = FakeLocalServer;

const KINDS: Record<string, LocalRequestKind> = {
  'GET /v1/models': 'models',
  'POST /v1/embeddings': 'embed',
  'POST /v1/chat/completions': 'chat',
};

function openAiError(message: string, type: string, code: string | null, param: string | null = null) {
  return { error: { message, type, param, code } };
}

export async function startFakeOpenAI(opts: FakeOpenAIOptions = {}): Promise<FakeOpenAI> {
  const models = opts.models ?? FAKE_OPENAI_MODELS;
  const wordsPerChunk = opts.wordsPerChunk ?? 1;
  const created = 1_733_000_000;
  let completions = 0;
  const find = (id: unknown) => (typeof id === 'string' ? models.find((m) => m.id === id) : undefined);
  const modelOf = (x: Exchange) => (x.body as { model?: unknown } | null)?.model;
  const notFound = (x: Exchange, id: unknown) =>
    sendJson(
      x,
      404,
      openAiError(`The model \`${String(id)}\` does not exist.`, 'invalid_request_error', 'model_not_found', 'model'),
    );

  const embeddings = (x: Exchange) => {
    const model = find(modelOf(x));
    if (!model) return notFound(x, modelOf(x));
    if (model.role !== 'embedding')
      return sendJson(
        x,
        400,
        openAiError(`Model '${model.id}' is not an embedding model.`, 'invalid_request_error', null, 'model'),
      );
    const inputs = embeddingInputs(x.body);
    if (!inputs)
      return sendJson(
        x,
        400,
        openAiError("'input' must be a string or an array of strings", 'invalid_request_error', null),
      );
    // Not unit length, as some servers send them: clients must normalise.
    let data = inputs.map((t, index) => ({
      object: 'embedding',
      embedding: fakeEmbedding(t, model.dim ?? 768),
      index,
    }));
    if (x.behaviour.type === 'wrong-count') data = data.slice(0, -1);
    if (x.behaviour.type === 'reversed') data = data.reverse();
    const tokens = inputs.reduce((s, t) => s + tokenCount(t), 0);
    let text = JSON.stringify({
      object: 'list',
      data,
      model: model.id,
      usage: { prompt_tokens: tokens, total_tokens: tokens },
    });
    if (x.behaviour.type === 'bad-numbers') text = text.replace(/"embedding":\[(-?[\d.e-]+),/, '"embedding":[NaN,');
    sendText(x, 200, text, 'application/json; charset=utf-8');
  };

  const chat = (x: Exchange) => {
    const model = find(modelOf(x));
    if (!model) return notFound(x, modelOf(x));
    if (model.role !== 'chat')
      return sendJson(
        x,
        400,
        openAiError(`Model '${model.id}' is an embedding model and cannot chat.`, 'invalid_request_error', null),
      );
    const body = x.body as { stream?: unknown; stream_options?: { include_usage?: unknown } };
    const messages = chatMessages(x.body);
    const prompt = lastUserText(messages);
    const b = x.behaviour;
    const text =
      b.type === 'answer' || (b.type === 'slow' && b.text)
        ? (b as { text: string }).text
        : typeof opts.answer === 'function'
          ? opts.answer(prompt)
          : (opts.answer ?? defaultAnswer(prompt));
    const id = `chatcmpl-${++completions}`;
    const usage = {
      prompt_tokens: messages.reduce((s, m) => s + tokenCount(m.content), 0),
      completion_tokens: tokenCount(text),
      total_tokens: 0,
    };
    usage.total_tokens = usage.prompt_tokens + usage.completion_tokens;
    const base = { id, created, model: model.id, system_fingerprint: 'fp_fake' };
    if (body.stream !== true)
      return sendJson(x, 200, {
        ...base,
        object: 'chat.completion',
        choices: [{ index: 0, message: { role: 'assistant', content: text }, logprobs: null, finish_reason: 'stop' }],
        usage,
      });
    const event = (o: unknown) => `data: ${JSON.stringify(o)}\n\n`;
    const chunk = (delta: Record<string, unknown>, finish: string | null) =>
      event({
        ...base,
        object: 'chat.completion.chunk',
        choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
      });
    const pieces = chunkAnswer(text, b.type === 'slow' ? 1 : wordsPerChunk);
    const final = [chunk({}, 'stop')];
    if (body.stream_options?.include_usage === true)
      final.push(event({ ...base, object: 'chat.completion.chunk', choices: [], usage }));
    if (!opts.omitDone) final.push('data: [DONE]\n\n');
    writeStream(
      x,
      {
        contentType: 'text/event-stream; charset=utf-8',
        chunks: [chunk({ role: 'assistant', content: '' }, null), ...pieces.map((c) => chunk({ content: c }, null))],
        final,
        garbage: 'data: {"choices": [{"delta": {"content": "oops\n\n',
        error: (message) => event(openAiError(message, 'server_error', null)),
      },
      opts.chunkDelayMs ?? 0,
    );
  };

  const handle = (x: Exchange) => {
    if (opts.apiKey && x.rec.headers.authorization !== `Bearer ${opts.apiKey}`) {
      const given = (x.rec.headers.authorization ?? '').replace(/^Bearer\s*/i, '');
      // Echoes the key it was given, as some proxies do: clients must keep it out of their messages.
      return sendJson(
        x,
        401,
        openAiError(`Incorrect API key provided: ${given || '(none)'}.`, 'invalid_request_error', 'invalid_api_key'),
      );
    }
    const b = x.behaviour;
    if (b.type === 'server-error')
      return sendJson(x, b.status ?? 500, openAiError(b.message ?? 'Internal server error', 'server_error', null));
    if (b.type === 'garbage' && x.rec.kind !== 'chat')
      return sendText(x, 200, '{"object": "list", "data": [{"obj', 'application/json; charset=utf-8');
    switch (x.rec.kind) {
      case 'models':
        return sendJson(x, 200, {
          object: 'list',
          data: models.map((m) => ({ id: m.id, object: 'model', created, owned_by: 'organization_owner', ...m.extra })),
        });
      case 'embed':
        return embeddings(x);
      case 'chat':
        return chat(x);
    }
  };

  return startFakeLocalServer({
    host: opts.host,
    port: opts.port,
    kindOf: (method, path) => KINDS[`${method} ${path}`] ?? null,
    handle,
    notFound: (x) =>
      sendJson(
        x,
        404,
        openAiError(`Unexpected endpoint or method. (${x.rec.method} ${x.rec.path})`, 'invalid_request_error', null),
      ),
  });
}
