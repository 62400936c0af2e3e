// The settings' defaults and the bounds of the numeric ones, declared once: the contract's SettingsSchema
// (api.ts) is built on the bounds, the engine's defaults (engine/settings.ts) start from these, and the
// settings page checks its fields against the same numbers. Plain data, no zod: the renderer imports it.
import type { OcrSettings, Settings } from './api';

export interface NumberBounds {
  min: number;
  max: number;
  integer: boolean;
}

/** The numeric settings the user edits, and what the contract accepts for each. */
export const SETTING_BOUNDS = {
  geminiDimensions: { min: 64, max: 3072, integer: true },
  chunkTokens: { min: 50, max: 4000, integer: true },
  chunkOverlap: { min: 0, max: 1000, integer: true },
  topK: { min: 1, max: 50, integer: true },
  maxFileMb: { min: 1, max: 10_000, integer: false },
} as const satisfies Record<string, NumberBounds>;
export type BoundedSetting = keyof typeof SETTING_BOUNDS;

/** Pages recognised at once (one worker thread of ~100 MB each). */
export const OCR_CONCURRENCY_BOUNDS = { min: 1, max: 8, integer: true } as const satisfies NumberBounds;

/** The Tesseract models Lucarne ships, the choices of `ocr.languages`. */
export const OCR_LANGUAGES = ['fra', 'eng'] as const;

/**
 * Every default but two that the engine adds: the prompt template (answer/prompt.ts, next to the other
 * languages' templates) and the OCR concurrency (from the machine's cores).
 */
export type SettingsDefaults = Omit<Settings, 'promptTemplate' | 'ocr'> & { ocr: Omit<OcrSettings, 'concurrency'> };

/** The defaults, a fresh object on each call (callers may change it). */
export function settingsDefaults(): SettingsDefaults {
  return {
    language: 'system',
    theme: 'system',
    provider: 'offline',
    localOnly: false,
    geminiEmbeddingModel: 'gemini-embedding-001',
    geminiDimensions: 768,
    geminiGenerationModel: 'gemini-2.5-flash',
    chunkTokens: 400,
    chunkOverlap: 60,
    topK: 8,
    maxFileMb: 200,
    include: [],
    exclude: [],
    shortcut: 'CommandOrControl+Shift+Space',
    store: 'embedded',
    chroma: {
      url: 'http://127.0.0.1:8000',
      tenant: 'default_tenant',
      database: 'default_database',
      collectionPrefix: 'lucarne',
    },
    ocr: {
      enabled: true,
      // French first: the first users write French; English costs nothing extra when both are loaded.
      languages: ['fra', 'eng'],
    },
  };
}
