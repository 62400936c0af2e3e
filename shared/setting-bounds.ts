// The bounds of the numeric settings and the shipped OCR languages: plain data that the contract's
// SettingsSchema (api.ts) is built on and the settings page checks against. Below api.ts, which imports it;
// the defaults (settings.ts) name the contract's types, so they sit above it.

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
  localContextSize: { min: 256, max: 131_072, integer: true },
  idleUnloadMinutes: { min: 1, max: 1440, integer: true },
} as const satisfies Record<string, NumberBounds>;
export type BoundedSetting = keyof typeof SETTING_BOUNDS;

/** Pages recognised at once (one worker thread of ~100 MB each). */
export const OCR_CONCURRENCY_BOUNDS = { min: 1, max: 8, integer: true } as const satisfies NumberBounds;

/** The Tesseract models Lucarne ships, the choices of `ocr.languages`. */
export const OCR_LANGUAGES = ['fra', 'eng'] as const;
