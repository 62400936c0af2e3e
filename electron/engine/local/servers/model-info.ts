// What a local server says about the models it offers, in one shape for both server kinds, so the settings
// can offer chat models for answers and embedding models for search.

export type LocalModelRole = 'chat' | 'embedding' | 'unknown';

export interface LocalModelInfo {
  /** The name to send back to the server (Ollama "nomic-embed-text:latest", LM Studio "qwen2.5-7b-instruct"). */
  name: string;
  role: LocalModelRole;
  /** Tokens the model accepts, when the server says. */
  contextLength?: number;
  /** Size on disk, when the server says. */
  bytes?: number;
  /** Model family or architecture ("llama", "nomic-bert"), when the server says. */
  family?: string;
  /** Vector size of an embedding model, when the server says. */
  embeddingLength?: number;
  parameterSize?: string;
  quantization?: string;
}

/** Families that only exist as embedding models (BERT-style encoders). */
const EMBEDDING_FAMILIES = new Set([
  'bert',
  'nomic-bert',
  'nomic-bert-moe',
  'jina-bert',
  'jina-bert-v2',
  'xlm-roberta',
  'roberta',
  't5encoder',
  'new',
]);

/** Names that give an embedding model away when the server does not say (all-minilm, bge-m3, e5, gte...). */
const EMBEDDING_NAME = /embed|(^|[^a-z])(bge|gte|e5|minilm|mpnet|arctic-embed|paraphrase|sentence)([^a-z]|$)/i;

export function isEmbeddingFamily(family: string | undefined): boolean {
  return family !== undefined && EMBEDDING_FAMILIES.has(family.toLowerCase());
}

/** A role from the name alone: 'embedding' when it says so, else `otherwise`. */
export function roleFromName(name: string, otherwise: LocalModelRole): LocalModelRole {
  return EMBEDDING_NAME.test(name) ? 'embedding' : otherwise;
}

/** A positive integer, or undefined (servers send sizes as numbers, strings or not at all). */
export function positiveInt(value: unknown): number | undefined {
  const n = typeof value === 'string' && value.trim() ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) && n > 0 ? n : undefined;
}
