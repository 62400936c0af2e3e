// The prompt template in three parts (instructions, examples, answer format), with a live preview of the
// prompt it assembles for a sample question, token counts included ('inspect.promptPreview').
import { useEffect, useId, useState } from 'react';
import type { Settings } from '../../../../shared/api';
import { api } from '../../api';
import { Button } from '../../components/Button';
import { type MessageKey, useI18n } from '../../i18n';
import type { PromptReport } from '../../lib/chatStore';
import { getInspectTarget } from '../../lib/chatStore';
import { errorMessage } from '../../lib/errors';
import { BudgetBar } from '../inspector/PromptView';

type Template = Settings['promptTemplate'];
const PARTS: { key: keyof Template; label: MessageKey; hint: MessageKey; rows: number }[] = [
  { key: 'instructions', label: 'section.instructions', hint: 'settings.instructionsHint', rows: 7 },
  { key: 'examples', label: 'section.examples', hint: 'settings.examplesHint', rows: 5 },
  { key: 'format', label: 'section.format', hint: 'settings.formatHint', rows: 4 },
];

export function PromptTemplateEditor({
  template,
  onSave,
}: {
  template: Template;
  onSave(t: Template): Promise<boolean>;
}) {
  const { t, fmt } = useI18n();
  const uid = useId();
  const [draft, setDraft] = useState<Template>(template);
  const [question, setQuestion] = useState(() => getInspectTarget()?.question || t('settings.previewQuestionDefault'));
  const [preview, setPreview] = useState<PromptReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const dirty =
    draft.instructions !== template.instructions ||
    draft.examples !== template.examples ||
    draft.format !== template.format;

  useEffect(() => setDraft(template), [template]);

  useEffect(() => {
    let live = true;
    const h = window.setTimeout(() => {
      api.call('inspect.promptPreview', { question, template: draft }).then(
        (r) => {
          if (!live) return;
          setPreview(r);
          setError(null);
        },
        (err) => live && setError(errorMessage(err)),
      );
    }, 350);
    return () => {
      live = false;
      window.clearTimeout(h);
    };
  }, [draft, question]);

  return (
    <div className="prompt-editor">
      <div className="prompt-editor-fields">
        {PARTS.map((p) => (
          <div key={p.key} className="field">
            <div className="field-text">
              <label className="field-label" htmlFor={`${uid}-${p.key}`}>
                {t(p.label)}
              </label>
              <div className="field-hint" id={`${uid}-${p.key}-hint`}>
                {t(p.hint)}
              </div>
            </div>
            <textarea
              id={`${uid}-${p.key}`}
              className="input textarea mono"
              rows={p.rows}
              value={draft[p.key]}
              aria-describedby={`${uid}-${p.key}-hint`}
              onChange={(e) => setDraft((d) => ({ ...d, [p.key]: e.target.value }))}
            />
          </div>
        ))}
        <div className="prompt-editor-actions">
          <Button
            variant="primary"
            size="sm"
            disabled={!dirty}
            busy={saving}
            onClick={async () => {
              setSaving(true);
              await onSave(draft);
              setSaving(false);
            }}
          >
            {t('settings.saveTemplate')}
          </Button>
          <Button size="sm" variant="ghost" disabled={!dirty} onClick={() => setDraft(template)}>
            {t('settings.revert')}
          </Button>
          {dirty && <span className="muted">{t('settings.unsaved')}</span>}
        </div>
      </div>
      <div className="prompt-preview" aria-live="polite">
        <div className="field">
          <label className="field-label" htmlFor={`${uid}-q`}>
            {t('settings.previewQuestion')}
          </label>
          <input
            id={`${uid}-q`}
            className="input"
            value={question}
            maxLength={4000}
            onChange={(e) => setQuestion(e.target.value)}
          />
        </div>
        {error && <p className="field-error">{error}</p>}
        {preview && (
          <>
            <BudgetBar report={preview} />
            <div className="prompt-preview-text">
              {preview.sections.map((s) => (
                <section key={s.name} className="preview-section" style={{ borderLeftColor: `var(--seg-${s.name})` }}>
                  <h4>
                    {t(`section.${s.name}`)}
                    <span className="muted">
                      {t('inspector.tokensCount', { count: s.tokens, n: fmt.number(s.tokens) })}
                    </span>
                  </h4>
                  <pre>{s.text || '—'}</pre>
                </section>
              ))}
            </div>
          </>
        )}
      </div>
    </div>
  );
}
