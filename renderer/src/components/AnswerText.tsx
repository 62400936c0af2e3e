// An answer as rendered text: paragraphs, lists and emphasis from its light Markdown, and every [n]
// marker as a chip that opens the cited passage.
import { Fragment, memo, type ReactNode } from 'react';
import { useI18n } from '../i18n';
import { type Block, type Inline, parseAnswer } from '../lib/answerText';
import type { Citation } from '../lib/chatStore';
import { fileName, pageText } from '../lib/paths';

interface Props {
  text: string;
  /** Resolves [n] to its source; null while it is not known yet (mid-stream). */
  resolve(n: number): Citation | null;
  onCite(citation: Citation): void;
  streaming?: boolean;
}

export const AnswerText = memo(function AnswerText({ text, resolve, onCite, streaming }: Props) {
  const blocks = parseAnswer(text);
  const renderInlines = (inlines: Inline[]) =>
    inlines.map((inline, i) => {
      const key = `${i}-${inline.kind}`;
      switch (inline.kind) {
        case 'text':
          return <Fragment key={key}>{inline.text}</Fragment>;
        case 'strong':
          return <strong key={key}>{inline.text}</strong>;
        case 'em':
          return <em key={key}>{inline.text}</em>;
        case 'code':
          return <code key={key}>{inline.text}</code>;
        case 'cite':
          return (
            <span key={key} className="cite-group">
              {inline.numbers.map((n) => (
                <CitationChip key={n} n={n} citation={resolve(n)} onCite={onCite} />
              ))}
            </span>
          );
        default:
          return null;
      }
    });
  const renderBlock = (b: Block, i: number): ReactNode => {
    switch (b.kind) {
      case 'p':
        return <p key={i}>{renderInlines(b.inlines)}</p>;
      case 'h': {
        const H = b.level === 1 ? 'h3' : b.level === 2 ? 'h4' : 'h5';
        return <H key={i}>{renderInlines(b.inlines)}</H>;
      }
      case 'ul':
      case 'ol': {
        const L = b.kind;
        return (
          <L key={i}>
            {b.items.map((item, j) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: list items have no identity beyond their position
              <li key={j}>{renderInlines(item)}</li>
            ))}
          </L>
        );
      }
      case 'quote':
        return <blockquote key={i}>{renderInlines(b.inlines)}</blockquote>;
      case 'pre':
        return (
          <pre key={i}>
            <code>{b.text}</code>
          </pre>
        );
    }
  };
  return (
    <div className={`answer-text${streaming ? ' is-streaming' : ''}`}>
      {blocks.map(renderBlock)}
      {streaming && <span className="caret" aria-hidden="true" />}
    </div>
  );
});

export function CitationChip({
  n,
  citation,
  onCite,
}: {
  n: number;
  citation: Citation | null;
  onCite(c: Citation): void;
}) {
  const { t } = useI18n();
  const where = citation ? `${fileName(citation.path)}${citation.pageStart ? `, ${pageText(t, citation)}` : ''}` : '';
  return (
    <button
      type="button"
      className="cite-chip"
      aria-label={citation ? t('chat.citeLabel', { n, where }) : t('chat.citePending', { n })}
      title={
        citation ? `${where}\n${citation.quote.slice(0, 240)}${citation.quote.length > 240 ? '…' : ''}` : undefined
      }
      aria-disabled={!citation}
      onClick={() => citation && onCite(citation)}
    >
      {n}
    </button>
  );
}
