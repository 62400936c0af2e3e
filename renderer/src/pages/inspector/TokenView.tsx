// Text as the model reads it: every token coloured, its id on hover, and the counts that decide what fits
// in the context window.
import { useEffect, useId, useMemo, useState } from 'react';
import type { MethodResult } from '../../../../shared/api';
import { api } from '../../api';
import { Segmented, Switch } from '../../components/Controls';
import { useEffectiveTheme } from '../../hooks/useTheme';
import { useI18n } from '../../i18n';
import type { InspectTarget } from '../../lib/chatStore';
import { errorMessage } from '../../lib/errors';
import { tokenBackground } from '../../lib/palette';
import { fileName } from '../../lib/paths';

export interface TokenSource {
  kind: 'question' | 'prompt' | 'section' | 'chunk';
  label: string;
  text: string;
}

type Tokens = MethodResult<'inspect.tokens'>;
const MAX_RENDERED = 20_000;

function visible(text: string): string {
  return text.replace(/ /g, '·').replace(/\t/g, '→').replace(/\n/g, '↵\n');
}

export function TokenView({
  target,
  source,
  onSource,
}: {
  target: InspectTarget;
  source: TokenSource | null;
  onSource(s: TokenSource): void;
}) {
  const { t, fmt } = useI18n();
  const selectId = useId();
  const [result, setResult] = useState<Tokens | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [showSpaces, setShowSpaces] = useState(false);
  const [mode, setMode] = useState<'text' | 'ids'>('text');
  const [hover, setHover] = useState<number | null>(null);
  const dark = useEffectiveTheme() === 'dark';

  const options = useMemo(() => {
    const list: TokenSource[] = [{ kind: 'question', label: t('inspector.question'), text: target.question }];
    if (target.report) {
      list.push({
        kind: 'prompt',
        label: t('inspector.wholePrompt'),
        text: target.report.sections.map((s) => s.text).join('\n\n'),
      });
      for (const s of target.report.sections)
        if (s.text) list.push({ kind: 'section', label: t(`section.${s.name}`), text: s.text });
    }
    for (const h of target.hits.slice(0, 30)) {
      list.push({ kind: 'chunk', label: `${fileName(h.chunk.path)} #${h.chunk.ordinal + 1}`, text: h.chunk.text });
    }
    return list;
  }, [target, t]);

  const current = source ?? options.find((o) => o.kind === 'prompt') ?? options[0];
  const key = `${current.kind}:${current.label}`;

  useEffect(() => {
    let live = true;
    setError(null);
    setHover(null);
    if (!current.text) {
      setResult({ tokenizer: '', count: 0, characters: 0, tokens: [], truncated: false });
      return;
    }
    api.call('inspect.tokens', { text: current.text }).then(
      (r) => live && setResult(r),
      (err) => live && setError(errorMessage(err)),
    );
    return () => {
      live = false;
    };
  }, [current.text]);

  const shown = result?.tokens.slice(0, MAX_RENDERED) ?? [];
  const hovered = hover !== null ? result?.tokens[hover] : undefined;

  return (
    <div className="token-view">
      <div className="token-toolbar">
        <label htmlFor={selectId} className="field-label">
          {t('inspector.tokenSource')}
        </label>
        <select
          id={selectId}
          className="input input-sm select"
          value={key}
          onChange={(e) => {
            const next = options.find((o) => `${o.kind}:${o.label}` === e.target.value);
            if (next) onSource(next);
          }}
        >
          {source && !options.some((o) => `${o.kind}:${o.label}` === key) && (
            <option value={key}>{source.label}</option>
          )}
          {options.map((o) => (
            <option key={`${o.kind}:${o.label}`} value={`${o.kind}:${o.label}`}>
              {o.label}
            </option>
          ))}
        </select>
        <Segmented
          size="sm"
          label={t('inspector.tokenDisplay')}
          value={mode}
          onChange={setMode}
          options={[
            { value: 'text', label: t('inspector.tokenText') },
            { value: 'ids', label: t('inspector.tokenIds') },
          ]}
        />
        <span className="switch-field">
          <Switch checked={showSpaces} onChange={setShowSpaces} label={t('inspector.showSpaces')} id="show-spaces" />
          <label htmlFor="show-spaces">{t('inspector.showSpaces')}</label>
        </span>
      </div>

      {error && (
        <div className="callout callout-error" role="alert">
          {error}
        </div>
      )}
      {result && (
        <>
          <dl className="token-stats">
            <div>
              <dt>{t('inspector.tokens')}</dt>
              <dd>{fmt.number(result.count)}</dd>
            </div>
            <div>
              <dt>{t('inspector.characters')}</dt>
              <dd>{fmt.number(result.characters)}</dd>
            </div>
            <div>
              <dt>{t('inspector.charsPerToken')}</dt>
              <dd>{result.count ? fmt.number(result.characters / result.count, 2) : '—'}</dd>
            </div>
            <div>
              <dt>{t('inspector.tokenizer')}</dt>
              <dd>{result.tokenizer || '—'}</dd>
            </div>
          </dl>
          <div className="token-hover" id="token-readout" aria-live="polite">
            {hovered
              ? t('inspector.tokenHover', {
                  index: (hover ?? 0) + 1,
                  id: hovered.id,
                  text: JSON.stringify(hovered.text),
                })
              : t('inspector.tokenHoverHint')}
          </div>
          <div
            className={`tokens${mode === 'ids' ? ' is-ids' : ''}`}
            // biome-ignore lint/a11y/noNoninteractiveTabindex: focusable so arrows can walk the tokens and read their ids
            tabIndex={0}
            role="document"
            aria-label={t('inspector.tokensOf', { label: current.label })}
            aria-describedby="token-readout"
            onMouseOver={(e) => {
              const i = (e.target as HTMLElement).dataset.i;
              if (i !== undefined) setHover(Number(i));
            }}
            onFocus={() => setHover((h) => h ?? 0)}
            onKeyDown={(e) => {
              const last = Math.max(0, shown.length - 1);
              if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
                e.preventDefault();
                const d = e.key === 'ArrowRight' ? 1 : -1;
                setHover((h) => Math.max(0, Math.min(last, (h ?? -1) + d)));
              }
            }}
          >
            {shown.map((tok, i) => (
              <span
                // biome-ignore lint/suspicious/noArrayIndexKey: a token's position is its identity
                key={i}
                data-i={i}
                className={`token${hover === i ? ' is-hover' : ''}`}
                style={{ background: tokenBackground(i, dark) }}
                title={`#${i + 1} · id ${tok.id}`}
              >
                {mode === 'ids' ? tok.id : showSpaces ? visible(tok.text) : tok.text}
              </span>
            ))}
          </div>
          {(result.truncated || result.tokens.length > MAX_RENDERED) && (
            <p className="muted">{t('inspector.tokensTruncated')}</p>
          )}
        </>
      )}
    </div>
  );
}
