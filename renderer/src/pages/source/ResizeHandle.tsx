// The source panel's left edge: drag it (or focus it and use the arrows) to give the document more or
// less room. The width is remembered.
import { useEffect, useState } from 'react';
import { useT } from '../../i18n';

const KEY = 'lucarne.sourceWidth';
const MIN = 340;

function maxWidth(): number {
  return Math.max(MIN, window.innerWidth - 248 - 360);
}

function apply(width: number | null) {
  const root = document.documentElement;
  if (width === null) root.style.removeProperty('--source-w');
  else root.style.setProperty('--source-w', `${Math.round(width)}px`);
}

export function ResizeHandle() {
  const t = useT();
  const [width, setWidth] = useState<number | null>(() => {
    const saved = Number(localStorage.getItem(KEY));
    return Number.isFinite(saved) && saved >= MIN ? saved : null;
  });

  useEffect(() => {
    apply(width === null ? null : Math.min(width, maxWidth()));
    if (width !== null) localStorage.setItem(KEY, String(Math.round(width)));
  }, [width]);

  const set = (w: number) => setWidth(Math.max(MIN, Math.min(maxWidth(), w)));
  const current = () => width ?? (document.querySelector('.source-panel') as HTMLElement | null)?.offsetWidth ?? 520;

  return (
    // biome-ignore lint/a11y/useSemanticElements: a focusable splitter has no native element; <hr> cannot take focus or keys
    <div
      className="resize-handle"
      role="separator"
      aria-orientation="vertical"
      aria-label={t('source.resize')}
      aria-valuemin={MIN}
      aria-valuemax={maxWidth()}
      aria-valuenow={Math.round(current())}
      tabIndex={0}
      onPointerDown={(e) => {
        e.preventDefault();
        const el = e.currentTarget;
        el.setPointerCapture(e.pointerId);
        document.body.classList.add('is-resizing');
        const move = (ev: PointerEvent) => set(window.innerWidth - ev.clientX);
        const up = () => {
          el.removeEventListener('pointermove', move);
          el.removeEventListener('pointerup', up);
          document.body.classList.remove('is-resizing');
        };
        el.addEventListener('pointermove', move);
        el.addEventListener('pointerup', up);
      }}
      onDoubleClick={() => {
        localStorage.removeItem(KEY);
        setWidth(null);
      }}
      onKeyDown={(e) => {
        if (e.key === 'ArrowLeft' || e.key === 'ArrowRight') {
          e.preventDefault();
          set(current() + (e.key === 'ArrowLeft' ? 32 : -32));
        }
      }}
    />
  );
}
