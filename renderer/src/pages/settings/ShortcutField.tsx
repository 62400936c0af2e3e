// Records a global shortcut the way Electron spells it ("CommandOrControl+Shift+Space"): focus the field
// and press the keys.
import { type KeyboardEvent, useState } from 'react';
import { useT } from '../../i18n';
import { isMac } from '../../lib/platform';

function keyName(e: KeyboardEvent): string | null {
  const k = e.key;
  if (['Control', 'Meta', 'Shift', 'Alt', 'AltGraph', 'CapsLock'].includes(k)) return null;
  if (k === ' ') return 'Space';
  if (/^F\d{1,2}$/.test(k)) return k;
  if (k.length === 1 && /[a-z0-9]/i.test(k)) return k.toUpperCase();
  if (e.code.startsWith('Key')) return e.code.slice(3);
  if (e.code.startsWith('Digit')) return e.code.slice(5);
  const named: Record<string, string> = {
    ArrowUp: 'Up',
    ArrowDown: 'Down',
    ArrowLeft: 'Left',
    ArrowRight: 'Right',
    Enter: 'Return',
  };
  return named[k] ?? (k.length > 1 ? k : null);
}

/** "CommandOrControl+Shift+Space" → "Ctrl+Maj+Espace" / "⌘⇧Space" for display. */
export function displayShortcut(accel: string, t: ReturnType<typeof useT>): string {
  return accel
    .split('+')
    .map((part) => {
      if (part === 'CommandOrControl' || part === 'CmdOrCtrl') return isMac ? '⌘' : 'Ctrl';
      if (part === 'Shift') return isMac ? '⇧' : t('settings.shiftKey');
      if (part === 'Alt') return isMac ? '⌥' : 'Alt';
      if (part === 'Space') return t('settings.spaceKey');
      return part;
    })
    .join(isMac ? '' : '+');
}

export function ShortcutField({
  id,
  describedBy,
  value,
  onChange,
}: {
  id: string;
  describedBy?: string;
  value: string;
  onChange(accel: string): void;
}) {
  const t = useT();
  const [recording, setRecording] = useState(false);
  const [hint, setHint] = useState<string | null>(null);

  return (
    <div className="shortcut-field">
      <input
        id={id}
        className={`input mono shortcut-input${recording ? ' is-recording' : ''}`}
        readOnly
        value={recording ? t('settings.pressKeys') : displayShortcut(value, t)}
        aria-describedby={describedBy}
        onFocus={() => setRecording(true)}
        onBlur={() => {
          setRecording(false);
          setHint(null);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Tab') return;
          e.preventDefault();
          if (e.key === 'Escape') {
            e.currentTarget.blur();
            return;
          }
          const key = keyName(e);
          if (!key) return;
          const mods = [
            e.ctrlKey || e.metaKey ? 'CommandOrControl' : null,
            e.altKey ? 'Alt' : null,
            e.shiftKey ? 'Shift' : null,
          ].filter(Boolean);
          if (mods.length === 0) {
            setHint(t('settings.shortcutNeedsModifier'));
            return;
          }
          onChange([...mods, key].join('+'));
          setHint(null);
          e.currentTarget.blur();
        }}
      />
      {hint && <span className="field-error">{hint}</span>}
    </div>
  );
}
