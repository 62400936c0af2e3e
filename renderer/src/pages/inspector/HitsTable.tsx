// The retrieved passages, best first, with the evidence for their rank: BM25 (keywords), vector
// similarity (meaning), the fused score, and whether each made it into the prompt.
import { Fragment, useState } from 'react';
import { IconButton } from '../../components/Button';
import { Icon } from '../../components/Icon';
import { Snippet } from '../../components/Snippet';
import { useSource } from '../../hooks/useSource';
import { useI18n } from '../../i18n';
import type { InspectTarget } from '../../lib/chatStore';
import { fileName, pageText } from '../../lib/paths';
import type { TokenSource } from './TokenView';

export function HitsTable({ target, onTokens }: { target: InspectTarget; onTokens(s: TokenSource): void }) {
  const { t, fmt } = useI18n();
  const source = useSource();
  const [open, setOpen] = useState<number | null>(null);
  const used = new Set(target.report?.usedChunkIds ?? []);
  const dropped = new Set(target.report?.droppedChunkIds ?? []);
  const maxFused = Math.max(1e-9, ...target.hits.map((h) => h.score.fused));

  if (target.hits.length === 0) return <p className="muted">{t('inspector.noHits')}</p>;

  return (
    <div className="table-wrap">
      <table className="data-table hits-table">
        <caption className="sr-only">{t('inspector.hitsCaption')}</caption>
        <thead>
          <tr>
            <th scope="col" className="num">
              #
            </th>
            <th scope="col">{t('inspector.col.passage')}</th>
            <th scope="col" className="num" title={t('inspector.bm25Help')}>
              BM25
            </th>
            <th scope="col" className="num" title={t('inspector.vectorHelp')}>
              {t('inspector.col.vector')}
            </th>
            <th scope="col" title={t('inspector.fusedHelp')}>
              {t('inspector.col.fused')}
            </th>
            <th scope="col">{t('inspector.col.state')}</th>
            <th scope="col">
              <span className="sr-only">{t('common.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {target.hits.map((h, i) => {
            const c = h.chunk;
            const state = used.has(c.id) ? 'used' : dropped.has(c.id) ? 'dropped' : 'unused';
            const isOpen = open === c.id;
            return (
              <Fragment key={c.id}>
                <tr className={`hit-row is-${state}${isOpen ? ' is-open' : ''}`}>
                  <td className="num">{i + 1}</td>
                  <td className="hit-passage">
                    <button
                      type="button"
                      className="hit-toggle"
                      aria-expanded={isOpen}
                      onClick={() => setOpen(isOpen ? null : c.id)}
                    >
                      <Icon name={isOpen ? 'chevronDown' : 'chevronRight'} />
                      <span className="hit-file">{fileName(c.path)}</span>
                      {c.pageStart !== null && <span className="hit-page">{pageText(t, c)}</span>}
                      {c.headingPath.length > 0 && <span className="hit-heading">{c.headingPath.join(' › ')}</span>}
                    </button>
                    <div className="hit-snippet">
                      <Snippet text={h.snippet || c.text.slice(0, 200)} />
                    </div>
                  </td>
                  <td className="num score">
                    {h.score.bm25 !== null ? fmt.number(h.score.bm25, 2) : '—'}
                    {h.score.bm25Rank !== null && <span className="rank">#{h.score.bm25Rank}</span>}
                  </td>
                  <td className="num score">
                    {h.score.vector !== null ? fmt.number(h.score.vector, 3) : '—'}
                    {h.score.vectorRank !== null && <span className="rank">#{h.score.vectorRank}</span>}
                  </td>
                  <td className="fused">
                    <span className="score-bar" aria-hidden="true">
                      <span style={{ width: `${(h.score.fused / maxFused) * 100}%` }} />
                    </span>
                    <span className="score-value">{fmt.number(h.score.fused, 4)}</span>
                  </td>
                  <td>
                    <span
                      className={`badge badge-${state === 'used' ? 'success' : state === 'dropped' ? 'warning' : 'neutral'}`}
                    >
                      {t(`inspector.state.${state}`)}
                    </span>
                  </td>
                  <td className="row-actions">
                    <IconButton
                      icon="hash"
                      size="sm"
                      label={t('inspector.showTokens')}
                      onClick={() =>
                        onTokens({ kind: 'chunk', label: `${fileName(c.path)} #${c.ordinal + 1}`, text: c.text })
                      }
                    />
                    <IconButton
                      icon="arrowUpRight"
                      size="sm"
                      label={t('inspector.openSource')}
                      onClick={() =>
                        source.open({
                          documentId: c.documentId,
                          path: c.path,
                          charStart: c.charStart,
                          charEnd: c.charEnd,
                          page: c.pageStart,
                        })
                      }
                    />
                  </td>
                </tr>
                {isOpen && (
                  <tr className="hit-detail">
                    <td />
                    <td colSpan={6}>
                      <div className="hit-meta">
                        {t('inspector.chunkMeta', {
                          tokens: fmt.number(c.tokens),
                          ordinal: c.ordinal + 1,
                          start: c.charStart,
                          end: c.charEnd,
                        })}
                      </div>
                      <pre className="chunk-text">{c.text}</pre>
                    </td>
                  </tr>
                )}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
