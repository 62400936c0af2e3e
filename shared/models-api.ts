// The contract's shapes for local models: the settings of the three local kinds (in-process GGUF, Ollama,
// OpenAI-compatible servers), the models found on disk or on a server, the download catalog, downloads and
// the model test. Kept beside api.ts, which assembles them into its tables, so that file stays readable.
import { z } from 'zod';
import { SETTING_BOUNDS } from './setting-bounds';

const bounded = ({ min, max }: { min: number; max: number }) => z.number().int().min(min).max(max);
const modelRef = z.string().max(4096); // a GGUF path (in-process) or a server's model name; '' = none
const baseUrl = z.string().max(2000);

/** The local kinds' choices. An empty model means: that role stays with the offline default. */
export const LocalModelSettingsSchema = z.object({
  gguf: z.object({
    chatModel: modelRef,
    embedModel: modelRef,
    /** Tokens of context to allocate (capped by the model's own); the prompt budget derives from it. */
    contextSize: bounded(SETTING_BOUNDS.localContextSize),
  }),
  ollama: z.object({ baseUrl, chatModel: modelRef, embedModel: modelRef }),
  openai: z.object({
    baseUrl,
    chatModel: modelRef,
    embedModel: modelRef,
    /** The OpenAI protocol does not say a model's context length: the user does (default 4096). */
    contextWindow: bounded(SETTING_BOUNDS.localContextSize),
  }),
  /** Embedding prefixes; null = the model family's known ones (e5 "query: ", nomic "search_query: "…). */
  queryPrefix: z.string().max(500).nullable(),
  documentPrefix: z.string().max(500).nullable(),
  /** In-process models are unloaded (memory released) after this many idle minutes. */
  idleUnloadMinutes: bounded(SETTING_BOUNDS.idleUnloadMinutes),
  /** GGUF files the user added by drag-and-drop or the file picker, listed with the scanned ones. */
  addedModels: z.array(z.string().min(1).max(4096)).max(200),
});
export type LocalModelSettings = z.infer<typeof LocalModelSettingsSchema>;

export const ModelRoleSchema = z.enum(['chat', 'embedding']);
export const ModelSourceSchema = z.enum(['lmstudio', 'gpt4all', 'jan', 'ollama', 'huggingface', 'lucarne', 'added']);

/** A GGUF file found on disk, read from its header without loading the weights. */
export const FoundModelSchema = z.object({
  path: z.string(),
  fileName: z.string(),
  name: z.string(),
  source: ModelSourceSchema,
  role: ModelRoleSchema.nullable(),
  architecture: z.string().nullable(),
  parameters: z.number().nullable(),
  quantization: z.string().nullable(),
  contextLength: z.number().nullable(),
  embeddingLength: z.number().nullable(),
  fileBytes: z.number(),
  /** Weights + KV cache at the configured context, against the machine's free memory now. */
  memory: z.object({ bytes: z.number(), freeBytes: z.number(), fits: z.boolean() }).nullable(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
});
export type FoundModel = z.infer<typeof FoundModelSchema>;

/** A model a local server (Ollama, OpenAI-compatible) offers. */
export const ServerModelSchema = z.object({
  name: z.string(),
  role: z.enum(['chat', 'embedding', 'unknown']),
  contextLength: z.number().nullable(),
  bytes: z.number().nullable(),
});

export const CatalogEntrySchema = z.object({
  id: z.string(),
  name: z.string(),
  role: ModelRoleSchema,
  url: z.string(),
  fileName: z.string(),
  bytes: z.number(),
  sha256: z.string().nullable(),
  license: z.string(),
  ramGb: z.number(),
  french: z.enum(['good', 'fair', 'poor']),
  contextLength: z.number().nullable(),
  note: z.string(),
  /** Set when the file is already in Lucarne's models folder. */
  downloadedPath: z.string().nullable(),
});

export const DownloadStatusSchema = z.object({
  id: z.string(),
  state: z.enum(['checking', 'downloading', 'verifying', 'done', 'failed', 'cancelled']),
  bytesDone: z.number(),
  bytesTotal: z.number(),
  bytesPerSecond: z.number(),
  path: z.string().nullable(),
  error: z.string().nullable(),
});

const stepResult = z.object({
  ok: z.boolean(),
  ms: z.number().nullable(),
  detail: z.string(),
});

/** The "Test" button: one embedding and one short answer with the chosen models, with timings. */
export const ModelTestSchema = z.object({
  provider: z.string(),
  embed: stepResult.extend({ dim: z.number().nullable(), model: z.string() }),
  chat: stepResult.extend({ firstTokenMs: z.number().nullable(), model: z.string() }),
});
