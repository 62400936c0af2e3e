// Ollama or an OpenAI-compatible server (LM Studio, llama-server, Jan, LocalAI, vLLM): its address, the
// models it offers as choices for answers and for search, and what went wrong when it does not answer. In
// local-only mode an address that is not this machine is flagged right under the field, and not contacted.
import { type ReactNode, useCallback, useEffect, useState } from 'react';
import type { MethodResult } from '../../../../shared/api';
import type { LocalModelSettings } from '../../../../shared/models-api';
import { api } from '../../api';
import { Button } from '../../components/Button';
import { Field } from '../../components/Controls';
import { Icon } from '../../components/Icon';
import { useI18n } from '../../i18n';
import { errorMessage } from '../../lib/errors';
import { isHttpUrl, isLoopbackUrl } from '../../lib/loopback';
import { NumberSetting } from './SettingFields';

type ServerModel = MethodResult<'models.serverModels'>[number];
export type ServerKind = 'ollama' | 'openai-compatible';

interface Props {
  kind: ServerKind;
  value: LocalModelSettings;
  localOnly: boolean;
  onSave(next: LocalModelSettings): Promise<boolean>;
}

export function ServerModels({ kind, value, localOnly, onSave }: Props) {
  const { t } = useI18n();
  const conf = kind === 'ollama' ? value.ollama : value.openai;
  const set = (patch: Partial<LocalModelSettings['ollama']>) =>
    kind === 'ollama'
      ? onSave({ ...value, ollama: { ...value.ollama, ...patch } })
      : onSave({ ...value, openai: { ...value.openai, ...patch } });

  const remoteBlocked = localOnly && !isLoopbackUrl(conf.baseUrl);
  const reachable = isHttpUrl(conf.baseUrl) && !remoteBlocked;
  const { models, error, loading, reload } = useServerModels(kind, conf.baseUrl, reachable);
  const name = kind === 'ollama' ? 'Ollama' : t('models.kind.openai');

  return (
    <>
      <UrlField
        label={t('models.baseUrl')}
        hint={kind === 'ollama' ? t('models.baseUrlOllamaHint') : t('models.baseUrlOpenaiHint')}
        value={conf.baseUrl}
        onSave={(baseUrl) => set({ baseUrl })}
      >
        {remoteBlocked && (
          <div className="callout callout-warning" role="alert">
            <Icon name="shield" />
            <p>{t('models.notLoopback', { url: conf.baseUrl })}</p>
          </div>
        )}
        {error && (
          <div className="callout callout-error" role="alert">
            <Icon name="alert" />
            <div>
              <p>{t('models.serverDown', { name, reason: error })}</p>
              <p className="muted">{kind === 'ollama' ? t('models.serverDownOllama') : t('models.serverDownOpenai')}</p>
              <div className="callout-actions">
                <Button size="sm" icon="refresh" busy={loading} onClick={() => void reload()}>
                  {t('common.retry')}
                </Button>
              </div>
            </div>
          </div>
        )}
      </UrlField>
      <ModelPicker
        label={t('models.chatModel')}
        hint={t('models.chatModelHint')}
        value={conf.chatModel}
        models={models?.filter((m) => m.role !== 'embedding') ?? null}
        onChange={(chatModel) => void set({ chatModel })}
      />
      <ModelPicker
        label={t('models.embedModel')}
        hint={t('models.embedModelHint')}
        value={conf.embedModel}
        models={models?.filter((m) => m.role !== 'chat') ?? null}
        onChange={(embedModel) => void set({ embedModel })}
        action={
          <Button
            size="sm"
            variant="ghost"
            icon="refresh"
            busy={loading}
            disabled={!reachable}
            onClick={() => void reload()}
          >
            {t('models.refreshServer')}
          </Button>
        }
      />
      {kind === 'openai-compatible' && (
        <NumberSetting
          label={t('models.contextWindow')}
          hint={t('models.contextWindowHint')}
          field="localContextSize"
          suffix={t('settings.tokensUnit')}
          value={value.openai.contextWindow}
          onSave={(contextWindow) => onSave({ ...value, openai: { ...value.openai, contextWindow } })}
        />
      )}
    </>
  );
}

/** The server's models, asked again when the address changes; nothing is asked of an address not allowed. */
function useServerModels(kind: ServerKind, baseUrl: string, allowed: boolean) {
  const [models, setModels] = useState<ServerModel[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    void attempt;
    setModels(null);
    setError(null);
    if (!allowed) return;
    let live = true;
    setLoading(true);
    api
      .call('models.serverModels', { kind, baseUrl })
      .then(
        (list) => live && setModels(list),
        (err) => live && setError(errorMessage(err)),
      )
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [kind, baseUrl, allowed, attempt]);

  const reload = useCallback(async () => setAttempt((a) => a + 1), []);
  return { models, error, loading, reload };
}

function ModelPicker({
  label,
  hint,
  value,
  models,
  onChange,
  action,
}: {
  label: string;
  hint: string;
  value: string;
  models: ServerModel[] | null;
  onChange(name: string): void;
  action?: ReactNode;
}) {
  const { t, fmt } = useI18n();
  const known = models?.some((m) => m.name === value) ?? false;
  return (
    <Field label={label} hint={hint}>
      {(id, describedBy) => (
        <div className="input-row">
          <select
            id={id}
            className="input select"
            value={value}
            aria-describedby={describedBy}
            onChange={(e) => onChange(e.target.value)}
          >
            <option value="">{t('models.noneOffline')}</option>
            {value && !known && <option value={value}>{t('models.notOnServer', { name: value })}</option>}
            {models?.map((m) => (
              <option key={m.name} value={m.name}>
                {m.bytes !== null ? `${m.name} (${fmt.bytes(m.bytes)})` : m.name}
              </option>
            ))}
          </select>
          {action}
        </div>
      )}
    </Field>
  );
}

/** The address, with what is wrong with it (not this machine, not answering) right under the box. */
function UrlField({
  label,
  hint,
  value,
  onSave,
  children,
}: {
  label: string;
  hint: string;
  value: string;
  onSave(v: string): Promise<boolean>;
  children?: ReactNode;
}) {
  const { t } = useI18n();
  const [text, setText] = useState(value);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setText(value), [value]);
  const commit = () => {
    const v = text.trim();
    if (!isHttpUrl(v)) {
      setError(t('models.badUrl'));
      return;
    }
    setError(null);
    if (v !== value) void onSave(v);
  };
  return (
    <Field label={label} hint={hint} error={error}>
      {(id, describedBy) => (
        <div className="server-url">
          <input
            id={id}
            className="input mono"
            value={text}
            spellCheck={false}
            inputMode="url"
            aria-describedby={describedBy}
            aria-invalid={error ? true : undefined}
            onChange={(e) => setText(e.target.value)}
            onBlur={commit}
            onKeyDown={(e) => e.key === 'Enter' && commit()}
          />
          {children}
        </div>
      )}
    </Field>
  );
}
