// Messages between the engine (client.ts) and the model process (worker.ts). Both sides validate what they
// receive with these schemas: a message from the other process is input like any other, and a malformed one
// is refused with an error rather than trusted. The channel is Node's IPC with `serialization: 'advanced'`,
// so vectors cross as Float32Array without a JSON round trip.
import { z } from 'zod';

export type Role = 'chat' | 'embedding';
export const roleSchema = z.enum(['chat', 'embedding']);

/** Which model a request wants loaded in its role; the process loads it (replacing another) when it differs. */
export const modelSpecSchema = z.object({
  path: z.string().min(1),
  contextSize: z.number().int().min(16),
  threads: z.number().int().min(1).max(256),
});
export type ModelSpec = z.infer<typeof modelSpecSchema>;

const turnSchema = z.object({ role: z.enum(['user', 'assistant']), text: z.string() });

// ---- engine → model process -------------------------------------------------------------------------------

export const requestSchema = z.discriminatedUnion('type', [
  /** Reads the GGUF header (no weights): what the model is and what it needs. */
  z.object({
    id: z.number().int(),
    type: z.literal('inspect'),
    path: z.string().min(1),
    role: roleSchema,
    contextCap: z.number().int().min(16),
  }),
  /** Embeds texts in order with the embedding role's model; vectors raw (the parent normalises). */
  z.object({ id: z.number().int(), type: z.literal('embed'), model: modelSpecSchema, texts: z.array(z.string()) }),
  /** Writes an answer with the chat role's model, streaming `text` messages, then a result. */
  z.object({
    id: z.number().int(),
    type: z.literal('chat'),
    model: modelSpecSchema,
    system: z.string(),
    history: z.array(turnSchema),
    prompt: z.string(),
    maxTokens: z.number().int().min(1),
    temperature: z.number().min(0).max(2),
  }),
  /** Stops request `target` (a chat or an embed) as soon as possible; it then ends with an `aborted` error. */
  z.object({ id: z.number().int(), type: z.literal('abort'), target: z.number().int() }),
  /** Frees the role's model and context. */
  z.object({ id: z.number().int(), type: z.literal('unload'), role: roleSchema }),
  /** What the process holds: its memory and the loaded models. */
  z.object({ id: z.number().int(), type: z.literal('info') }),
]);
export type Request = z.infer<typeof requestSchema>;
/** A request as the client writes it (the id is added when it is sent). */
export type RequestBody = Request extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

// ---- model process → engine -------------------------------------------------------------------------------

export const responseSchema = z.discriminatedUnion('type', [
  z.object({ id: z.number().int(), type: z.literal('text'), text: z.string() }),
  z.object({ id: z.number().int(), type: z.literal('result'), value: z.unknown() }),
  z.object({ id: z.number().int(), type: z.literal('error'), code: z.string(), message: z.string() }),
]);
export type Response = z.infer<typeof responseSchema>;

/** The error code the process answers an aborted request with (never shown: the caller threw AbortError). */
export const ABORTED = 'aborted';

// ---- results, one schema per request type ---------------------------------------------------------------

export const inspectResultSchema = z.object({
  architecture: z.string(),
  name: z.string().nullable(),
  fileBytes: z.number().nonnegative(),
  /** Context the model was trained on, and the one the caller will use: min(trained, cap). */
  trainContextSize: z.number().int().nonnegative(),
  contextSize: z.number().int().min(16),
  embeddingSize: z.number().int().nonnegative(),
  /** `<arch>.pooling_type` when the header declares one (embedding models do). */
  poolingType: z.number().int().nullable(),
  hasChatTemplate: z.boolean(),
  hasEncoder: z.boolean(),
  hasDecoder: z.boolean(),
  /** Memory the weights and the context need on the CPU (node-llama-cpp's estimates, no GPU offload). */
  weightsBytes: z.number().nonnegative(),
  contextBytes: z.number().nonnegative(),
});
export type InspectResult = z.infer<typeof inspectResultSchema>;

export const embedResultSchema = z.object({ vectors: z.array(z.instanceof(Float32Array)) });

export const chatResultSchema = z.object({
  finishReason: z.enum(['stop', 'max-tokens']),
  promptTokens: z.number().int().nonnegative(),
  outputTokens: z.number().int().nonnegative(),
});
export type ChatResult = z.infer<typeof chatResultSchema>;

export const infoResultSchema = z.object({
  pid: z.number().int(),
  rssBytes: z.number().nonnegative(),
  loaded: z.object({ chat: z.string().nullable(), embedding: z.string().nullable() }),
});
export type InfoResult = z.infer<typeof infoResultSchema>;

export const unloadResultSchema = z.object({ unloaded: z.boolean() });

export const resultSchemas = {
  inspect: inspectResultSchema,
  embed: embedResultSchema,
  chat: chatResultSchema,
  info: infoResultSchema,
  unload: unloadResultSchema,
} as const;
