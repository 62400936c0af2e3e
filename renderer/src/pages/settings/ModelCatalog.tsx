// A short list of recommended models to download, for users who have none yet: answers and search apart,
// each with its size, the memory it wants, its licence and how well it handles French. A download shows its
// progress from the 'models.download' event; cancelled or failed, it resumes where it stopped. Once done,
// the file is in Lucarne's models folder and the list of models above shows it.
import { useCallback, useEffect, useState } from 'react';
import type { EventPayload, MethodResult } from '../../../../shared/api';
import { api } from '../../api';
import { Button } from '../../components/Button';
import { Icon } from '../../components/Icon';
import { useApiEvent } from '../../hooks/useApiEvent';
import { useI18n } from '../../i18n';
import { errorMessage } from '../../lib/errors';
import type { ModelRole } from './ModelList';

type Entry = MethodResult<'models.catalog'>[number];
type Download = EventPayload<'models.download'>;

const RUNNING: readonly Download['state'][] = ['checking', 'downloading', 'verifying'];
const ROLES: { role: ModelRole; title: 'models.catalogChat' | 'models.catalogEmbedding' }[] = [
  { role: 'chat', title: 'models.catalogChat' },
  { role: 'embedding', title: 'models.catalogEmbedding' },
];

interface Props {
  /** A download finished: the list of found models should show the new file. */
  onDownloaded(path: string): void;
  onUse(role: ModelRole, path: string): void;
  chatModel: string;
  embedModel: string;
}

export function ModelCatalog({ onDownloaded, onUse, chatModel, embedModel }: Props) {
  const { t } = useI18n();
  const [entries, setEntries] = useState<Entry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [downloads, setDownloads] = useState<Record<string, Download>>({});

  const load = useCallback(() => {
    api.call('models.catalog', {}).then(
      (list) => {
        setEntries(list);
        setError(null);
      },
      (err) => setError(errorMessage(err)),
    );
  }, []);
  useEffect(load, [load]);

  const take = (s: Download) => {
    setDownloads((d) => ({ ...d, [s.id]: s }));
    if (s.state === 'done' && s.path) {
      onDownloaded(s.path);
      load();
    }
  };
  useApiEvent('models.download', take);

  const start = async (id: string) => {
    // Shown at once: the first event can take a moment (the disk-space check comes first).
    setDownloads((d) => ({ ...d, [id]: { ...(d[id] ?? blank(id)), state: 'checking', error: null } }));
    try {
      take(await api.call('models.download', { id }));
    } catch (err) {
      setDownloads((d) => ({ ...d, [id]: { ...(d[id] ?? blank(id)), state: 'failed', error: errorMessage(err) } }));
    }
  };
  const cancel = (id: string) => {
    api.call('models.cancelDownload', { id }).catch((err) => {
      setDownloads((d) => ({ ...d, [id]: { ...(d[id] ?? blank(id)), error: errorMessage(err) } }));
    });
  };

  if (error)
    return (
      <div className="callout callout-error" role="alert">
        <Icon name="alert" />
        <p>{t('models.catalogFailed', { reason: error })}</p>
      </div>
    );
  if (!entries) return <p className="muted">{t('common.loading')}</p>;

  return (
    <div className="model-catalog">
      {ROLES.map(({ role, title }) => (
        <section key={role} className="catalog-group" aria-label={t(title)}>
          <h4>{t(title)}</h4>
          <ul>
            {entries
              .filter((e) => e.role === role)
              .map((e) => (
                <CatalogRow
                  key={e.id}
                  entry={e}
                  download={downloads[e.id] ?? null}
                  inUse={e.downloadedPath !== null && e.downloadedPath === (role === 'chat' ? chatModel : embedModel)}
                  onStart={() => void start(e.id)}
                  onCancel={() => cancel(e.id)}
                  onUse={() => e.downloadedPath && onUse(role, e.downloadedPath)}
                />
              ))}
          </ul>
        </section>
      ))}
    </div>
  );
}

function blank(id: string): Download {
  return { id, state: 'checking', bytesDone: 0, bytesTotal: 0, bytesPerSecond: 0, path: null, error: null };
}

