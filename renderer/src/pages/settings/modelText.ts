// How the local-model views word a model's facts: parameter counts ("1,5 B"), where a file was found,
// and the engine's error codes in the user's language (the engine's own English message otherwise).
import type { z } from 'zod';
import type { ModelSourceSchema } from '../../../../shared/models-api';
import type { Formatters, Translate } from '../../i18n';

type ModelSource = z.infer<typeof ModelSourceSchema>;

/** 1 543 714 304 → "1,5 B"; the "B" (billions) is what model pages and file names use in both languages. */
export function parameterText(fmt: Formatters, n: number): string {
  if (n >= 1e9) return `${fmt.number(Math.round(n / 1e8) / 10)} B`;
  if (n >= 1e6) return `${fmt.number(Math.round(n / 1e5) / 10)} M`;
  return `${fmt.number(Math.round(n / 100) / 10)} k`;
}

/** The app a folder belongs to, as its users call it; 'added' is the user's file or a folder named for Lucarne. */
export function sourceText(t: Translate, source: ModelSource, addedByUser: boolean): string {
  switch (source) {
    case 'lmstudio':
      return 'LM Studio';
    case 'gpt4all':
      return 'GPT4All';
    case 'jan':
      return 'Jan';
    case 'ollama':
      return 'Ollama';
    case 'huggingface':
      return 'Hugging Face';
    case 'lucarne':
      return t('models.source.lucarne');
    case 'added':
      return addedByUser ? t('models.source.added') : t('models.source.folder');
  }
}

/** The engine's codes for a file it cannot use (electron/engine/models/errors.ts); another code keeps its message. */
const ERROR_CODES = {
  'not-gguf': 'models.error.notGguf',
  truncated: 'models.error.truncated',
  unreadable: 'models.error.unreadable',
  corrupt: 'models.error.corrupt',
  'not-a-model': 'models.error.notAModel',
} as const;

export function modelErrorText(t: Translate, error: { code: string; message: string }): string {
  const key = ERROR_CODES[error.code as keyof typeof ERROR_CODES];
  return key ? t(key) : error.message;
}
