// The prompt as it was assembled: each section with its token count, and a bar that shows how the
// context budget was spent.
import { useState } from 'react';
import { IconButton } from '../../components/Button';
import { Icon } from '../../components/Icon';
import { useI18n } from '../../i18n';
import type { PromptReport } from '../../lib/chatStore';
import type { TokenSource } from './TokenView';

export const SECTION_ORDER = ['instructions', 'examples', 'history', 'context', 'question', 'format'] as const;

export function BudgetBar({ report }: { report: PromptReport }) {
  const { t, fmt } = useI18n();
  const scale = Math.max(report.budgetTokens, report.totalTokens, 1);
  const over = report.totalTokens > report.budgetTokens;
  return (
    <div className="budget">
      <div className="budget-head">
        <span>{t('inspector.budget')}</span>
        <span className={over ? 'text-danger' : ''}>
          {t('inspector.budgetUse', { used: fmt.number(report.totalTokens), budget: fmt.number(report.budgetTokens) })}
          {' · '}
          {fmt.percent(report.totalTokens / Math.max(1, report.budgetTokens))}
        </span>
      </div>
      <div
        className="budget-bar"
        role="img"
        aria-label={t('inspector.budgetUse', {
          used: fmt.number(report.totalTokens),
          budget: fmt.number(report.budgetTokens),
        })}
      >
        {report.sections
          .filter((s) => s.tokens > 0)
          .map((s) => (
            <span
              key={s.name}
              className={`budget-seg seg-${s.name}`}
              style={{ width: `${(s.tokens / scale) * 100}%` }}
              title={`${t(`section.${s.name}`)} · ${fmt.number(s.tokens)}`}
            />
          ))}
        {report.budgetTokens < scale && (
          <span className="budget-limit" style={{ left: `${(report.budgetTokens / scale) * 100}%` }} />
        )}
      </div>
      <ul className="budget-legend">
        {report.sections
          .filter((s) => s.tokens > 0)
          .map((s) => (
            <li key={s.name}>
              <span className={`legend-swatch seg-${s.name}`} aria-hidden="true" />
              {t(`section.${s.name}`)} <span className="muted">{fmt.number(s.tokens)}</span>
            </li>
          ))}
      </ul>
    </div>
  );
}

export function PromptView({ report, onTokens }: { report: PromptReport | null; onTokens(s: TokenSource): void }) {
  const { t, fmt } = useI18n();
  const [open, setOpen] = useState<Set<string>>(() => new Set(['question', 'context']));
  if (!report) return <p className="muted">{t('inspector.noReport')}</p>;
  const toggle = (name: string) =>
    setOpen((o) => {
      const n = new Set(o);
      if (n.has(name)) n.delete(name);
      else n.add(name);
      return n;
    });
  const full = report.sections.map((s) => s.text).join('\n\n');

  return (
    <div className="prompt-view">
      <BudgetBar report={report} />
      <div className="prompt-tools">
        <span className="muted">
          {t('inspector.chunksUsed', { used: report.usedChunkIds.length, dropped: report.droppedChunkIds.length })}
        </span>
        <button
          type="button"
          className="btn btn-ghost btn-sm"
          onClick={() => onTokens({ kind: 'prompt', label: t('inspector.wholePrompt'), text: full })}
        >
          <Icon name="hash" />
          <span className="btn-label">{t('inspector.promptTokens')}</span>
        </button>
      </div>
      <ol className="prompt-sections">
        {report.sections.map((s) => {
          const isOpen = open.has(s.name);
          return (
            <li key={s.name} className="prompt-section" style={{ borderLeftColor: `var(--seg-${s.name})` }}>
              <div className="prompt-section-head">
                <button
                  type="button"
                  className="prompt-section-toggle"
                  aria-expanded={isOpen}
                  onClick={() => toggle(s.name)}
                >
                  <Icon name={isOpen ? 'chevronDown' : 'chevronRight'} />
                  <span className={`legend-swatch seg-${s.name}`} aria-hidden="true" />
                  <strong>{t(`section.${s.name}`)}</strong>
                  <span className="muted">
                    {t('inspector.tokensCount', { count: s.tokens, n: fmt.number(s.tokens) })}
                  </span>
                </button>
                <IconButton
                  icon="hash"
                  size="sm"
                  label={t('inspector.showTokens')}
                  onClick={() => onTokens({ kind: 'section', label: t(`section.${s.name}`), text: s.text })}
                />
              </div>
              {isOpen &&
                (s.text ? (
                  <pre className="prompt-text">{s.text}</pre>
                ) : (
                  <p className="muted prompt-text">{t('inspector.emptySection')}</p>
                ))}
            </li>
          );
        })}
      </ol>
    </div>
  );
}
