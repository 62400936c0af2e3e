// The one error type of the in-process GGUF models: a code the UI can translate and a message that says what
// happened and what the user can do. Errors raised in the model process cross the process boundary as
// { code, message } and are rebuilt here, so the parent sees the same class whichever side failed.
import { basename } from 'node:path';

export type GgufErrorCode =
  | 'not-found' // no file at that path, or it cannot be read
  | 'not-gguf' // the file is not a GGUF model
  | 'corrupt' // a GGUF file that is truncated or damaged
  | 'not-a-chat-model' // an embedding (or base) model chosen to write answers
  | 'unsupported' // a GGUF this version of llama.cpp cannot run (architecture, encoder-decoder…)
  | 'too-big' // not enough free memory for the model and its context
  | 'prompt-too-long' // the prompt does not fit in the model's context
  | 'crashed' // the model process died (out of memory, killed) during a request
  | 'no-binary' // no prebuilt llama.cpp binary loads on this machine
  | 'failed'; // anything else (the message says what)

export const GGUF_ERROR_CODES: readonly GgufErrorCode[] = [
  'not-found',
  'not-gguf',
  'corrupt',
  'not-a-chat-model',
  'unsupported',
  'too-big',
  'prompt-too-long',
  'crashed',
  'no-binary',
  'failed',
];

export class GgufError extends Error {
  constructor(
    readonly code: GgufErrorCode,
    message: string,
    opts: { cause?: unknown } = {},
  ) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'GgufError';
  }
}

export function isGgufError(e: unknown): e is GgufError {
  return e instanceof GgufError;
}

const name = (path: string) => `"${basename(path)}"`;
const mb = (bytes: number) => `${Math.max(1, Math.round(bytes / 2 ** 20)).toLocaleString('en')} MB`;

/** The messages, in one place so that the child process and the parent word them the same way. */
export const ggufErrors = {
  notFound: (path: string, detail?: string) =>
    new GgufError(
      'not-found',
      `The model file ${name(path)} cannot be read${detail ? ` (${detail})` : ''}. Check that it still exists at ${path}, or choose the model again.`,
    ),
  notGguf: (path: string) =>
    new GgufError(
      'not-gguf',
      `${name(path)} is not a GGUF model file. Choose a .gguf file (LM Studio, GPT4All, Jan and Hugging Face provide them).`,
    ),
  corrupt: (path: string, detail: string) =>
    new GgufError(
      'corrupt',
      `The model file ${name(path)} is incomplete or damaged (${detail}). If it was being downloaded, let the download finish or download it again.`,
    ),
  notAChatModel: (path: string, why: string) =>
    new GgufError(
      'not-a-chat-model',
      `${name(path)} cannot write answers: ${why}. Choose a chat (instruct) model for answers; this one can be used as the embedding model.`,
    ),
  unsupported: (path: string, detail: string) =>
    new GgufError(
      'unsupported',
      `${name(path)} cannot be run by this version of Lucarne (${detail}). Choose another model, or update Lucarne.`,
    ),
  tooBig: (path: string, neededBytes: number, freeBytes: number) =>
    new GgufError(
      'too-big',
      `${name(path)} needs about ${mb(neededBytes)} of memory but only ${mb(freeBytes)} is free. Close other applications, or choose a smaller model (a smaller quantization such as Q4_K_M, or fewer parameters).`,
    ),
  tooBigForLlama: (path: string, detail: string) =>
    new GgufError(
      'too-big',
      `There is not enough memory to load ${name(path)} (${detail}). Close other applications, or choose a smaller model.`,
    ),
  promptTooLong: (contextSize?: number, promptTokens?: number) =>
    new GgufError(
      'prompt-too-long',
      `The question and its passages${promptTokens ? ` (${promptTokens} tokens)` : ''} do not fit in the model's context${contextSize ? ` of ${contextSize} tokens` : ''} with room for the answer. Ask a shorter question, lower the number of passages, or choose a model with a longer context.`,
    ),
  crashed: (how: string) =>
    new GgufError(
      'crashed',
      `The local model stopped unexpectedly (${how}); the machine may have run out of memory. Try again; if it happens again, choose a smaller model or close other applications.`,
    ),
  noBinary: (detail: string) =>
    new GgufError(
      'no-binary',
      `Local models cannot run on this machine: no prebuilt llama.cpp binary loads here (${detail}). Use Ollama or an OpenAI-compatible server instead, or reinstall Lucarne.`,
    ),
  failed: (what: string, detail: string) => new GgufError('failed', `The local model failed to ${what}: ${detail}`),
};

/** Rebuilds an error that crossed the process boundary. */
export function ggufErrorFromWire(e: { code: string; message: string }): GgufError {
  const code = (GGUF_ERROR_CODES as readonly string[]).includes(e.code) ? (e.code as GgufErrorCode) : 'failed';
  return new GgufError(code, e.message);
}
