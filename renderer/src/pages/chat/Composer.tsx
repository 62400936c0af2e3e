// The question box: grows with its text, Enter sends, Shift+Enter makes a new line, and while an answer
// is being written the send button becomes Stop (Escape works too).
import { forwardRef, useEffect, useImperativeHandle, useRef, useState } from 'react';
import { Icon } from '../../components/Icon';
import { useT } from '../../i18n';

export interface ComposerHandle {
  focus(): void;
}

interface Props {
  onSend(question: string): Promise<boolean> | boolean;
  onStop(): void;
  streaming: boolean;
  disabled?: boolean;
  placeholder?: string;
  compact?: boolean;
}

export const Composer = forwardRef<ComposerHandle, Props>(function Composer(
  { onSend, onStop, streaming, disabled, placeholder, compact },
  ref,
) {
  const t = useT();
  const [value, setValue] = useState('');
  const [sending, setSending] = useState(false);
  const area = useRef<HTMLTextAreaElement>(null);

  useImperativeHandle(ref, () => ({ focus: () => area.current?.focus() }), []);

  // Grow with the content up to a cap, then scroll inside.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the height depends on the value
  useEffect(() => {
    const el = area.current;
    if (!el) return;
    el.style.height = 'auto';
    el.style.height = `${Math.min(el.scrollHeight, compact ? 120 : 220)}px`;
  }, [value, compact]);

  const send = async () => {
    const q = value.trim();
    if (!q || streaming || sending || disabled) return;
    setSending(true);
    try {
      if (await onSend(q)) setValue('');
    } finally {
      setSending(false);
      area.current?.focus();
    }
  };

  return (
    <form
      className={`composer${compact ? ' is-compact' : ''}`}
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
    >
      <textarea
        ref={area}
        className="composer-input"
        rows={1}
        value={value}
        maxLength={4000}
        placeholder={placeholder ?? t('chat.placeholder')}
        aria-label={t('chat.askLabel')}
        aria-describedby={compact ? undefined : 'composer-hint'}
        disabled={disabled}
        onChange={(e) => setValue(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
            e.preventDefault();
            void send();
          } else if (e.key === 'Escape' && streaming) {
            e.preventDefault();
            onStop();
          }
        }}
      />
      <div className="composer-bar">
        {!compact && (
          <span id="composer-hint" className="composer-hint">
            {t('chat.enterHint')}
          </span>
        )}
        {streaming ? (
          <button
            type="button"
            className="composer-send is-stop"
            onClick={onStop}
            aria-label={t('chat.stop')}
            title={t('chat.stop')}
          >
            <Icon name="stop" />
          </button>
        ) : (
          <button
            type="submit"
            className="composer-send"
            disabled={!value.trim() || sending || disabled}
            aria-label={t('chat.send')}
            title={t('chat.send')}
          >
            {sending ? <span className="spinner" aria-hidden="true" /> : <Icon name="arrowUp" />}
          </button>
        )}
      </div>
    </form>
  );
});
