// Settings live in the store as one JSON value, validated against the contract and merged over defaults,
// so an older or hand-edited value never breaks start-up.
import { availableParallelism } from 'node:os';
import { type Settings, SettingsSchema } from '../../shared/api';
import { DEFAULT_TEMPLATE } from './answer/prompt';
import type { SqliteStore } from './store/sqlite';

const KEY = 'settings';

export function defaultSettings(): Settings {
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
    promptTemplate: { ...DEFAULT_TEMPLATE },
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
      // One page per spare core: recognition runs beside parsing and the UI.
      concurrency: Math.max(1, Math.min(4, availableParallelism() - 1)),
    },
  };
}

export function loadSettings(store: SqliteStore): Settings {
  const saved = store.getSetting<Record<string, unknown>>(KEY) ?? {};
  const merged: Record<string, unknown> = { ...defaultSettings() };
  // Keep each saved field only if it is still valid on its own.
  const shape = SettingsSchema.shape as Record<string, { safeParse(v: unknown): { success: boolean } }>;
  for (const [k, v] of Object.entries(saved)) {
    if (shape[k]?.safeParse(v).success) merged[k] = v;
  }
  return SettingsSchema.parse(merged);
}

export function saveSettings(store: SqliteStore, patch: Partial<Settings>): Settings {
  const next = SettingsSchema.parse({ ...loadSettings(store), ...patch });
  if (next.chunkOverlap >= next.chunkTokens) throw new Error('The chunk overlap must be smaller than the chunk size.');
  store.setSetting(KEY, next);
  return next;
}
