// An answer as rendered text: paragraphs, lists and emphasis from its light Markdown, and every [n]
// marker as a chip that opens the cited passage. With the citation check, sentences it could not fully
// support are underlined, each followed by a small flag saying what was not found (hover, focus, screen
// reader), corrected citation numbers say what they were, and a chip opens its passage at the span that
// supports the sentence rather than the whole passage.
import { Fragment, memo, type ReactNode } from 'react';
import { useI18n } from '../i18n';
import { type Block, type Inline, parseAnswer } from '../lib/answerText';
import type { Citation } from '../lib/chatStore';
import { checkReason, isFlagged, type SentenceCheck, sentenceAt } from '../lib/checkText';
import { fileName, pageText } from '../lib/paths';
import { Icon } from './Icon';

interface Props {
  text: string;
  /** Resolves [n] to its source; null while it is not known yet (mid-stream). */
  resolve(n: number): Citation | null;
  onCite(citation: Citation): void;
  streaming?: boolean;
  /** The citation check of a finished written answer (offsets in `text`). */
  check?: SentenceCheck[];
}

/** The citation narrowed to the span of its passage that supports the sentence, when the check placed one. */
export function atSupportingSpan(citation: Citation, sentence: SentenceCheck | undefined): Citation {
  const span = sentence?.span;
  if (!span || span.n !== citation.n || span.charStart === null || span.charEnd === null) return citation;
  return { ...citation, charStart: span.charStart, charEnd: span.charEnd };
}

export const AnswerText = memo(function AnswerText({ text, resolve, onCite, streaming, check }: Props) {
  const { t } = useI18n();
  const blocks = parseAnswer(text);
  const flagged = (check ?? []).filter(isFlagged);

  /** The flag after a marked sentence: what was not found, shown on hover and focus, read by screen readers. */
  const flag = (s: SentenceCheck) => {
    const label = t(`check.support.${s.support}`);
    const reason = checkReason(t, s);
    const c = s.span ? resolve(s.span.n) : null;
    return (
      <button
        key={`flag-${s.start}`}
        type="button"
        className={`claim-flag is-${s.support}`}
        aria-label={t('check.flag', { label, reason })}
        data-tip={reason}
        onClick={() => c && onCite(atSupportingSpan(c, s))}
      >
        <Icon name={s.support === 'not-supported' ? 'alert' : 'info'} />
      </button>
    );
  };

  /** Text cut where marked sentences begin and end, marked pieces wrapped, each sentence's flag at its end. */
  const markText = (str: string, start: number, key: string): ReactNode[] => {
    const end = start + str.length;
    const cuts = new Set([0, str.length]);
    for (const s of flagged) for (const x of [s.start, s.end]) if (x > start && x < end) cuts.add(x - start);
    const sorted = [...cuts].sort((a, b) => a - b);
    const out: ReactNode[] = [];
    for (let i = 0; i + 1 < sorted.length; i++) {
      const piece = str.slice(sorted[i], sorted[i + 1]);
      const at = start + sorted[i];
      const s = flagged.find((x) => at >= x.start && at < x.end);
      out.push(
        s ? (
          <span key={`${key}-${at}`} className={`claim is-${s.support}`} title={checkReason(t, s)}>
            {piece}
          </span>
        ) : (
          <Fragment key={`${key}-${at}`}>{piece}</Fragment>
        ),
      );
      if (s && start + sorted[i + 1] === s.end) out.push(flag(s));
    }
    return out;
  };

  const renderInlines = (inlines: Inline[]) =>
    inlines.flatMap((inline, i): ReactNode[] => {
      const key = `${i}-${inline.kind}`;
      const sentence = sentenceAt(check, inline.start);
      const marked = sentence && isFlagged(sentence) ? sentence : undefined;
      const endsMarked = marked && inline.end === marked.end && inline.kind !== 'text' ? [flag(marked)] : [];
      const wrap = (node: ReactNode) =>
        marked ? (
          <span key={key} className={`claim is-${marked.support}`} title={checkReason(t, marked)}>
            {node}
          </span>
        ) : (
          <Fragment key={key}>{node}</Fragment>
        );
      switch (inline.kind) {
        case 'text':
          return markText(inline.text, inline.start, key);
        case 'strong':
          return [wrap(<strong>{inline.text}</strong>), ...endsMarked];
        case 'em':
          return [wrap(<em>{inline.text}</em>), ...endsMarked];
        case 'code':
          return [wrap(<code>{inline.text}</code>), ...endsMarked];
        case 'cite': {
          const repaired = sentence?.repaired;
          const fixed = repaired && inline.numbers.some((n) => repaired.to.includes(n)) ? repaired : undefined;
          return [
            <span key={key} className="cite-group">
              {inline.numbers.map((n) => (
                <CitationChip
                  key={n}
                  n={n}
                  citation={resolve(n)}
                  onCite={(c) => onCite(atSupportingSpan(c, sentence))}
                  repaired={fixed?.to.includes(n)}
                />
              ))}
              {fixed && (
                <span className="cite-fix" title={t(fixed.from.length ? 'check.correctedTitle' : 'check.addedTitle')}>
                  {fixed.from.length
                    ? t('check.corrected', { from: fixed.from.map((n) => `[${n}]`).join(', ') })
                    : t('check.added')}
                </span>
              )}
            </span>,
            ...endsMarked,
          ];
        }
        default:
          return [];
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
  repaired,
}: {
  n: number;
  citation: Citation | null;
  onCite(c: Citation): void;
  /** The engine corrected or added this number (the note after the chip says what it was). */
  repaired?: boolean;
}) {
  const { t } = useI18n();
  const where = citation ? `${fileName(citation.path)}${citation.pageStart ? `, ${pageText(t, citation)}` : ''}` : '';
  return (
    <button
      type="button"
      className={`cite-chip${repaired ? ' is-repaired' : ''}`}
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