function CatalogRow({
  entry: e,
  download: d,
  inUse,
  onStart,
  onCancel,
  onUse,
}: {
  entry: Entry;
  download: Download | null;
  inUse: boolean;
  onStart(): void;
  onCancel(): void;
  onUse(): void;
}) {
  const { t, fmt } = useI18n();
  const running = d !== null && RUNNING.includes(d.state);
  const downloaded = e.downloadedPath !== null;
  const startLabel =
    d?.state === 'cancelled' ? t('models.resume') : d?.state === 'failed' ? t('common.retry') : t('models.download');
  const facts = [
    downloaded ? fmt.bytes(e.bytes) : t('models.catalogSize', { size: fmt.bytes(e.bytes) }),
    t('models.catalogRam', { gb: fmt.number(e.ramGb) }),
    e.contextLength !== null ? t('models.context', { n: fmt.number(e.contextLength) }) : null,
    t('models.licence', { licence: e.license }),
  ].filter((f): f is string => Boolean(f));

  return (
    <li className="catalog-row">
      <div className="catalog-main">
        <div className="model-row-title">
          <strong>{e.name}</strong>
          <span className={`badge ${e.french === 'good' ? 'badge-success' : 'badge-neutral'}`}>
            {t(`models.french.${e.french}`)}
          </span>
          {downloaded && (
            <span className="badge badge-info">
              <Icon name="check" /> {t('models.downloaded')}
            </span>
          )}
          {e.sha256 === null && (
            <span className="badge badge-neutral" title={t('models.notVerifiedHint')}>
              {t('models.notVerified')}
            </span>
          )}
        </div>
        {e.note && <p className="catalog-note">{e.note}</p>}
        <p className="model-facts">
          {facts.map((f) => (
            <span key={f}>{f}</span>
          ))}
        </p>
        {d && !downloaded && <DownloadLine status={d} name={e.name} />}
      </div>
      <div className="model-row-actions">
        {downloaded ? (
          <Button size="sm" disabled={inUse} onClick={onUse}>
            {e.role === 'chat' ? t('models.useForChat') : t('models.useForSearch')}
          </Button>
        ) : running ? (
          <Button size="sm" variant="ghost" icon="x" onClick={onCancel}>
            {t('models.cancelDownload')}
          </Button>
        ) : (
          <Button
            size="sm"
            icon="download"
            aria-label={t('models.actionOn', { action: startLabel, name: e.name })}
            onClick={onStart}
          >
            {startLabel}
          </Button>
        )}
      </div>
    </li>
  );
}

function DownloadLine({ status: d, name }: { status: Download; name: string }) {
  const { t, fmt } = useI18n();
  const known = d.bytesTotal > 0;
  const pct = known ? Math.min(100, (d.bytesDone / d.bytesTotal) * 100) : 0;
  if (d.state === 'failed')
    return (
      <p className="model-error" role="alert">
        <Icon name="alert" /> {t('models.downloadFailed', { reason: d.error ?? t('chat.errorUnknown') })}
      </p>
    );
  if (d.state === 'cancelled')
    return (
      <p className="muted">
        {t('models.downloadCancelled', { done: fmt.bytes(d.bytesDone), total: fmt.bytes(d.bytesTotal) })}
      </p>
    );
  if (d.state === 'done') return null;
  const text =
    d.state === 'checking'
      ? t('models.downloadChecking')
      : d.state === 'verifying'
        ? t('models.downloadVerifying')
        : t('models.downloadProgress', {
            done: fmt.bytes(d.bytesDone),
            total: fmt.bytes(d.bytesTotal),
            rate: fmt.bytes(d.bytesPerSecond),
          });
  return (
    <div className="download-line">
      <div
        className={`progress${known && d.state === 'downloading' ? '' : ' is-indeterminate'}`}
        role="progressbar"
        aria-label={t('models.downloadLabel', { name })}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={known ? Math.round(pct) : undefined}
        aria-valuetext={text}
      >
        <div
          className="progress-fill"
          style={known && d.state === 'downloading' ? { width: `${pct.toFixed(1)}%` } : undefined}
        />
      </div>
      <span className="download-text">{text}</span>
    </div>
  );
}
