// The finer settings of local models: the context allocated to an in-process model, how long it stays in
// memory unused, and the embedding prefixes. Prefixes matter to retrieval (e5 wants "query: " and
// "passage: ", nomic "search_query: "…); left empty, the model family's own are used, so most users never
// touch them. A prefix is kept exactly as typed: its trailing space is part of it.
import { useEffect, useState } from 'react';
import type { LocalModelSettings } from '../../../../shared/models-api';
import { Field } from '../../components/Controls';
import { useI18n } from '../../i18n';
import { NumberSetting } from './SettingFields';

interface Props {
  value: LocalModelSettings;
  onSave(next: LocalModelSettings): Promise<boolean>;
}

/** Context size and idle unloading: only the in-process (GGUF) kind allocates memory itself. */
export function GgufOptions({ value, onSave }: Props) {
  const { t } = useI18n();
  return (
    <>
      <NumberSetting
        label={t('models.contextSize')}
        hint={t('models.contextSizeHint')}
        field="localContextSize"
        suffix={t('settings.tokensUnit')}
        value={value.gguf.contextSize}
        onSave={(contextSize) => onSave({ ...value, gguf: { ...value.gguf, contextSize } })}
      />
      <NumberSetting
        label={t('models.idleUnload')}
        hint={t('models.idleUnloadHint')}
        field="idleUnloadMinutes"
        suffix={t('models.minutesUnit')}
        value={value.idleUnloadMinutes}
        onSave={(idleUnloadMinutes) => onSave({ ...value, idleUnloadMinutes })}
      />
    </>
  );
}

export function PrefixOptions({ value, onSave }: Props) {
  const { t } = useI18n();
  return (
    <>
      <PrefixField
        label={t('models.queryPrefix')}
        hint={t('models.queryPrefixHint')}
        value={value.queryPrefix}
        onSave={(queryPrefix) => onSave({ ...value, queryPrefix })}
      />
      <PrefixField
        label={t('models.documentPrefix')}
        hint={t('models.documentPrefixHint')}
        value={value.documentPrefix}
        onSave={(documentPrefix) => onSave({ ...value, documentPrefix })}
      />
    </>
  );
}

function PrefixField({
  label,
  hint,
  value,
  onSave,
}: {
  label: string;
  hint: string;
  value: string | null;
  onSave(v: string | null): Promise<boolean>;
}) {
  const { t } = useI18n();
  const [text, setText] = useState(value ?? '');
  useEffect(() => setText(value ?? ''), [value]);
  const commit = () => {
    // Not trimmed: "query: " and "query:" embed differently. Only an all-blank value means "the family's".
    const next = text.trim() === '' ? null : text;
    if (next !== value) void onSave(next);
  };
  return (
    <Field label={label} hint={hint}>
      {(id, describedBy) => (
        <input
          id={id}
          className="input mono input-prefix"
          value={text}
          spellCheck={false}
          maxLength={500}
          placeholder={t('models.prefixDefault')}
          aria-describedby={describedBy}
          onChange={(e) => setText(e.target.value)}
          onBlur={commit}
          onKeyDown={(e) => e.key === 'Enter' && commit()}
        />
      )}
    </Field>
  );
}
