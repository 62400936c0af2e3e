// The Tesseract language models Lucarne ships (npm @tesseract.js-data/*, LSTM "best_int" models), copied
// side by side into resources/tessdata by scripts/ensure-native.mjs: Tesseract loads every language of one
// recognition from a single folder. Nothing is ever downloaded.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { resolveResourcesDir } from '../embed/resources-dir';

const OCR_LANGUAGES = ['fra', 'eng'] as const;
type OcrLanguage = (typeof OCR_LANGUAGES)[number];

function isOcrLanguage(code: string): code is OcrLanguage {
  return (OCR_LANGUAGES as readonly string[]).includes(code);
}

/** The folder holding `<lang>.traineddata.gz` for every language asked for; throws a message that says how to fix it. */
export function tessdataDir(languages: readonly string[], resourcesDir = resolveResourcesDir()): string {
  const dir = join(resourcesDir, 'tessdata');
  const missing = languages.filter((lang) => !existsSync(join(dir, `${lang}.traineddata.gz`)));
  if (missing.length > 0) {
    const unknown = missing.filter((lang) => !isOcrLanguage(lang));
    throw new Error(
      unknown.length > 0
        ? `OCR cannot read ${unknown.join(', ')}: Lucarne ships the ${OCR_LANGUAGES.join(' and ')} models only.`
        : `The OCR language data (${missing.join(', ')}) is missing from ${dir}. Run "npm run ensure-native" (or reinstall Lucarne).`,
    );
  }
  return dir;
}
