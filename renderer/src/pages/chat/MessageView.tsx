// One exchange in the thread: the question, then the answer as it streams, its citations as chips, the
// sources it used, and what you can do with it (copy, inspect).
import { memo, useState } from 'react';
import { AnswerText } from '../../components/AnswerText';
import { IconButton } from '../../components/Button';
import { Icon } from '../../components/Icon';
import { useToast } from '../../components/Toasts';
import { citationTarget, useSource } from '../../hooks/useSource';
import { useI18n } from '../../i18n';
import type { Citation, Message, SearchHit } from '../../lib/chatStore';
import { copyText } from '../../lib/download';
import { CitationCheckNote } from './CitationCheckNote';
import { dirName, fileName, ltrPath, pageText } from '../../lib/paths';

export function UserMessage({ text }: { text: string }) {
  return (
    <div className="msg msg-user">
      <p>{text}</p>
    </div>
  );
}

/** [n] → citation; mid-stream, before citations arrive, the n-th passage placed in the prompt stands in. */
export function citationResolver(message: Message) {
  return (n: number): Citation | null => {
    const c = message.citations.find((x) => x.n === n);
    if (c) return c;
    const chunkId = message.report?.usedChunkIds[n - 1];
    const hit = chunkId === undefined ? undefined : message.hits.find((h) => h.chunk.id === chunkId);
    return hit ? hitToCitation(hit, n) : null;
  };
}

export function hitToCitation(hit: SearchHit, n: number): Citation {
  const c = hit.chunk;
  return {
    n,
    chunkId: c.id,
    documentId: c.documentId,
    path: c.path,
    pageStart: c.pageStart,
    pageEnd: c.pageEnd,
    pageLabel: c.pageLabel,
    charStart: c.charStart,
    charEnd: c.charEnd,
    quote: c.text,
  };
}

interface Props {
  message: Message;
  onInspect?(message: Message): void;
}

export const AssistantMessage = memo(function AssistantMessage({ message, onInspect }: Props) {
  const { t } = useI18n();
  const toast = useToast();
  const source = useSource();
  const [copied, setCopied] = useState(false);
  const streaming = message.status === 'streaming';
  const searching = streaming && !message.text && message.hits.length === 0 && !message.report;
  const openCitation = (c: Citation) => source.open(citationTarget(c));

  return (
    <div className="msg msg-assistant" aria-busy={streaming}>
      <div className="msg-avatar" aria-hidden="true">
        <Icon name="logo" />
      </div>
      <div className="msg-body">
        {streaming && !message.text && (
          <div className="msg-status" role="status">
            <span className="spinner" aria-hidden="true" />
            {searching ? t('chat.searching') : t('chat.writing', { count: message.hits.length })}
          </div>
        )}
        {message.text && (
          <AnswerText
            text={message.text}
            resolve={citationResolver(message)}
            onCite={openCitation}
            streaming={streaming}
            check={streaming ? undefined : message.citationCheck?.sentences}
          />
        )}
        {message.status === 'error' && (
          <div className="callout callout-error" role="alert">
            <Icon name="alert" />
            <div>
              <strong>{t('chat.errorTitle')}</strong>
              <p>{message.error ?? t('chat.errorUnknown')}</p>
            </div>
          </div>
        )}
        {message.status === 'stopped' && <div className="msg-note">{t('chat.stopped')}</div>}
        <CitationCheckNote check={message.citationCheck} />
        {message.status !== 'streaming' && message.citations.length > 0 && (
          <SourcesList citations={message.citations} onOpen={openCitation} />
        )}
        {message.status !== 'streaming' && (
          <div className="msg-actions">
            <IconButton
              icon={copied ? 'check' : 'copy'}
              size="sm"
              label={copied ? t('chat.copied') : t('chat.copy')}
              onClick={async () => {
                if (await copyText(message.text)) {
                  setCopied(true);
                  window.setTimeout(() => setCopied(false), 1500);
                } else toast.push('error', t('chat.copyFailed'));
              }}
            />
            {onInspect && (message.hits.length > 0 || message.report) && (
              <button type="button" className="btn btn-ghost btn-sm" onClick={() => onInspect(message)}>
                <Icon name="inspector" />
                <span className="btn-label">{t('chat.inspect')}</span>
              </button>
            )}
            {message.provider && (
              <span className="msg-provider">{t('chat.answeredBy', { provider: message.provider })}</span>
            )}
          </div>
        )}
      </div>
    </div>
  );
});

export function SourcesList({ citations, onOpen }: { citations: Citation[]; onOpen(c: Citation): void }) {
  const { t } = useI18n();
  return (
    <section className="sources" aria-label={t('chat.sources')}>
      <h3 className="sources-title">{t('chat.sourcesCount', { count: citations.length })}</h3>
      <ol className="sources-list">
        {citations.map((c) => (
          <li key={c.n}>
            <button type="button" className="source-item" onClick={() => onOpen(c)}>
              <span className="source-n">{c.n}</span>
              <span className="source-main">
                <span className="source-file">
                  <Icon name="fileText" />
                  <span className="source-name">{fileName(c.path)}</span>
                  {c.pageStart !== null && <span className="source-page">{pageText(t, c)}</span>}
                  <span className="source-dir">{ltrPath(dirName(c.path))}</span>
                </span>
                <span className="source-quote">{c.quote}</span>
              </span>
            </button>
          </li>
        ))}
      </ol>
    </section>
  );
}
