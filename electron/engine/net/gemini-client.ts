// The @google/genai client, configured the one way Lucarne uses it.
import { GoogleGenAI } from '@google/genai';

export interface GeminiClientOptions {
  apiKey: string;
  /** Another endpoint (the fake server in tests, a corporate proxy). Default: Google's. */
  baseUrl?: string;
}

export function createGeminiClient(opts: GeminiClientOptions): GoogleGenAI {
  if (!opts.apiKey) throw new Error('A Gemini API key is required.');
  return new GoogleGenAI({ apiKey: opts.apiKey, httpOptions: opts.baseUrl ? { baseUrl: opts.baseUrl } : undefined });
}
