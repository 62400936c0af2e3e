// Reads Ollama's model descriptions (/api/tags entries, /api/show answers) into plain objects, and decides a
// model's role: Ollama's own capabilities when it reports them (0.6.4+), else the family (bert, nomic-bert...
// are embedding encoders) and the name.
import {
  isEmbeddingFamily,
  type LocalModelInfo,
  type LocalModelRole,
  positiveInt,
  roleFromName,
} from '../servers/model-info';
import { isRecord } from '../servers/json';

/** One installed model as /api/tags lists it. */
export interface OllamaTag {
  name: string;
  bytes?: number;
  family?: string;
  families?: string[];
  parameterSize?: string;
  quantization?: string;
}

/** What /api/show says about one model. */
export interface OllamaModelDetails {
  name: string;
  architecture?: string;
  family?: string;
  /** model_info "<arch>.context_length": what the model was trained for. */
  contextLength?: number;
  /** model_info "<arch>.embedding_length". */
  embeddingLength?: number;
  /** "completion", "embedding", "tools", "vision"... (Ollama 0.6.4+). */
  capabilities?: string[];
  /** True for an embedding-only model, false for a chat model, undefined when Ollama does not tell. */
  isEmbedding?: boolean;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v ? v : undefined;
}

export function parseTags(body: unknown): OllamaTag[] | null {
  if (!isRecord(body) || !Array.isArray(body.models)) return null;
  const tags: OllamaTag[] = [];
  for (const m of body.models) {
    if (!isRecord(m)) continue;
    const name = str(m.name) ?? str(m.model);
    if (!name) continue;
    const d = isRecord(m.details) ? m.details : {};
    tags.push({
      name,
      bytes: positiveInt(m.size),
      family: str(d.family),
      families: Array.isArray(d.families) ? d.families.filter((f): f is string => typeof f === 'string') : undefined,
      parameterSize: str(d.parameter_size),
      quantization: str(d.quantization_level),
    });
  }
  return tags;
}

export function parseShow(name: string, body: unknown): OllamaModelDetails | null {
  if (!isRecord(body)) return null;
  const info = isRecord(body.model_info) ? body.model_info : {};
  const d = isRecord(body.details) ? body.details : {};
  if (!isRecord(body.model_info) && !isRecord(body.details)) return null;
  const family = str(d.family);
  const architecture = str(info['general.architecture']) ?? family;
  const key = (k: string) => (architecture ? info[`${architecture}.${k}`] : undefined);
  const capabilities = Array.isArray(body.capabilities)
    ? body.capabilities.filter((c): c is string => typeof c === 'string')
    : undefined;
  let isEmbedding: boolean | undefined;
  if (capabilities?.length) isEmbedding = capabilities.includes('embedding') && !capabilities.includes('completion');
  else if (isEmbeddingFamily(family) || isEmbeddingFamily(architecture) || key('pooling_type') !== undefined)
    isEmbedding = true;
  return {
    name,
    architecture,
    family,
    contextLength: positiveInt(key('context_length')),
    embeddingLength: positiveInt(key('embedding_length')),
    capabilities,
    isEmbedding,
  };
}

function roleOf(tag: OllamaTag, details?: OllamaModelDetails): LocalModelRole {
  if (details?.isEmbedding === true) return 'embedding';
  if (details?.capabilities?.includes('completion')) return 'chat';
  if (isEmbeddingFamily(tag.family) || tag.families?.some(isEmbeddingFamily)) return 'embedding';
  return roleFromName(tag.name, tag.family ? 'chat' : 'unknown');
}

export function ollamaModelInfo(tag: OllamaTag, details?: OllamaModelDetails): LocalModelInfo {
  const info: LocalModelInfo = { name: tag.name, role: roleOf(tag, details) };
  if (details?.contextLength) info.contextLength = details.contextLength;
  if (tag.bytes) info.bytes = tag.bytes;
  const family = tag.family ?? details?.family ?? details?.architecture;
  if (family) info.family = family;
  if (info.role === 'embedding' && details?.embeddingLength) info.embeddingLength = details.embeddingLength;
  if (tag.parameterSize) info.parameterSize = tag.parameterSize;
  if (tag.quantization) info.quantization = tag.quantization;
  return info;
}

/** "nomic-embed-text" and "nomic-embed-text:latest" are one model to Ollama, and must be one cache key. */
export function canonicalOllamaModel(name: string): string {
  const trimmed = name.trim();
  const lastSegment = trimmed.slice(trimmed.lastIndexOf('/') + 1);
  return lastSegment.includes(':') ? trimmed : `${trimmed}:latest`;
}
