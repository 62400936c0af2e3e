// The welcome screen's starter questions in the UI's language: what the engine knows at once, then the
// newer ones it announces (`chat.starters`) after checking them against the library as it is now. Asked
// again when the library or the settings change; the engine decides whether anything needs checking.
import { useEffect, useState } from 'react';
import type { EventPayload } from '../../../shared/api';
import { api } from '../api';
import type { Lang } from '../i18n';
import { useApiEvent } from './useApiEvent';
import { useThrottledCallback } from './useThrottledCallback';

export type Starters = EventPayload<'chat.starters'>;

export function useStarters(lang: Lang): Starters | null {
  const [starters, setStarters] = useState<Starters | null>(null);
  const ask = useThrottledCallback(() => {
    api.call('chat.starters', { language: lang }).then(
      (s) => setStarters((old) => (s.language === lang ? s : old)),
      () => setStarters((old) => old ?? { language: lang, questions: [], pending: false }),
    );
  }, 3000);
  // biome-ignore lint/correctness/useExhaustiveDependencies: ask again when the language changes
  useEffect(() => ask(), [ask, lang]);
  useApiEvent('chat.starters', (s) => {
    if (s.language === lang) setStarters(s);
  });
  useApiEvent('library.changed', ask);
  useApiEvent('settings.changed', ask);
  return starters?.language === lang ? starters : null;
}
