// The settings' defaults and the bounds of the numeric ones, declared once: the contract's SettingsSchema
// (api.ts) is built on the bounds, the engine's defaults (engine/settings.ts) start from these, and the
// settings page checks its fields against the same numbers. Plain data, no zod: the renderer imports it.
import type { OcrSettings, Settings } from './api';

export {
  type BoundedSetting,
  type NumberBounds,
  OCR_CONCURRENCY_BOUNDS,
  OCR_LANGUAGES,
  SETTING_BOUNDS,
} from './setting-bounds';

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
    localModels: {
      gguf: { chatModel: '', embedModel: '', contextSize: 4096 },
      ollama: { baseUrl: 'http://127.0.0.1:11434', chatModel: '', embedModel: '' },
      openai: { baseUrl: 'http://127.0.0.1:1234/v1', chatModel: '', embedModel: '', contextWindow: 4096 },
      queryPrefix: null,
      documentPrefix: null,
      idleUnloadMinutes: 5,
      addedModels: [],
    },
    ocr: {
      enabled: true,
      // French first: the first users write French; English costs nothing extra when both are loaded.
      languages: ['fra', 'eng'],
    },
  };
}
