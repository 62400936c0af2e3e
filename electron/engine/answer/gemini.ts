// Streamed answers from Gemini (gemini-2.5-flash by default) through @google/genai. The opening request is
// retried like any other call; once text has streamed nothing is retried (the user has already seen it).
// Cancelling (signal, or leaving the for-await early) aborts the HTTP request itself.
import type { Content, GenerateContentResponse, GoogleGenAI } from '@google/genai';
import { callGemini, type GeminiAttempt } from '../net/gemini-attempt';
import { createGeminiClient } from '../net/gemini-client';
import { abortError } from '../net/provider-error';
import type { RetryNotice, RetryPolicy } from '../net/retry';
import type { GenerationEvent, GenerationRequest, Generator } from '../types';

/** What gemini-2.5-flash accepts; the prompt budget below is what we choose to spend. */
export const GEMINI_MODEL_CONTEXT_WINDOW = 1_000_000;

export interface GeminiGeneratorOptions {
  apiKey: string;
  model?: string; // default 'gemini-2.5-flash'
  baseUrl?: string;
  temperature?: number; // default 0.2
  /**
   * Prompt tokens the prompt builder may fill (exposed as `contextWindow`). Default 32k: the model takes
   * 1M, but every prompt token is paid for and long contexts dilute the answer.
   */
  promptBudgetTokens?: number;
  maxOutputTokens?: number;
  /** Deadline for the response to start. Default 60 s. */
  requestTimeoutMs?: number;
  /** Longest silence between two streamed chunks. Default 60 s. */
  idleTimeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  onRetry?: (notice: RetryNotice) => void;
}

export function toGeminiContents(req: GenerationRequest): Content[] {
  const contents: Content[] = req.history
    .filter((t) => t.text.trim())
    .map((t) => ({ role: t.role === 'assistant' ? 'model' : 'user', parts: [{ text: t.text }] }));
  contents.push({ role: 'user', parts: [{ text: req.prompt || req.question }] });
  return contents;
}

function chunkText(chunk: GenerateContentResponse): string {
  const parts = chunk.candidates?.[0]?.content?.parts ?? [];
  let text = '';
  for (const p of parts) if (typeof p.text === 'string' && !p.thought) text += p.text;
  return text;
}

export class GeminiGenerator implements Generator {
  readonly id: string;
  readonly local = false;
  readonly contextWindow: number;
  readonly model: string;
  private readonly ai: GoogleGenAI;

  constructor(private readonly opts: GeminiGeneratorOptions) {
    this.model = opts.model ?? 'gemini-2.5-flash';
    this.id = `gemini:${this.model}`;
    this.contextWindow = Math.min(GEMINI_MODEL_CONTEXT_WINDOW, Math.max(1000, opts.promptBudgetTokens ?? 32_000));
    this.ai = createGeminiClient({ apiKey: opts.apiKey, baseUrl: opts.baseUrl });
  }

  async *generate(req: GenerationRequest, opts: { signal?: AbortSignal } = {}): AsyncGenerator<GenerationEvent> {
    const { value: stream, attempt } = await callGemini(
      (a) =>
        this.ai.models.generateContentStream({
          model: this.model,
          contents: toGeminiContents(req),
          config: {
            systemInstruction: req.system || undefined,
            temperature: this.opts.temperature ?? 0.2,
            maxOutputTokens: this.opts.maxOutputTokens,
            abortSignal: a.signal,
            httpOptions: a.httpOptions(),
          },
        }),
      {
        what: 'answer',
        apiKey: this.opts.apiKey,
        signal: opts.signal,
        timeoutMs: this.opts.requestTimeoutMs,
        retry: this.opts.retry,
        onRetry: this.opts.onRetry,
        keepAttempt: true,
      },
    );
    yield* this.relay(stream, attempt, opts.signal);
  }

  private async *relay(
    stream: AsyncGenerator<GenerateContentResponse>,
    attempt: GeminiAttempt,
    signal: AbortSignal | undefined,
  ): AsyncGenerator<GenerationEvent> {
    const idle = this.opts.idleTimeoutMs ?? 60_000;
    let finishReason: string | undefined;
    let blockReason: string | undefined;
    let usage: { promptTokens?: number; outputTokens?: number } | undefined;
    try {
      attempt.arm(idle);
      for await (const chunk of stream) {
        // The idle deadline covers waiting for Gemini, not for our consumer: paused while we yield.
        attempt.disarm();
        const text = chunkText(chunk);
        const candidate = chunk.candidates?.[0];
        if (candidate?.finishReason) finishReason = candidate.finishReason;
        if (chunk.promptFeedback?.blockReason) blockReason = chunk.promptFeedback.blockReason;
        if (chunk.usageMetadata)
          usage = {
            promptTokens: chunk.usageMetadata.promptTokenCount,
            outputTokens: chunk.usageMetadata.candidatesTokenCount,
          };
        if (text) yield { type: 'text', text };
        attempt.arm(idle);
      }
    } catch (e) {
      if (signal?.aborted) throw abortError(signal);
      attempt.fail(e, { what: 'answer', apiKey: this.opts.apiKey });
    } finally {
      // Also reached when the consumer stops iterating early: close the connection, stop the timer.
      attempt.dispose();
      attempt.abort();
    }
    yield { type: 'done', finishReason: finishReason ?? (blockReason ? `BLOCKED_${blockReason}` : 'UNKNOWN'), usage };
  }
}

export { ProviderError } from '../net/provider-error';
