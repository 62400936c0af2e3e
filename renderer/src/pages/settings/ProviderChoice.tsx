// Who writes the answers and computes the vectors: the offline default, Gemini, or one of the three local
// kinds (a GGUF file run by Lucarne, Ollama, an OpenAI-compatible server). Five choices with a sentence
// each are too long for a segmented control, so they are radio cards. Local-only mode blocks Gemini here,
// as before; the server kinds stay allowed and warn beside their URL when it would leave the machine.
import { useId } from 'react';
import type { Settings } from '../../../../shared/api';
import type { ProviderId } from '../../../../shared/types';
import { Icon, type IconName } from '../../components/Icon';
import { useToast } from '../../components/Toasts';
import { type MessageKey, useI18n } from '../../i18n';

const KINDS: { value: ProviderId; label: MessageKey; hint: MessageKey; icon: IconName }[] = [
  { value: 'offline', label: 'settings.offline', hint: 'settings.providerOfflineHint', icon: 'shield' },
  { value: 'gemini', label: 'models.kind.gemini', hint: 'settings.providerGeminiHint', icon: 'cloud' },
  { value: 'local', label: 'models.kind.local', hint: 'models.kind.localHint', icon: 'chip' },
  { value: 'ollama', label: 'models.kind.ollama', hint: 'models.kind.ollamaHint', icon: 'server' },
  {
    value: 'openai-compatible',
    label: 'models.kind.openai',
    hint: 'models.kind.openaiHint',
    icon: 'server',
  },
];

export function ProviderChoice({
  provider,
  localOnly,
  save,
}: {
  provider: ProviderId;
  localOnly: boolean;
  save(patch: Partial<Settings>): Promise<boolean>;
}) {
  const { t } = useI18n();
  const toast = useToast();
  const id = useId();

  const choose = (next: ProviderId) => {
    if (next === 'gemini' && localOnly) {
      toast.push('info', t('settings.geminiBlocked'));
      return;
    }
    void save({ provider: next });
  };

  return (
    <div className="field">
      <div className="field-text">
        <span className="field-label" id={`${id}-label`}>
          {t('settings.provider')}
        </span>
        <div className="field-hint">{t('models.providerHint')}</div>
      </div>
      <div className="field-control">
        <div className="provider-choice" role="radiogroup" aria-labelledby={`${id}-label`}>
          {KINDS.map((k) => {
            const checked = k.value === provider;
            const blocked = k.value === 'gemini' && localOnly;
            const hintId = `${id}-${k.value}`;
            return (
              <label
                key={k.value}
                className={`provider-option${checked ? ' is-checked' : ''}${blocked ? ' is-blocked' : ''}`}
              >
                <input
                  type="radio"
                  name={`${id}-provider`}
                  value={k.value}
                  checked={checked}
                  aria-describedby={hintId}
                  aria-disabled={blocked || undefined}
                  onChange={() => choose(k.value)}
                />
                <Icon name={k.icon} className="provider-option-icon" />
                <span className="provider-option-text">
                  <span className="provider-option-name">{t(k.label)}</span>
                  <span id={hintId} className="provider-option-hint">
                    {blocked ? t('settings.geminiBlocked') : t(k.hint)}
                  </span>
                </span>
              </label>
            );
          })}
        </div>
      </div>
    </div>
  );
}
