// A local stand-in for Ollama's HTTP API (https://github.com/ollama/ollama/blob/main/docs/api.md): GET /,
// /api/version, /api/tags, POST /api/show, /api/embed, /api/chat (NDJSON stream, or one JSON with
// stream:false), with Ollama's error bodies ({"error":"…"}; Go's plain "404 page not found" for unknown paths)
// and scriptable failures (fake-local-server/behaviours.ts).
//
//   const fake = await startFakeOllama();
//   await OllamaEmbedder.open({ baseUrl: fake.url, model: 'nomic-embed-text' });
//   fake.script([{ type: 'server-error', only: 'embed' }]); ... await fake.down(); ... await fake.close();
import {
  chatMessages,
  chunkAnswer,
  defaultAnswer,
  embeddingInputs,
  lastUserText,
  tokenCount,
  unitEmbedding,
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
export { defaultAnswer, unitEmbedding } from '../fake-local-server/content';

export interface FakeOllamaModel {
  /** With its tag, e.g. "nomic-embed-text:latest". */
  name: string;
  role: 'chat' | 'embedding';
  family: string;
  contextLength: number;
  /** Vector size (embedding models). */
  dim?: number;
  bytes: number;
  parameterSize: string;
  quantization: string;
}

export const FAKE_OLLAMA_MODELS: FakeOllamaModel[] = [
  {
    name: 'nomic-embed-text:latest',
    role: 'embedding',
    family: 'nomic-bert',
    contextLength: 2048,
    dim: 768,
    bytes: 274_302_450,
    parameterSize: '137M',
    quantization: 'F16',
  },
  {
    name: 'all-minilm:latest',
    role: 'embedding',
    family: 'bert',
    contextLength: 512,
    dim: 384,
    bytes: 45_960_996,
    parameterSize: '23M',
    quantization: 'F16',
  },
  {
    name: 'llama3.2:latest',
    role: 'chat',
    family: 'llama',
    contextLength: 131_072,
    bytes: 2_019_393_189,
    parameterSize: '3.2B',
    quantization: 'Q4_K_M',
  },
  {
    name: 'qwen2.5:0.5b',
    role: 'chat',
    family: 'qwen2',
    contextLength: 32_768,
    bytes: 397_821_319,
    parameterSize: '494.03M',
    quantization: 'Q4_K_M',
  },
];

export interface FakeOllamaOptions {
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  models?: FakeOllamaModel[];
  version?: string;
  /** The model's answer; default: a sentence copied from passage [1] with the citation "[1]". */
  answer?: string | ((prompt: string) => string);
  /** Words per streamed message. Default 1 (Ollama streams about a token at a time). */
  wordsPerChunk?: number;
  /** Pause between streamed messages. Default 0. */
  chunkDelayMs?: number;
}

export type FakeOllama = FakeLocalServer;

const KINDS: Record<string, LocalRequestKind> = {
  'GET /api/version': 'version',
  'GET /api/tags': 'models',
  'POST /api/show': 'show',
  'POST /api/embed': 'embed',
  'POST /api/chat': 'chat',
};

const DIGEST = 'a80c4f17acd55265feec403c7aef86be0c25983ab279d83f3bcd3abbcb5b8b72';

/** "llama3.2" names "llama3.2:latest", as in Ollama. */
function canonical(name: string): string {
  const last = name.slice(name.lastIndexOf('/') + 1);
  return last.includes(':') ? name : `${name}:latest`;
}

function details(m: FakeOllamaModel) {
  return {
    parent_model: '',
    format: 'gguf',
    family: m.family,
    families: [m.family],
    parameter_size: m.parameterSize,
    quantization_level: m.quantization,
  };
}

export async function startFakeOllama(opts: FakeOllamaOptions = {}): Promise<FakeOllama> {
  const models = opts.models ?? FAKE_OLLAMA_MODELS;
  const wordsPerChunk = opts.wordsPerChunk ?? 1;
  const now = () => new Date().toISOString();
  const find = (name: unknown) =>
    typeof name === 'string' ? models.find((m) => m.name === canonical(name.trim())) : undefined;
  const error = (x: Exchange, status: number, message: string) => sendJson(x, status, { error: message });
  const modelField = (x: Exchange) => {
    const b = (x.body ?? {}) as { model?: unknown; name?: unknown };
    return typeof b.model === 'string' ? b.model : typeof b.name === 'string' ? b.name : '';
  };

  const embed = (x: Exchange) => {
    const name = modelField(x);
    const model = find(name);
    if (!model) return error(x, 404, `model "${name}" not found, try pulling it first`);
    if (model.role !== 'embedding') return error(x, 400, `"${model.name}" does not support embeddings`);
    const inputs = embeddingInputs(x.body);
    if (!inputs) return error(x, 400, 'invalid input type');
    const dim = model.dim ?? 768;
    let vectors = inputs.map((t) => unitEmbedding(t, dim));
    if (x.behaviour.type === 'wrong-count') vectors = vectors.slice(0, -1);
    const payload = {
      model: model.name,
      embeddings: vectors,
      total_duration: 14_143_917,
      load_duration: 1_019_500,
      prompt_eval_count: inputs.reduce((s, t) => s + tokenCount(t), 0),
    };
    let text = JSON.stringify(payload);
    if (x.behaviour.type === 'bad-numbers') text = text.replace(/\[(-?[\d.e-]+),/, '[NaN,');
    sendText(x, 200, text, 'application/json; charset=utf-8');
  };

  const chat = (x: Exchange) => {
    const name = modelField(x);
    const model = find(name);
    if (!model) return error(x, 404, `model "${name}" not found, try pulling it first`);
    if (model.role !== 'chat') return error(x, 400, `"${model.name}" does not support chat`);
    const messages = chatMessages(x.body);
    const prompt = lastUserText(messages);
    const b = x.behaviour;
    const text =
      b.type === 'answer' || (b.type === 'slow' && b.text)
        ? (b as { text: string }).text
        : typeof opts.answer === 'function'
          ? opts.answer(prompt)
          : (opts.answer ?? defaultAnswer(prompt));
    const promptTokens = messages.reduce((s, m) => s + tokenCount(m.content), 0);
    const last = {
      model: model.name,
      created_at: now(),
      message: { role: 'assistant', content: '' },
      done: true,
      done_reason: 'stop',
      total_duration: 4_883_583_458,
      load_duration: 1_334_875,
      prompt_eval_count: promptTokens,
      prompt_eval_duration: 342_546_000,
      eval_count: tokenCount(text),
      eval_duration: 4_535_599_000,
    };
    if ((x.body as { stream?: unknown }).stream === false)
      return sendJson(x, 200, { ...last, message: { role: 'assistant', content: text } });
    const line = (o: unknown) => `${JSON.stringify(o)}\n`;
    const pieces = chunkAnswer(text, b.type === 'slow' ? 1 : wordsPerChunk);
    writeStream(
      x,
      {
        contentType: 'application/x-ndjson',
        chunks: pieces.map((content) =>
          line({ model: model.name, created_at: now(), message: { role: 'assistant', content }, done: false }),
        ),
        final: [line(last)],
        garbage: '<html><body>502 Bad Gateway</body></html>\n',
        error: (message) => line({ error: message }),
      },
      opts.chunkDelayMs ?? 0,
    );
  };

  const show = (x: Exchange) => {
    const name = modelField(x);
    const model = find(name);
    if (!model) return error(x, 404, `model '${name}' not found`);
    const arch = model.family;
    sendJson(x, 200, {
      license: '',
      modelfile: `FROM ${model.name}\n`,
      parameters: model.role === 'chat' ? 'stop "<|eot_id|>"' : '',
      template: model.role === 'chat' ? '{{- range .Messages }}{{ .Role }}: {{ .Content }}\n{{ end }}' : '',
      details: details(model),
      model_info: {
        'general.architecture': arch,
        'general.parameter_count': 1_000_000,
        [`${arch}.context_length`]: model.contextLength,
        [`${arch}.embedding_length`]: model.dim ?? 3072,
        ...(model.role === 'embedding' ? { [`${arch}.pooling_type`]: 1 } : {}),
      },
      capabilities: model.role === 'embedding' ? ['embedding'] : ['completion', 'tools'],
      modified_at: now(),
    });
  };

  const handle = (x: Exchange) => {
    const b = x.behaviour;
    if (b.type === 'server-error')
      return error(x, b.status ?? 500, b.message ?? 'llama runner process has terminated: exit status 2');
    if (b.type === 'garbage' && x.rec.kind !== 'chat')
      return sendText(x, 200, '{"models": [{"name": "llama3', 'application/json; charset=utf-8');
    switch (x.rec.kind) {
      case 'version':
        return sendJson(x, 200, { version: opts.version ?? '0.6.8' });
      case 'models':
        return sendJson(x, 200, {
          models: models.map((m) => ({
            name: m.name,
            model: m.name,
            modified_at: now(),
            size: m.bytes,
            digest: DIGEST,
            details: details(m),
          })),
        });
      case 'show':
        return show(x);
      case 'embed':
        return embed(x);
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
      x.rec.path === '/' && x.rec.method === 'GET'
        ? sendText(x, 200, 'Ollama is running')
        : sendText(x, 404, '404 page not found'),
  });
}
