// Text recognition (OCR) settings: on/off, the languages of the user's documents in order of preference
// (at least one), and how many pages are recognised at once (memory). Saved as one `ocr` patch; the
// engine re-reads the scans by itself when OCR is turned on or the languages change.
import { useId } from 'react';
import type { OcrSettings as Ocr } from '../../../../shared/api';
import { OCR_LANGUAGES } from '../../../../shared/settings';
import { Button } from '../../components/Button';
import { Field, Switch } from '../../components/Controls';
import { useI18n } from '../../i18n';

type OcrLanguage = Ocr['languages'][number];
const ALL_LANGUAGES: readonly OcrLanguage[] = OCR_LANGUAGES;
/** The choices offered; the contract allows up to OCR_CONCURRENCY_BOUNDS.max (a value above 4 set elsewhere still shows). */
const CONCURRENCY = [1, 2, 3, 4];
const MB_PER_PAGE = 100;

export function OcrSettings({ value, onSave }: { value: Ocr; onSave(next: Ocr): Promise<boolean> }) {
  const { t, fmt } = useI18n();
  const groupId = useId();
  const set = (patch: Partial<Ocr>) => void onSave({ ...value, ...patch });

  // Checked languages first, in their order of preference, then the others.
  const order = [...value.languages, ...ALL_LANGUAGES.filter((l) => !value.languages.includes(l))];
  const toggle = (lang: OcrLanguage, on: boolean) => {
    if (on) set({ languages: [...value.languages.filter((l) => l !== lang), lang] });
    else if (value.languages.length > 1) set({ languages: value.languages.filter((l) => l !== lang) });
  };
  const moveFirst = (lang: OcrLanguage) => set({ languages: [lang, ...value.languages.filter((l) => l !== lang)] });
  const choices = CONCURRENCY.includes(value.concurrency) ? CONCURRENCY : [...CONCURRENCY, value.concurrency];

  return (
    <>
      <Field
        label={t('settings.ocrEnabled')}
        hint={value.enabled ? t('settings.ocrEnabledHint') : t('settings.ocrDisabledHint')}
        inline
      >
        {(id) => (
          <Switch
            id={id}
            label={t('settings.ocrEnabled')}
            checked={value.enabled}
            onChange={(enabled) => set({ enabled })}
          />
        )}
      </Field>
      <div className={`settings-subgroup${value.enabled ? '' : ' is-muted'}`}>
        <div className="field">
          <div className="field-text">
            <span className="field-label" id={`${groupId}-label`}>
              {t('settings.ocrLanguages')}
            </span>
            <div className="field-hint" id={`${groupId}-hint`}>
              {t('settings.ocrLanguagesHint')}
            </div>
          </div>
          <div className="field-control">
            <fieldset
              className="ocr-languages"
              aria-labelledby={`${groupId}-label`}
              aria-describedby={`${groupId}-hint`}
            >
              {order.map((lang) => {
                const checked = value.languages.includes(lang);
                const rank = value.languages.indexOf(lang);
                const last = checked && value.languages.length === 1;
                const name = t(`settings.ocrLang.${lang}`);
                return (
                  <div key={lang} className={`ocr-language${checked ? ' is-checked' : ''}`}>
                    <label title={last ? t('settings.ocrLastLanguage') : undefined}>
                      <input
                        type="checkbox"
                        checked={checked}
                        // The last ticked language cannot be unticked (the engine needs one model).
                        aria-disabled={last || undefined}
                        onChange={(e) => toggle(lang, e.target.checked)}
                      />
                      <span>{name}</span>
                    </label>
                    {rank === 0 && value.languages.length > 1 && (
                      <span className="ocr-preferred">{t('settings.ocrPreferred')}</span>
                    )}
                    {rank > 0 && (
                      <Button size="sm" variant="ghost" icon="arrowUp" onClick={() => moveFirst(lang)}>
                        {t('settings.ocrMoveFirst', { language: name })}
                      </Button>
                    )}
                  </div>
                );
              })}
            </fieldset>
          </div>
        </div>
        <Field label={t('settings.ocrConcurrency')} hint={t('settings.ocrConcurrencyHint')}>
          {(id, describedBy) => (
            <select
              id={id}
              className="input select"
              value={value.concurrency}
              aria-describedby={describedBy}
              onChange={(e) => set({ concurrency: Number(e.target.value) })}
            >
              {choices.map((n) => (
                <option key={n} value={n}>
                  {t('settings.ocrConcurrencyOption', { n, mb: fmt.number(n * MB_PER_PAGE) })}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
    </>
  );
}
