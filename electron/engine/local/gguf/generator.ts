// Answers written by a local GGUF chat model (Llama, Qwen, Mistral, Gemma…) run by llama.cpp in the model
// process, with the model's own chat template. Streams text as it comes; cancelling (the signal, or leaving
// the loop early) stops the model at the next token and ends in the standard AbortError, as Gemini does.
import { freemem } from 'node:os';
import { resolve } from 'node:path';
import type { GenerationEvent, GenerationRequest, Generator } from '../../types';
import { DEFAULT_IDLE_MS, type LlamaClient, type RoleUse } from './client';
import { ggufErrors } from './errors';
import { chatModelProblem, defaultThreads, memoryNeeded, modelFile } from './model-facts';
import type { InspectResult } from './protocol';
import { sharedLlamaClient } from './shared-client';

/** Context used when the caller sets no cap: enough for a question and its passages, without a huge cache. */
export const DEFAULT_CHAT_CONTEXT = 8192;
const DEFAULT_MAX_OUTPUT = 1024;

export interface GgufGeneratorOptions {
  modelPath: string;
  /** Cap on the context (tokens); the model's trained context if smaller. Default 8192. */
  contextSize?: number;
  threads?: number;
  /** Unload the model after this long without a request (default 5 min). */
  idleMs?: number;
  /** Longest answer in tokens (default 1024); never more than a quarter of the context. */
  maxOutputTokens?: number;
  /** Sampling temperature (default 0.2, as for Gemini: answers stay close to the passages). */
  temperature?: number;
  /** Free memory in bytes (default os.freemem); tests simulate a machine short of memory. */
  freeMemory?: () => number;
  /** The model process to use (default: the engine's shared one). */
  client?: LlamaClient;
}

export class GgufGenerator implements Generator {
  readonly local = true;

  private constructor(
    readonly id: string,
    /** The context actually used: min(trained context, cap). */
    readonly contextWindow: number,
    /** What the header says (architecture, context, sizes…), for the UI and the logs. */
    readonly facts: InspectResult,
    private readonly use: RoleUse,
    private readonly maxOutputTokens: number,
    private readonly temperature: number,
    private readonly client: LlamaClient,
  ) {}

  /**
   * Reads the model's header (not its weights) and checks that it can write answers here: refuses an
   * embedding model, and one too big for the free memory. Rejects with a GgufError.
   */
  static async open(opts: GgufGeneratorOptions): Promise<GgufGenerator> {
    const path = resolve(opts.modelPath);
    const file = await modelFile(path);
    const client = opts.client ?? sharedLlamaClient();
    const facts = await client.inspect(path, 'chat', Math.max(256, opts.contextSize ?? DEFAULT_CHAT_CONTEXT));
    const problem = chatModelProblem(facts);
    if (problem) throw ggufErrors.notAChatModel(path, problem);
    const freeMemory = opts.freeMemory ?? freemem;
    const requiredBytes = memoryNeeded(facts);
    const free = freeMemory();
    if (requiredBytes > free) throw ggufErrors.tooBig(path, requiredBytes, free);
    const use: RoleUse = {
      role: 'chat',
      model: { path, contextSize: facts.contextSize, threads: opts.threads ?? defaultThreads() },
      requiredBytes,
      freeMemory,
      idleMs: opts.idleMs ?? DEFAULT_IDLE_MS,
    };
    // The prompt builder leaves a quarter of the context (at most 2048 tokens) for the answer (answer.ts).
    const maxOutput = Math.max(
      16,
      Math.min(opts.maxOutputTokens ?? DEFAULT_MAX_OUTPUT, Math.floor(facts.contextSize / 4)),
    );
    return new GgufGenerator(
      `gguf:${file.stem}`,
      facts.contextSize,
      facts,
      use,
      maxOutput,
      opts.temperature ?? 0.2,
      client,
    );
  }

  async *generate(req: GenerationRequest, opts: { signal?: AbortSignal } = {}): AsyncGenerator<GenerationEvent> {
    const stream = this.client.chat(
      this.use,
      {
        system: req.system,
        history: req.history,
        prompt: req.prompt || req.question,
        maxTokens: this.maxOutputTokens,
        temperature: this.temperature,
      },
      opts.signal,
    );
    try {
      for (;;) {
        const next = await stream.next();
        if (next.done) {
          const r = next.value;
          yield {
            type: 'done',
            finishReason: r.finishReason,
            usage: { promptTokens: r.promptTokens, outputTokens: r.outputTokens },
          };
          return;
        }
        yield { type: 'text', text: next.value };
      }
    } finally {
      // Also reached when our consumer stops early: the model stops at its next token.
      await stream.return(undefined as never);
    }
  }
}
