// The indexer in the header: a live bar with counts and ETA while it works, the current file's OCR pages
// when it is reading a scan, pause/resume, and a quiet "up to date" when it is idle. A background
// re-embedding (new embedding model) has its own compact line beside it.
import { useFolders } from '../hooks/useFolders';
import { useIndexing } from '../hooks/useIndexing';
import { useI18n } from '../i18n';
import { IconButton } from './Button';
import { FileStep } from './FileStep';
import { Icon } from './Icon';
import { ReembedLine } from './ReembedLine';

export function IndexingStatus() {
  return (
    <>
      <ReembedLine />
      <IndexerStatus />
    </>
  );
}

function IndexerStatus() {
  const { progress, pause, resume } = useIndexing();
  const { folders } = useFolders();
  const { t, fmt } = useI18n();
  if (!progress) return null;
  const { state, filesDone, filesTotal, currentFile, etaSeconds, chunksPerSecond, fileStep } = progress;

  if (state === 'idle') {
    if (!folders?.some((f) => f.documents > 0)) return null;
    return (
      <div className="indexing is-idle" role="status">
        <Icon name="check" />
        <span>{t('indexing.upToDate')}</span>
      </div>
    );
  }

  const ratio = filesTotal > 0 ? Math.min(1, filesDone / filesTotal) : 0;
  const paused = state === 'paused';
  const detail = [
    currentFile ? t('indexing.current', { file: currentFile }) : null,
    chunksPerSecond > 0 ? t('indexing.speed', { rate: fmt.number(Math.round(chunksPerSecond)) }) : null,
  ]
    .filter(Boolean)
    .join(' · ');
  const label = state === 'scanning' ? t('indexing.scanning') : paused ? t('indexing.paused') : t('indexing.indexing');

  return (
    <div className={`indexing is-${state}`} title={detail || undefined}>
      <div className="indexing-text" aria-live="off">
        <span className="indexing-label">{label}</span>
        {filesTotal > 0 && (
          <span className="indexing-count">
            {t('indexing.files', { done: fmt.number(filesDone), total: fmt.number(filesTotal) })}
          </span>
        )}
        {state === 'indexing' && etaSeconds !== null && etaSeconds > 0 && (
          <span className="indexing-eta">{t('indexing.eta', { time: fmt.duration(etaSeconds) })}</span>
        )}
      </div>
      <div
        className={`progress${state === 'scanning' || filesTotal === 0 ? ' is-indeterminate' : ''}`}
        role="progressbar"
        aria-label={t('indexing.progressLabel')}
        aria-valuemin={0}
        aria-valuemax={filesTotal || undefined}
        aria-valuenow={filesTotal ? filesDone : undefined}
        aria-valuetext={
          filesTotal ? t('indexing.files', { done: fmt.number(filesDone), total: fmt.number(filesTotal) }) : label
        }
      >
        <div
          className="progress-fill"
          style={state === 'scanning' || filesTotal === 0 ? undefined : { width: `${(ratio * 100).toFixed(1)}%` }}
        />
      </div>
      {fileStep && state !== 'scanning' && <FileStep step={fileStep} file={currentFile} className="indexing-step" />}
      {paused ? (
        <IconButton icon="play" size="sm" label={t('indexing.resume')} onClick={() => void resume()} />
      ) : (
        <IconButton icon="pause" size="sm" label={t('indexing.pause')} onClick={() => void pause()} />
      )}
    </div>
  );
}
