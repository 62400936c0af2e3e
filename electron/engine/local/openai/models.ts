// Reads what OpenAI-compatible servers send: their /models list, /embeddings answers and error bodies. The
// protocol says nothing of a model's role or context length, but servers add fields of their own that we use
// when present: LM Studio's `type` ("llm", "embeddings") and `max_context_length`, vLLM's `max_model_len`,
// llama-server's `meta.n_ctx_train` and `meta.n_embd`. Otherwise the role comes from the name.
import { type LocalModelInfo, positiveInt, roleFromName } from '../servers/model-info';
import { isRecord } from '../servers/json';

export interface OpenAIModelEntry {
  id: string;
  ownedBy?: string;
  /** The server's own type field, when it has one ("llm", "vlm", "embeddings"). */
  type?: string;
  contextLength?: number;
  embeddingLength?: number;
}

export function parseModels(body: unknown): OpenAIModelEntry[] | null {
  const list = isRecord(body) && Array.isArray(body.data) ? body.data : Array.isArray(body) ? body : null;
  if (!list) return null;
  const out: OpenAIModelEntry[] = [];
  for (const m of list) {
    if (!isRecord(m) || typeof m.id !== 'string' || !m.id) continue;
    const meta = isRecord(m.meta) ? m.meta : {};
    const entry: OpenAIModelEntry = { id: m.id };
    if (typeof m.owned_by === 'string') entry.ownedBy = m.owned_by;
    if (typeof m.type === 'string') entry.type = m.type;
    const ctx =
      positiveInt(m.max_context_length) ??
      positiveInt(m.max_model_len) ??
      positiveInt(m.context_length) ??
      positiveInt(meta.n_ctx_train);
    if (ctx) entry.contextLength = ctx;
    const dim = positiveInt(meta.n_embd);
    if (dim) entry.embeddingLength = dim;
    out.push(entry);
  }
  return out;
}

export function openAiModelInfo(m: OpenAIModelEntry): LocalModelInfo {
  const type = m.type?.toLowerCase();
  const role =
    type === 'embeddings' || type === 'embedding'
      ? 'embedding'
      : type === 'llm' || type === 'vlm'
        ? 'chat'
        : roleFromName(m.id, 'unknown');
  const info: LocalModelInfo = { name: m.id, role };
  if (m.contextLength) info.contextLength = m.contextLength;
  if (role === 'embedding' && m.embeddingLength) info.embeddingLength = m.embeddingLength;
  return info;
}

/**
 * The vectors of an /embeddings answer in input order (`data[].index` says which input each is for; servers
 * need not keep the order). A string says what is wrong with the answer.
 */
export function orderedEmbeddings(body: unknown, count: number): unknown[] | string {
  if (!isRecord(body) || !Array.isArray(body.data)) return 'no "data" list in the answer';
  const data = body.data;
  if (data.length !== count) return `${data.length} embeddings for ${count} texts`;
  const rows: unknown[] = new Array(count);
  const seen = new Set<number>();
  for (let i = 0; i < data.length; i++) {
    const item = data[i];
    if (!isRecord(item)) return `item ${i} of "data" is not an object`;
    const index = item.index === undefined ? i : item.index;
    if (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index >= count || seen.has(index))
      return `item ${i} of "data" has a wrong index (${JSON.stringify(item.index)})`;
    seen.add(index);
    rows[index] = item.embedding;
  }
  return rows;
}

/** The server's message in an error body: {"error":{"message"}} (OpenAI, llama-server), {"error":"…"} (LM
 * Studio), {"message"} (vLLM), {"detail"} (FastAPI servers). */
export function openAiErrorText(body: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (!isRecord(parsed)) return undefined;
  const error = parsed.error;
  if (isRecord(error) && typeof error.message === 'string') return error.message;
  if (typeof error === 'string') return error;
  if (typeof parsed.message === 'string') return parsed.message;
  if (typeof parsed.detail === 'string') return parsed.detail;
  return undefined;
}
