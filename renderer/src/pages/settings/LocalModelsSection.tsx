// The local-model part of "Model and privacy", below the provider choice. For the in-process kind: the
// models chosen now, the GGUF files found on this machine (a .gguf dropped here is added), the catalog to
// download from and the memory settings. For Ollama and OpenAI-compatible servers: the address and the
// server's models. For every local kind: the embedding prefixes and the Test button. The re-embedding
// progress shows whatever the kind, since leaving any embedder for another recomputes the library's vectors.
import { useCallback } from 'react';
import type { Settings } from '../../../../shared/api';
import type { LocalModelSettings } from '../../../../shared/models-api';
import { api } from '../../api';
import { Button } from '../../components/Button';
import { Icon } from '../../components/Icon';
import { useToast } from '../../components/Toasts';
import { useAppState } from '../../hooks/useAppState';
import { useI18n } from '../../i18n';
import { errorMessage } from '../../lib/errors';
import { fileName } from '../../lib/paths';
import { AddModel, ModelDropZone, useAddModel } from './AddModel';
import { GgufOptions, PrefixOptions } from './LocalModelOptions';
import { ModelCatalog } from './ModelCatalog';
import { ModelList, type ModelRole } from './ModelList';
import { ModelTest } from './ModelTest';
import { ReembedProgress } from './ReembedProgress';
import { ServerModels } from './ServerModels';
import { type FoundModel, useModelList } from './useModelList';

export function LocalModelsSection({ save }: { save(patch: Partial<Settings>): Promise<boolean> }) {
  const { settings } = useAppState();
  const lm = settings.localModels;
  const saveLocal = (localModels: LocalModelSettings) => save({ localModels });
  const kind = settings.provider;

  // The re-embedding first: it follows a choice made just below, and must not end up a screen away from it.
  return (
    <>
      <ReembedProgress />
      {kind === 'local' && <GgufModels value={lm} onSave={saveLocal} />}
      {(kind === 'ollama' || kind === 'openai-compatible') && (
        <ServerModels kind={kind} value={lm} localOnly={settings.localOnly} onSave={saveLocal} />
      )}
      {(kind === 'local' || kind === 'ollama' || kind === 'openai-compatible') && (
        <>
          <PrefixOptions value={lm} onSave={saveLocal} />
          <ModelTest />
        </>
      )}
    </>
  );
}

function GgufModels({
  value,
  onSave,
}: {
  value: LocalModelSettings;
  onSave(next: LocalModelSettings): Promise<boolean>;
}) {
  const { t } = useI18n();
  const toast = useToast();
  const list = useModelList();
  const { reload } = list;
  // Adding lists the file at once (the engine records it in the settings and announces the change).
  const onAdded = useCallback(() => void reload(false), [reload]);
  // A download lands in a folder that must be looked at again.
  const onDownloaded = useCallback(() => void reload(true), [reload]);
  const adder = useAddModel(onAdded);
  const models = list.listing?.models ?? [];

  const use = (role: ModelRole, path: string) => {
    const gguf = role === 'chat' ? { ...value.gguf, chatModel: path } : { ...value.gguf, embedModel: path };
    void onSave({ ...value, gguf });
  };
  const forget = async (path: string) => {
    try {
      await api.call('models.forget', { path });
      const gguf = {
        ...value.gguf,
        chatModel: value.gguf.chatModel === path ? '' : value.gguf.chatModel,
        embedModel: value.gguf.embedModel === path ? '' : value.gguf.embedModel,
      };
      // `value` predates the engine's own removal of the file: leave it out here too, or it would come back.
      if (gguf.chatModel !== value.gguf.chatModel || gguf.embedModel !== value.gguf.embedModel)
        await onSave({ ...value, gguf, addedModels: value.addedModels.filter((p) => p !== path) });
      await reload(false);
    } catch (err) {
      toast.push('error', errorMessage(err));
    }
  };

  return (
    <ModelDropZone adder={adder}>
      <div className="models-panel">
        <h3>{t('models.chosenTitle')}</h3>
        <Chosen modelRole="chat" path={value.gguf.chatModel} models={models} onClear={() => use('chat', '')} />
        <Chosen
          modelRole="embedding"
          path={value.gguf.embedModel}
          models={models}
          onClear={() => use('embedding', '')}
        />

        <h3>{t('models.foundTitle')}</h3>
        <ModelList
          list={list}
          chatModel={value.gguf.chatModel}
          embedModel={value.gguf.embedModel}
          addedModels={value.addedModels}
          onUse={use}
          onForget={(p) => void forget(p)}
        />
        <AddModel adder={adder} />

        <h3>{t('models.catalogTitle')}</h3>
        <p className="settings-intro">{t('models.catalogIntro')}</p>
        <ModelCatalog
          onDownloaded={onDownloaded}
          onUse={use}
          chatModel={value.gguf.chatModel}
          embedModel={value.gguf.embedModel}
        />

        <h3>{t('models.optionsTitle')}</h3>
        <GgufOptions
          value={value}
          onSave={async (next) => {
            const ok = await onSave(next);
            // The memory estimates depend on the context size.
            if (ok && next.gguf.contextSize !== value.gguf.contextSize) void reload(true);
            return ok;
          }}
        />
      </div>
    </ModelDropZone>
  );
}

/** "For answers: <model>" with a way back to the offline default; the same for search. */
function Chosen({
  modelRole: role,
  path,
  models,
  onClear,
}: {
  modelRole: ModelRole;
  path: string;
  models: FoundModel[];
  onClear(): void;
}) {
  const { t } = useI18n();
  const label = role === 'chat' ? t('models.forAnswers') : t('models.forSearch');
  const name = models.find((m) => m.path === path)?.name ?? fileName(path);
  return (
    <div className="model-chosen">
      <span className="model-chosen-label">{label}</span>
      {path ? (
        <>
          <span className="model-chosen-name" title={path}>
            <Icon name={role === 'chat' ? 'chat' : 'search'} />
            {name}
          </span>
          <Button
            size="sm"
            variant="ghost"
            aria-label={t('models.actionOn', { action: t('models.stopUsing'), name: `${label} ${name}` })}
            onClick={onClear}
          >
            {t('models.stopUsing')}
          </Button>
        </>
      ) : (
        <span className="muted">{role === 'chat' ? t('models.noChatModel') : t('models.noEmbedModel')}</span>
      )}
    </div>
  );
}
