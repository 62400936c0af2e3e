// A PDF page as the reader knows it: drawn by pdf.js on a canvas at the panel's width, with pdf.js's
// text layer over it (selectable text), and the cited passage highlighted and scrolled into view. A page
// whose text was recognised by OCR says so above it, with the recognition's confidence.
import { useEffect, useRef, useState } from 'react';
import { api } from '../../api';
import { IconButton } from '../../components/Button';
import { Icon } from '../../components/Icon';
import { useI18n } from '../../i18n';
import { errorMessage } from '../../lib/errors';
import { loadPdf, type PDFDocumentProxy, pdfjs } from '../../lib/pdf';
import { findPassage, normalizeWithMap } from '../../lib/textMatch';
import { OcrNotice, type PageOcr } from './OcrNotice';

interface Props {
  documentId: number;
  initialPage: number;
  /** The part of the cited passage that lies on a given page (null: nothing to highlight there). */
  passageFor(page: number): string | null;
  /** Offered when the page cannot be drawn (damaged or password-protected file). */
  onShowText?(): void;
  /** The OCR of a page whose text was recognised from its image (null: the PDF's own text). */
  ocrFor?(page: number): PageOcr | null;
}

const ZOOMS = [0.5, 0.75, 1, 1.25, 1.5, 2, 3];

/** Marks the text runs covering the passage; returns the first one. */
function highlightPassage(strs: string[], divs: HTMLElement[], passage: string): HTMLElement | null {
  let joined = '';
  const owner: number[] = [];
  strs.forEach((s, i) => {
    joined += s;
    for (let k = 0; k < s.length; k++) owner.push(i);
    joined += ' ';
    owner.push(i);
  });
  const hay = normalizeWithMap(joined);
  const needle = normalizeWithMap(passage).text;
  const found = findPassage(hay.text, needle);
  if (!found) return null;
  const from = owner[hay.map[found[0]]];
  const to = owner[hay.map[Math.max(found[0], found[1] - 1)]];
  let first: HTMLElement | null = null;
  for (let i = from; i <= to; i++) {
    const div = divs[i];
    if (!div || !strs[i]?.trim()) continue;
    div.classList.add('highlight');
    first ??= div;
  }
  return first;
}

