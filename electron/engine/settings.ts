// Settings live in the store as one JSON value, validated against the contract and merged over defaults,
// so an older or hand-edited value never breaks start-up.
import { availableParallelism } from 'node:os';
import { type Settings, SettingsSchema } from '../../shared/api';
import { settingsDefaults } from '../../shared/settings';
import { DEFAULT_TEMPLATE } from './answer/prompt';
import type { SqliteStore } from './store/sqlite';

const KEY = 'settings';

/** The defaults of shared/settings.ts, with the two that need the engine: the prompt template and the OCR concurrency. */
export function defaultSettings(): Settings {
  const defaults = settingsDefaults();
  return {
    ...defaults,
    promptTemplate: { ...DEFAULT_TEMPLATE },
    ocr: {
      ...defaults.ocr,
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
