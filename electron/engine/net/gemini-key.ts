// "Test key" in Settings: one cheap authenticated call (GET models/{model}) that checks the key and the
// model name without spending quota on an embedding or a generation.
import { callGemini } from './gemini-attempt';
import { createGeminiClient } from './gemini-client';
import { ProviderError } from './provider-error';

export interface KeyCheckOptions {
  baseUrl?: string;
  /** The model to look up; default 'gemini-embedding-001'. */
  model?: string;
  signal?: AbortSignal;
  timeoutMs?: number;
}

export async function testGeminiKey(
  apiKey: string | null | undefined,
  opts: KeyCheckOptions = {},
): Promise<{ ok: boolean; message: string }> {
  if (!apiKey?.trim())
    return {
      ok: false,
      message: 'No Gemini API key is set. Paste one in Settings (create it at https://aistudio.google.com/apikey).',
    };
  const model = opts.model ?? 'gemini-embedding-001';
  const ai = createGeminiClient({ apiKey: apiKey.trim(), baseUrl: opts.baseUrl });
  try {
    await callGemini(
      (attempt) =>
        ai.models.get({ model, config: { abortSignal: attempt.signal, httpOptions: attempt.httpOptions() } }),
      {
        what: 'key check',
        apiKey,
        signal: opts.signal,
        timeoutMs: opts.timeoutMs ?? 15_000,
        retry: { maxAttempts: 2, baseDelayMs: 500, maxServerDelayMs: 5000 },
      },
    );
    return { ok: true, message: `Gemini accepted the key; model ${model} is available.` };
  } catch (e) {
    if (e instanceof ProviderError) {
      if (e.code === 'rejected' && e.status === 404)
        return {
          ok: false,
          message: `The key is valid, but Gemini has no model named "${model}". Check the model name in Settings.`,
        };
      return { ok: false, message: e.message };
    }
    throw e;
  }
}
