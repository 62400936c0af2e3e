// Model process only: the models it holds, one per role (chat, embedding), and the work done with them.
// A request names the model it wants (path, context size, threads); a different one replaces the role's
// model (the old one is freed first). Callers serialise requests per role (worker.ts).
import type {
  ChatHistoryItem,
  LlamaContext,
  LlamaContextSequence,
  LlamaEmbeddingContext,
  LlamaModel,
  Token,
} from 'node-llama-cpp';
import { ggufErrors } from './errors';
import { toGgufError } from './llama-errors';
import { clearLlamaLog, getLlamaOnce, nodeLlamaCpp } from './llama-module';
import type { ChatResult, ModelSpec, Role } from './protocol';

type Loaded =
  | { role: 'embedding'; key: string; spec: ModelSpec; model: LlamaModel; embedding: LlamaEmbeddingContext }
  | {
      role: 'chat';
      key: string;
      spec: ModelSpec;
      model: LlamaModel;
      context: LlamaContext;
      sequence: LlamaContextSequence;
    };

const loaded: { chat: Loaded | null; embedding: Loaded | null } = { chat: null, embedding: null };

const keyOf = (spec: ModelSpec) => `${spec.path}\n${spec.contextSize}\n${spec.threads}`;

async function ensureLoaded(role: Role, spec: ModelSpec): Promise<Loaded> {
  const current = loaded[role];
  if (current && current.key === keyOf(spec)) return current;
  await unloadRole(role);
  const nlc = await nodeLlamaCpp();
  const llama = await getLlamaOnce();
  const ctx = { path: spec.path, what: 'load the model', contextSize: spec.contextSize, nlc };
  clearLlamaLog();
  let model: LlamaModel;
  try {
    model = await llama.loadModel({ modelPath: spec.path });
  } catch (e) {
    throw toGgufError(e, ctx);
  }
  try {
    if (role === 'embedding') {
      // Embedding models see a whole text in one batch (non-causal attention): batch = context.
      const embedding = await model.createEmbeddingContext({
        contextSize: spec.contextSize,
        batchSize: spec.contextSize,
        threads: spec.threads,
      });
      loaded.embedding = { role, key: keyOf(spec), spec, model, embedding };
    } else {
      const context = await model.createContext({ contextSize: spec.contextSize, threads: spec.threads, sequences: 1 });
      loaded.chat = { role, key: keyOf(spec), spec, model, context, sequence: context.getSequence() };
    }
  } catch (e) {
    await model.dispose().catch(() => undefined);
    throw toGgufError(e, ctx);
  }
  return loaded[role]!;
}

/** Frees the role's context and model; true when something was loaded. */
export async function unloadRole(role: Role): Promise<boolean> {
  const current = loaded[role];
  if (!current) return false;
  loaded[role] = null;
  if (current.role === 'embedding') await current.embedding.dispose().catch(() => undefined);
  else await current.context.dispose().catch(() => undefined);
  await current.model.dispose().catch(() => undefined);
  return true;
}

export function loadedPaths(): { chat: string | null; embedding: string | null } {
  return { chat: loaded.chat?.spec.path ?? null, embedding: loaded.embedding?.spec.path ?? null };
}

/** The input a text becomes: its tokens, cut to what the context takes (BOS and EOS are added to them). */
function embeddingInput(model: LlamaModel, text: string, contextSize: number): Token[] {
  const tokens = model.tokenize(text);
  if (tokens.length === 0) {
    // An empty text still gets a vector (node-llama-cpp returns an empty one): the BOS token's, or a space's.
    const bos = model.tokens.bos;
    return bos != null ? [bos] : model.tokenize(' ');
  }
  // node-llama-cpp refuses an input that fills the context; a long text keeps its beginning.
  return tokens.length > contextSize - 3 ? tokens.slice(0, contextSize - 3) : tokens;
}

/** Raw vectors, in order; the parent normalises them. Checks the signal between texts. */
export async function embedTexts(spec: ModelSpec, texts: string[], signal: AbortSignal): Promise<Float32Array[]> {
  const l = await ensureLoaded('embedding', spec);
  if (l.role !== 'embedding') throw new Error('unreachable');
  const nlc = await nodeLlamaCpp();
  const out: Float32Array[] = [];
  for (const text of texts) {
    signal.throwIfAborted();
    try {
      const e = await l.embedding.getEmbeddingFor(embeddingInput(l.model, text, spec.contextSize));
      out.push(Float32Array.from(e.vector));
    } catch (err) {
      throw toGgufError(err, { path: spec.path, what: 'embed a text', contextSize: spec.contextSize, nlc });
    }
  }
  return out;
}

/** The shortest answer worth writing when the prompt leaves less room than asked for. */
const MIN_ANSWER_TOKENS = 64;

export interface ChatInput {
  system: string;
  history: { role: 'user' | 'assistant'; text: string }[];
  prompt: string;
  maxTokens: number;
  temperature: number;
}

/** Writes the answer with the model's own chat template (node-llama-cpp picks it from the GGUF). */
export async function chat(
  spec: ModelSpec,
  input: ChatInput,
  signal: AbortSignal,
  onText: (text: string) => void,
): Promise<ChatResult> {
  const l = await ensureLoaded('chat', spec);
  if (l.role !== 'chat') throw new Error('unreachable');
  const nlc = await nodeLlamaCpp();
  // A session per request on the role's one sequence: the sequence keeps its tokens, so a prompt that begins
  // like the previous one (same system prompt) reuses the evaluated prefix.
  const session = new nlc.LlamaChatSession({ contextSequence: l.sequence, autoDisposeSequence: false });
  try {
    const history: ChatHistoryItem[] = [];
    if (input.system.trim()) history.push({ type: 'system', text: input.system });
    for (const turn of input.history) {
      if (!turn.text.trim()) continue;
      history.push(turn.role === 'user' ? { type: 'user', text: turn.text } : { type: 'model', response: [turn.text] });
    }
    session.setChatHistory(history);
    // node-llama-cpp silently drops the start of a conversation that does not fit (passages would vanish from
    // the prompt without a word): measure the prompt as the chat template renders it, and refuse instead.
    const rendered = session.chatWrapper.generateContextState({
      chatHistory: [...history, { type: 'user', text: input.prompt }, { type: 'model', response: [] }],
    });
    const promptTokens = rendered.contextText.tokenize(l.model.tokenizer).length;
    // The engine counts tokens with another tokenizer: a prompt a little longer than planned shortens the
    // answer's allowance; one that leaves no room for a useful answer is refused.
    const room = spec.contextSize - promptTokens;
    if (room < Math.min(input.maxTokens, MIN_ANSWER_TOKENS))
      throw ggufErrors.promptTooLong(spec.contextSize, promptTokens);
    const before = l.sequence.tokenMeter.getState();
    const r = await session.promptWithMeta(input.prompt, {
      maxTokens: Math.min(input.maxTokens, room),
      temperature: input.temperature,
      signal,
      stopOnAbortSignal: false, // an abort throws: the parent answers the caller with its AbortError
      onTextChunk: (text) => {
        if (text) onText(text);
      },
    });
    return {
      finishReason: r.stopReason === 'maxTokens' ? 'max-tokens' : 'stop',
      promptTokens,
      outputTokens: l.sequence.tokenMeter.diff(before).usedOutputTokens,
    };
  } catch (err) {
    if (signal.aborted) throw err;
    throw toGgufError(err, { path: spec.path, what: 'write the answer', contextSize: spec.contextSize, nlc });
  } finally {
    session.dispose({ disposeSequence: false });
  }
}
