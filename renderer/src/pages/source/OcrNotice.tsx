// "Texte reconnu par OCR (confiance 94 %)" on a page whose text came from character recognition, in a
// warning tone when the confidence is low (the text may hold misreadings).
import type { MethodResult } from '../../../../shared/api';
import { Icon } from '../../components/Icon';
import { type Translate, useI18n } from '../../i18n';

export type PageOcr = NonNullable<MethodResult<'source.get'>['pageSpans'][number]['ocr']>;

/** Below this mean confidence (0–100) the notice turns to a warning. */
export const LOW_OCR_CONFIDENCE = 70;

function languageNames(t: Translate, languages: string[]): string {
  return languages.map((l) => (l === 'fra' || l === 'eng' ? t(`settings.ocrLang.${l}`) : l)).join(', ');
}

export function OcrNotice({ ocr, className }: { ocr: PageOcr; className?: string }) {
  const { t, fmt } = useI18n();
  const confidence = Math.max(0, Math.min(100, ocr.confidence));
  const low = confidence < LOW_OCR_CONFIDENCE;
  const help = t('source.ocrHelp', { languages: languageNames(t, ocr.languages) || 'OCR' });
  return (
    <span
      className={`ocr-notice${low ? ' is-low' : ''}${className ? ` ${className}` : ''}`}
      title={low ? `${help}\n${t('source.ocrLow')}` : help}
    >
      <Icon name={low ? 'alert' : 'eye'} />
      <span>{t('source.ocrNotice', { confidence: fmt.percent(Math.round(confidence) / 100) })}</span>
      {low && <span className="sr-only">{t('source.ocrLow')}</span>}
    </span>
  );
}
