// The settings page's small editors: a bounded number, a required line of text, a list of lines. Each
// keeps its own draft and saves on Enter or when it loses focus, so typing never saves half a value.
import { useEffect, useState } from 'react';
import { type BoundedSetting, SETTING_BOUNDS } from '../../../../shared/settings';
import { Field } from '../../components/Controls';
import { Icon } from '../../components/Icon';
import { useI18n } from '../../i18n';

export function NumberSetting({
  label,
  hint,
  field,
  value,
  suffix,
  onSave,
}: {
  label: string;
  hint?: string;
  field: BoundedSetting;
  value: number;
  suffix?: string;
  onSave(v: number): Promise<boolean>;
}) {
  const { t } = useI18n();
  const [text, setText] = useState(String(value));
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const { min, max, integer } = SETTING_BOUNDS[field];
  useEffect(() => setText(String(value)), [value]);

  const commit = async () => {
    const n = Number(text.replace(',', '.'));
    if (text.trim() === '' || !Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) {
      setError(t('settings.numberRange', { min, max }));
      return;
    }
    setError(null);
    if (n === value) return;
    if (await onSave(n)) {
      setSaved(true);
      window.setTimeout(() => setSaved(false), 1500);
    } else setText(String(value));
  };

  return (
    <Field label={label} hint={hint} error={error}>
      {(id, describedBy) => (
        <div className="number-input">
          <input
            id={id}
            className="input input-num"
            inputMode={integer ? 'numeric' : 'decimal'}
            value={text}
            aria-describedby={describedBy}
            aria-invalid={error ? true : undefined}
            onChange={(e) => setText(e.target.value)}
            onBlur={() => void commit()}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                void commit();
              }
            }}
          />
          {suffix && <span className="input-suffix">{suffix}</span>}
          {saved && (
            <span className="saved-tick" role="status">
              <Icon name="check" /> {t('settings.saved')}
            </span>
          )}
        </div>
      )}
    </Field>
  );
}

export function TextSetting({
  label,
  hint,
  value,
  onSave,
}: {
  label: string;
  hint?: string;
  value: string;
  onSave(v: string): Promise<boolean>;
}) {
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  const commit = () => {
    const v = text.trim();
    if (!v) return setText(value);
    if (v !== value) void onSave(v);
  };
  return (
    <Field label={label} hint={hint}>
      {(id, describedBy) => (
        <input
          id={id}
          className="input"
          value={text}
          spellCheck={false}
          aria-describedby={describedBy}
          onChange={(e) => setText(e.target.value)}
          onBlur={commit}
          onKeyDown={(e) => e.key === 'Enter' && commit()}
        />
      )}
    </Field>
  );
}

export function ListSetting({
  label,
  hint,
  value,
  onSave,
}: {
  label: string;
  hint?: string;
  value: string[];
  onSave(v: string[]): Promise<boolean>;
}) {
  const [text, setText] = useState(value.join('\n'));
  useEffect(() => setText(value.join('\n')), [value]);
  const commit = () => {
    const list = text
      .split('\n')
      .map((s) => s.trim())
      .filter(Boolean);
    if (list.join('\n') !== value.join('\n')) void onSave(list);
  };
  return (
    <Field label={label} hint={hint}>
      {(id, describedBy) => (
        <textarea
          id={id}
          className="input textarea mono"
          rows={3}
          value={text}
          spellCheck={false}
          aria-describedby={describedBy}
          onChange={(e) => setText(e.target.value)}
          onBlur={commit}
        />
      )}
    </Field>
  );
}
