// The extracted text of a document with the cited passage highlighted and scrolled into view. Page
// boundaries of paged formats are shown as thin separators so "p. 12" can be found by eye too; a page whose
// text was recognised by OCR says so on its separator, with the recognition's confidence.
import { useLayoutEffect, useMemo, useRef } from 'react';
import type { MethodResult } from '../../../../shared/api';
import { useT } from '../../i18n';
import { OcrNotice, type PageOcr } from './OcrNotice';

type Source = MethodResult<'source.get'>;

export function TextView({ source, range }: { source: Source; range: [number, number] | null }) {
  const t = useT();
  const mark = useRef<HTMLElement>(null);
  const box = useRef<HTMLDivElement>(null);

  // Split the text at page boundaries and around the highlighted range.
  const pieces = useMemo(() => {
    const cuts = new Set<number>([0, source.text.length]);
    const pageAt = new Map<number, { label: string | null; ocr: PageOcr | null }>();
    // A single image has no pages to tell apart: its notice needs no "Page 1".
    const single = source.pageSpans.length === 1;
    for (const span of source.pageSpans) {
      // The first page has a separator only to carry its OCR notice.
      if ((span.start > 0 || span.ocr) && span.start < source.text.length) {
        cuts.add(span.start);
        pageAt.set(span.start, {
          label: single && span.start === 0 ? null : (span.label ?? String(span.number)),
          ocr: span.ocr,
        });
      }
    }
    // Highlight the passage's text, not the blank lines around it.
    let mark: [number, number] | null = null;
    if (range) {
      let [a, b] = range;
      while (a < b && /\s/.test(source.text[a] ?? '')) a++;
      while (b > a && /\s/.test(source.text[b - 1] ?? '')) b--;
      mark = [a, b];
      cuts.add(Math.max(0, Math.min(a, source.text.length)));
      cuts.add(Math.max(0, Math.min(b, source.text.length)));
    }
    const sorted = [...cuts].sort((a, b) => a - b);
    const out: {
      start: number;
      text: string;
      marked: boolean;
      page: { label: string | null; ocr: PageOcr | null } | null;
    }[] = [];
    for (let i = 0; i < sorted.length - 1; i++) {
      const start = sorted[i];
      const end = sorted[i + 1];
      if (end <= start) continue;
      out.push({
        start,
        text: source.text.slice(start, end),
        marked: mark !== null && start >= mark[0] && end <= mark[1],
        page: pageAt.get(start) ?? null,
      });
    }
    return out;
  }, [source, range]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: scroll again when the passage changes
  useLayoutEffect(() => {
    const el = mark.current;
    const container = box.current;
    if (!el || !container) {
      container?.scrollTo({ top: 0 });
      return;
    }
    const top = el.offsetTop - container.clientHeight / 3;
    container.scrollTo({ top: Math.max(0, top), behavior: 'instant' });
  }, [range?.[0], range?.[1], source.documentId]);

  let firstMark = true;
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable to scroll it with the keyboard
    <div className="text-view" ref={box} tabIndex={0} role="document" aria-label={t('source.textLabel')}>
      <div className="text-view-body">
        {pieces.map((p) => {
          const page = p.page ? (
            <span key={`pg${p.start}`} className={`page-sep${p.page.ocr ? ' has-ocr' : ''}`}>
              {p.page.label !== null && <span>{t('source.pageSep', { label: p.page.label })}</span>}
              {p.page.ocr && <OcrNotice ocr={p.page.ocr} />}
            </span>
          ) : null;
          if (!p.marked)
            return (
              <span key={p.start}>
                {page}
                {p.text}
              </span>
            );
          const isFirst = firstMark;
          firstMark = false;
          return (
            <span key={p.start}>
              {page}
              <mark ref={isFirst ? mark : undefined} className="passage">
                {p.text}
              </mark>
            </span>
          );
        })}
      </div>
    </div>
  );
}
