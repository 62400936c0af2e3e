import { type RefObject, useEffect, useState } from 'react';

/**
 * Which rows of a fixed-row-height list are in view. Only those (plus a margin) get rendered, so a
 * 100,000-row table costs what a 30-row one does.
 */
export function useVirtualRows(
  container: RefObject<HTMLElement | null>,
  count: number,
  rowHeight: number,
  overscan = 8,
) {
  const [viewport, setViewport] = useState({ top: 0, height: 600 });

  useEffect(() => {
    const el = container.current;
    if (!el) return;
    let frame = 0;
    const measure = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => setViewport({ top: el.scrollTop, height: el.clientHeight }));
    };
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    el.addEventListener('scroll', measure, { passive: true });
    measure();
    return () => {
      cancelAnimationFrame(frame);
      ro.disconnect();
      el.removeEventListener('scroll', measure);
    };
  }, [container]);

  const first = Math.max(0, Math.floor(viewport.top / rowHeight) - overscan);
  const last = Math.min(count - 1, Math.ceil((viewport.top + viewport.height) / rowHeight) + overscan);
  return { first, last, totalHeight: count * rowHeight, viewportHeight: viewport.height };
}

/** Scrolls the container just enough for row `index` to be fully visible. */
export function scrollRowIntoView(el: HTMLElement, index: number, rowHeight: number, headerOffset = 0): void {
  const top = index * rowHeight;
  const bottom = top + rowHeight;
  const viewTop = el.scrollTop;
  const viewBottom = el.scrollTop + el.clientHeight - headerOffset;
  if (top < viewTop) el.scrollTop = top;
  else if (bottom > viewBottom) el.scrollTop = bottom - el.clientHeight + headerOffset;
}
