// The selected file in full: what its status means and what to do about it, the engine's exact message,
// its numbers, and every action (open, show in folder, retry, password, read the extracted text). A scan
// that gave no text says why (OCR off, failed, nothing readable) with a way to the OCR settings; the file
// being read by OCR shows its page progress.
import { api } from '../../api';
import { Button, IconButton } from '../../components/Button';
import { FileStep, useFileStep } from '../../components/FileStep';
import { Icon } from '../../components/Icon';
import { useToast } from '../../components/Toasts';
import { useSource } from '../../hooks/useSource';
import { type MessageKey, useI18n } from '../../i18n';
import { canRetry, needsPassword, type OcrProblem, ocrProblem, setAsideKind } from '../../lib/docStatus';
import { errorMessage } from '../../lib/errors';
import { fileName } from '../../lib/paths';
import { navigate } from '../../lib/router';
import type { DocumentInfo } from './DocumentTable';
import { flagText, INFO_FLAGS, StatusBadge } from './StatusBadge';

const OCR_PROBLEM_TEXT: Record<OcrProblem, MessageKey> = {
  off: 'library.ocrOff',
  nothing: 'library.ocrNothing',
  failed: 'library.ocrFailed',
};

export function DocumentDetails({
  doc,
  onClose,
  onRetry,
  onPassword,
}: {
  doc: DocumentInfo;
  onClose(): void;
  onRetry(doc: DocumentInfo): void;
  onPassword(doc: DocumentInfo): void;
}) {
  const { t, fmt } = useI18n();
  const toast = useToast();
  const source = useSource();
  const ocr = ocrProblem(doc.status, doc.message);
  const setAside = setAsideKind(doc.flags);
  // The set-aside callout already explains its flag.
  const shownFlags = doc.flags.filter((f) => f !== setAside);
  const step = useFileStep(doc.path);
  const run = (p: Promise<unknown>) => p.catch((err) => toast.push('error', errorMessage(err)));

  return (
    <section className="doc-details" aria-label={t('library.details', { file: fileName(doc.path) })}>
      <header className="doc-details-header">
        <div className="doc-details-title">
          <h2>{fileName(doc.path)}</h2>
          <StatusBadge status={doc.status} message={doc.message} flags={doc.flags} />
        </div>
        <IconButton icon="x" size="sm" label={t('common.close')} onClick={onClose} />
      </header>
      <p className="doc-details-path">{doc.path}</p>
      {/* A set-aside file's callout says what happened; the status's generic help would say "fix the file". */}
      {!setAside && <p className="doc-details-help">{t(`status.${doc.status}.help`)}</p>}
      {step && <FileStep step={step} file={doc.path} className="doc-details-step" />}
      {ocr && (
        <div className={`callout ${ocr === 'off' ? 'callout-info' : 'callout-warning'} doc-details-ocr`}>
          <Icon name={ocr === 'off' ? 'info' : 'alert'} />
          <div>
            <p>{t(OCR_PROBLEM_TEXT[ocr])}</p>
            <div className="callout-actions">
              <Button
                size="sm"
                variant={ocr === 'off' ? 'primary' : 'secondary'}
                icon="settings"
                onClick={() => navigate('#/settings/ocr')}
              >
                {t('library.openOcrSettings')}
              </Button>
            </div>
          </div>
        </div>
      )}
      {setAside && (
        <div className="callout callout-warning doc-details-set-aside" role="status">
          <Icon name="alert" />
          <div>
            <p>{t(setAside === 'set-aside' ? 'library.setAside' : 'library.updateFailed')}</p>
            <div className="callout-actions">
              <Button size="sm" variant="primary" icon="refresh" onClick={() => onRetry(doc)}>
                {t('library.retry')}
              </Button>
            </div>
          </div>
        </div>
      )}
      {doc.message && (
        <details className="doc-details-message">
          <summary>{t('library.technicalDetail')}</summary>
          <p>{doc.message}</p>
        </details>
      )}
      {shownFlags.length > 0 && (
        <ul className="doc-details-flags">
          {shownFlags.map((f) => (
            <li key={f} className={INFO_FLAGS.has(f) ? 'is-info' : undefined}>
              {flagText(t, f)}
            </li>
          ))}
        </ul>
      )}
      <dl className="doc-details-facts">
        <div>
          <dt>{t('library.col.kind')}</dt>
          <dd>{doc.kind ? t(`kind.${doc.kind}`) : '—'}</dd>
        </div>
        <div>
          <dt>{t('library.col.size')}</dt>
          <dd>{fmt.bytes(doc.size)}</dd>
        </div>
        <div>
          <dt>{t('library.col.pages')}</dt>
          <dd>{doc.pages ?? '—'}</dd>
        </div>
        <div>
          <dt>{t('library.col.chunks')}</dt>
          <dd>{fmt.number(doc.chunks)}</dd>
        </div>
        <div>
          <dt>{t('library.col.modified')}</dt>
          <dd>{fmt.dateTime(doc.mtimeMs)}</dd>
        </div>
        <div>
          <dt>{t('library.indexedAt')}</dt>
          <dd>{doc.indexedAt ? fmt.dateTime(doc.indexedAt) : '—'}</dd>
        </div>
      </dl>
      <div className="doc-details-actions">
        {needsPassword(doc.status) && (
          <Button variant="primary" size="sm" icon="key" onClick={() => onPassword(doc)}>
            {t('library.enterPassword')}
          </Button>
        )}
        {canRetry(doc.status, doc.flags) && !setAside && (
          <Button size="sm" icon="refresh" onClick={() => onRetry(doc)}>
            {t('library.retry')}
          </Button>
        )}
        {doc.status === 'indexed' && (
          <Button size="sm" icon="fileText" onClick={() => source.open({ documentId: doc.id, path: doc.path })}>
            {t('library.viewText')}
          </Button>
        )}
        <Button size="sm" icon="external" onClick={() => run(api.call('library.openFile', { documentId: doc.id }))}>
          {t('library.open')}
        </Button>
        <Button
          size="sm"
          icon="folderOpen"
          onClick={() => run(api.call('library.showInFolder', { documentId: doc.id }))}
        >
          {t('library.showInFolder')}
        </Button>
      </div>
    </section>
  );
}