export function PdfView({ documentId, initialPage, passageFor, onShowText, ocrFor }: Props) {
  const { t } = useI18n();
  const [doc, setDoc] = useState<PDFDocumentProxy | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [page, setPage] = useState(initialPage);
  const [zoom, setZoom] = useState<'fit' | number>('fit');
  const [width, setWidth] = useState(0);
  const [rendering, setRendering] = useState(false);
  const [found, setFound] = useState<boolean | null>(null);
  const scroller = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const layerRef = useRef<HTMLDivElement>(null);
  const pageBox = useRef<HTMLDivElement>(null);

  useEffect(() => setPage(initialPage), [initialPage]);

  useEffect(() => {
    let live = true;
    setDoc(null);
    setError(null);
    loadPdf(documentId, async () => (await api.call('source.pdf', { documentId })).base64).then(
      (d) => live && setDoc(d),
      (err) => live && setError(errorMessage(err)),
    );
    return () => {
      live = false;
    };
  }, [documentId]);

  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setWidth(el.clientWidth));
    ro.observe(el);
    setWidth(el.clientWidth);
    return () => ro.disconnect();
  }, []);

  useEffect(() => {
    if (!doc || width === 0) return;
    const canvas = canvasRef.current;
    const layer = layerRef.current;
    const box = pageBox.current;
    if (!canvas || !layer || !box) return;
    let cancelled = false;
    let task: ReturnType<Awaited<ReturnType<PDFDocumentProxy['getPage']>>['render']> | null = null;
    let textLayer: InstanceType<typeof pdfjs.TextLayer> | null = null;
    const pageNumber = Math.max(1, Math.min(doc.numPages, page));
    setRendering(true);
    setFound(null);
    (async () => {
      const p = await doc.getPage(pageNumber);
      if (cancelled) return;
      const base = p.getViewport({ scale: 1 });
      const scale = zoom === 'fit' ? Math.max(0.25, (width - 32) / base.width) : zoom;
      const viewport = p.getViewport({ scale });
      const dpr = window.devicePixelRatio || 1;
      canvas.width = Math.floor(viewport.width * dpr);
      canvas.height = Math.floor(viewport.height * dpr);
      box.style.width = `${Math.floor(viewport.width)}px`;
      box.style.height = `${Math.floor(viewport.height)}px`;
      task = p.render({ canvas, viewport, transform: dpr !== 1 ? [dpr, 0, 0, dpr, 0, 0] : undefined });
      layer.replaceChildren();
      layer.style.setProperty('--total-scale-factor', String(scale));
      textLayer = new pdfjs.TextLayer({ textContentSource: await p.getTextContent(), container: layer, viewport });
      await Promise.all([task.promise, textLayer.render()]);
      if (cancelled) return;
      const passage = passageFor(pageNumber);
      const first = passage ? highlightPassage(textLayer.textContentItemsStr, textLayer.textDivs, passage) : null;
      setFound(passage ? first !== null : null);
      const sc = scroller.current;
      if (first && sc) {
        const top = first.getBoundingClientRect().top - sc.getBoundingClientRect().top + sc.scrollTop;
        sc.scrollTo({ top: Math.max(0, top - sc.clientHeight / 3) });
      } else sc?.scrollTo({ top: 0 });
    })()
      .catch((err) => {
        if (!cancelled && !(err instanceof Error && err.name === 'RenderingCancelledException'))
          setError(errorMessage(err));
      })
      .finally(() => !cancelled && setRendering(false));
    return () => {
      cancelled = true;
      task?.cancel();
      textLayer?.cancel();
    };
  }, [doc, page, zoom, width, passageFor]);

  const pages = doc?.numPages ?? 0;
  const ocr = ocrFor?.(page) ?? null;
  const zoomIndex = zoom === 'fit' ? -1 : ZOOMS.indexOf(zoom);
  const currentScale = () => {
    const c = canvasRef.current;
    return c ? c.width / (window.devicePixelRatio || 1) / Math.max(1, width - 32) : 1;
  };
  const stepZoom = (dir: 1 | -1) => {
    const now = zoom === 'fit' ? currentScale() : zoom;
    const next = dir > 0 ? ZOOMS.find((z) => z > now + 0.01) : [...ZOOMS].reverse().find((z) => z < now - 0.01);
    if (next) setZoom(next);
  };

  return (
    <div className="pdf-view">
      <div className="pdf-toolbar" role="toolbar" aria-label={t('source.pdfToolbar')}>
        <IconButton
          icon="chevronLeft"
          size="sm"
          label={t('source.prevPage')}
          disabled={page <= 1}
          onClick={() => setPage((p) => p - 1)}
        />
        <span className="pdf-page-indicator" aria-live="polite">
          {pages ? t('source.pageOf', { n: page, total: pages }) : '…'}
        </span>
        <IconButton
          icon="chevronRight"
          size="sm"
          label={t('source.nextPage')}
          disabled={!pages || page >= pages}
          onClick={() => setPage((p) => p + 1)}
        />
        <span className="toolbar-sep" />
        <IconButton
          icon="zoomOut"
          size="sm"
          label={t('source.zoomOut')}
          disabled={zoomIndex === 0}
          onClick={() => stepZoom(-1)}
        />
        <IconButton
          icon="zoomIn"
          size="sm"
          label={t('source.zoomIn')}
          disabled={zoomIndex === ZOOMS.length - 1}
          onClick={() => stepZoom(1)}
        />
        <IconButton
          icon="fit"
          size="sm"
          label={t('source.fitWidth')}
          active={zoom === 'fit'}
          onClick={() => setZoom('fit')}
        />
        {rendering && <span className="spinner" aria-hidden="true" />}
        {found === false &&
          (ocr && onShowText ? (
            // A scan has no text layer to highlight in: the recognised text has the passage.
            <button
              type="button"
              className="pdf-notfound is-link"
              title={t('source.ocrNotLocatedHelp')}
              onClick={onShowText}
            >
              <Icon name="info" /> {t('source.ocrNotLocated')}
            </button>
          ) : (
            <span className="pdf-notfound" title={t('source.notFoundHelp')}>
              <Icon name="info" /> {t('source.notFound')}
            </span>
          ))}
      </div>
      <div className="pdf-scroller" ref={scroller}>
        {error ? (
          <div className="callout callout-error" role="alert">
            <Icon name="alert" />
            <div>
              <p>{t('source.pdfFailed', { reason: error })}</p>
              {onShowText && (
                <div className="callout-actions">
                  <button type="button" className="btn btn-secondary btn-sm" onClick={onShowText}>
                    {t('source.viewText')}
                  </button>
                </div>
              )}
            </div>
          </div>
        ) : (
          <>
            {ocr && (
              <div className="pdf-page-note">
                <OcrNotice ocr={ocr} />
              </div>
            )}
            <div className="pdf-page" ref={pageBox} data-loaded={doc ? 'true' : 'false'}>
              <canvas ref={canvasRef} aria-label={t('source.pageImage', { n: page })} role="img" />
              <div className="textLayer" ref={layerRef} />
            </div>
          </>
        )}
      </div>
    </div>
  );
}
