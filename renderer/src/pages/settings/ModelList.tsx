// The GGUF files found on this machine, one row each: what the header says (role, architecture, size in
// parameters, quantization, context, vector size), the file's size and folder, and whether it fits in the
// memory free now. "Use for answers" / "Use for search" choose it; a broken file shows why instead.
import { Button, IconButton } from '../../components/Button';
import { Icon } from '../../components/Icon';
import { useI18n } from '../../i18n';
import { dirName, ltrPath } from '../../lib/paths';
import { modelErrorText, parameterText, sourceText } from './modelText';
import type { FoundModel, ModelList as List } from './useModelList';

export type ModelRole = 'chat' | 'embedding';

interface Props {
  list: List;
  chatModel: string;
  embedModel: string;
  /** The files the user added: only these can be removed from the list (the others are found by scanning). */
  addedModels: string[];
  onUse(role: ModelRole, path: string): void;
  onForget(path: string): void;
}

export function ModelList({ list, chatModel, embedModel, addedModels, onUse, onForget }: Props) {
  const { t, fmt } = useI18n();
  const { listing, error, loading, reload } = list;

  return (
    <div className="model-list-block">
      <div className="model-list-head">
        <span className="muted" role="status">
          {listing
            ? listing.freeBytes > 0
              ? t('models.listSummary', { count: listing.models.length, free: fmt.bytes(listing.freeBytes) })
              : t('models.listCount', { count: listing.models.length })
            : loading
              ? t('common.loading')
              : ''}
        </span>
        <Button size="sm" variant="ghost" icon="refresh" busy={loading} onClick={() => void reload(true)}>
          {t('models.rescan')}
        </Button>
      </div>
      {error && (
        <div className="callout callout-error" role="alert">
          <Icon name="alert" />
          <p>{t('models.listFailed', { reason: error })}</p>
        </div>
      )}
      {listing && listing.models.length === 0 && (
        <p className="model-empty">
          {t('models.noneFound')}
          {listing.folders.length > 0 && (
            <span className="model-folders mono">{listing.folders.map(ltrPath).join(' · ')}</span>
          )}
        </p>
      )}
      {listing && listing.models.length > 0 && (
        <ul className="model-list" aria-label={t('models.listLabel')}>
          {listing.models.map((m) => (
            <ModelRow
              key={m.path}
              model={m}
              usedForChat={m.path === chatModel}
              usedForSearch={m.path === embedModel}
              addedByUser={addedModels.includes(m.path)}
              onUse={onUse}
              onForget={onForget}
            />
          ))}
        </ul>
      )}
    </div>
  );
}

function ModelRow({
  model: m,
  usedForChat,
  usedForSearch,
  addedByUser,
  onUse,
  onForget,
}: {
  model: FoundModel;
  usedForChat: boolean;
  usedForSearch: boolean;
  addedByUser: boolean;
  onUse(role: ModelRole, path: string): void;
  onForget(path: string): void;
}) {
  const { t, fmt } = useI18n();
  const facts = [
    m.architecture,
    m.parameters !== null ? t('models.parameters', { n: parameterText(fmt, m.parameters) }) : null,
    m.quantization,
    m.contextLength !== null ? t('models.context', { n: fmt.number(m.contextLength) }) : null,
    m.embeddingLength !== null ? t('models.dimensions', { n: fmt.number(m.embeddingLength) }) : null,
    fmt.bytes(m.fileBytes),
  ].filter((f): f is string => Boolean(f));
  const embeddingOnly = m.role === 'embedding';
  const broken = m.error !== null;

  return (
    <li className={`model-row${broken ? ' is-broken' : ''}${usedForChat || usedForSearch ? ' is-used' : ''}`}>
      <div className="model-row-main">
        <div className="model-row-title">
          <strong className="model-name">{m.name}</strong>
          {m.role && (
            <span className={`badge ${m.role === 'embedding' ? 'badge-info' : 'badge-neutral'}`}>
              {t(m.role === 'embedding' ? 'models.role.embedding' : 'models.role.chat')}
            </span>
          )}
          {usedForChat && (
            <span className="badge badge-success">
              <Icon name="check" /> {t('models.usedForChat')}
            </span>
          )}
          {usedForSearch && (
            <span className="badge badge-success">
              <Icon name="check" /> {t('models.usedForSearch')}
            </span>
          )}
        </div>
        {m.error ? (
          <p className="model-error">
            <Icon name="alert" /> {modelErrorText(t, m.error)}
          </p>
        ) : (
          <p className="model-facts">
            {facts.map((f) => (
              <span key={f}>{f}</span>
            ))}
          </p>
        )}
        {m.memory && !broken && (
          <p className={`model-memory${m.memory.fits ? '' : ' is-short'}`}>
            {t('models.memory', { need: fmt.bytes(m.memory.bytes), free: fmt.bytes(m.memory.freeBytes) })}
            {!m.memory.fits && (
              <span className="badge badge-warning" title={t('models.tooBigHint')}>
                <Icon name="alert" /> {t('models.tooBig')}
              </span>
            )}
          </p>
        )}
        <p className="model-where" title={m.path}>
          <span className="model-source">{sourceText(t, m.source, addedByUser)}</span>
          <span className="model-dir mono">{ltrPath(dirName(m.path) || m.path)}</span>
        </p>
      </div>
      <div className="model-row-actions">
        {!broken && (
          <>
            <span title={embeddingOnly ? t('models.embeddingNotForChat') : undefined}>
              <Button
                size="sm"
                variant={m.role === 'chat' ? 'primary' : 'secondary'}
                disabled={embeddingOnly || usedForChat}
                aria-label={t('models.actionOn', { action: t('models.useForChat'), name: m.name })}
                onClick={() => onUse('chat', m.path)}
              >
                {t('models.useForChat')}
              </Button>
            </span>
            <Button
              size="sm"
              variant={embeddingOnly ? 'primary' : 'secondary'}
              disabled={usedForSearch}
              aria-label={t('models.actionOn', { action: t('models.useForSearch'), name: m.name })}
              onClick={() => onUse('embedding', m.path)}
            >
              {t('models.useForSearch')}
            </Button>
          </>
        )}
        {addedByUser && (
          <IconButton
            icon="trash"
            size="sm"
            label={t('models.actionOn', { action: t('models.forget'), name: m.name })}
            onClick={() => onForget(m.path)}
          />
        )}
      </div>
    </li>
  );
}
