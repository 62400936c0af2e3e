// Every passage as a point: the engine projects the embeddings to 2-D (PCA), we draw them coloured by
// document, with the question and its nearest passages marked. Wheel zooms around the cursor, dragging
// pans, hovering shows the passage, clicking opens it. Keyboard: arrows pan, +/- zoom, 0 resets.
import { type KeyboardEvent, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { MethodResult } from '../../../../shared/api';
import { api } from '../../api';
import { IconButton } from '../../components/Button';
import { Icon } from '../../components/Icon';
import { useSource } from '../../hooks/useSource';
import { useEffectiveTheme } from '../../hooks/useTheme';
import { useI18n } from '../../i18n';
import type { SearchHit } from '../../lib/chatStore';
import { errorMessage } from '../../lib/errors';
import { documentColor } from '../../lib/palette';
import { fileName } from '../../lib/paths';

type MapData = MethodResult<'inspect.embeddingMap'>;
type Point = MapData['points'][number];
interface View {
  scale: number;
  tx: number;
  ty: number;
}

const PAD = 24;
const LIMITS = [1000, 3000, 10000, 20000];

export function EmbeddingMap({ query, hits }: { query: string; hits: SearchHit[] }) {
  const { t, fmt } = useI18n();
  const dark = useEffectiveTheme() === 'dark';
  const source = useSource();
  const [data, setData] = useState<MapData | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [limit, setLimit] = useState(3000);
  const [size, setSize] = useState({ w: 800, h: 480 });
  const [view, setView] = useState<View>({ scale: 1, tx: 0, ty: 0 });
  const [hover, setHover] = useState<{ p: Point; x: number; y: number } | null>(null);
  const [focusDoc, setFocusDoc] = useState<number | null>(null);
  const wrap = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const queryLabel = t('inspector.mapQuery');
  const drag = useRef<{ x: number; y: number; view: View; moved: boolean } | null>(null);

  useEffect(() => {
    let live = true;
    setLoading(true);
    setError(null);
    api
      .call('inspect.embeddingMap', { query: query.trim() || undefined, limit })
      .then(
        (d) => {
          if (!live) return;
          setData(d);
          setView({ scale: 1, tx: 0, ty: 0 });
        },
        (err) => live && setError(errorMessage(err)),
      )
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [query, limit]);

  useEffect(() => {
    const el = wrap.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setSize({ w: el.clientWidth, h: el.clientHeight }));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  // Data space → a square that fits the canvas; the view then zooms and pans that.
  const fit = useMemo(() => {
    const xs = data?.points.map((p) => p.x) ?? [];
    const ys = data?.points.map((p) => p.y) ?? [];
    if (data?.query) {
      xs.push(data.query.x);
      ys.push(data.query.y);
    }
    const minX = xs.length ? Math.min(...xs) : 0;
    const maxX = xs.length ? Math.max(...xs) : 1;
    const minY = ys.length ? Math.min(...ys) : 0;
    const maxY = ys.length ? Math.max(...ys) : 1;
    const span = Math.max(maxX - minX, maxY - minY, 1e-9);
    const k = Math.min(size.w - 2 * PAD, size.h - 2 * PAD) / span;
    const ox = (size.w - (maxX - minX) * k) / 2;
    const oy = (size.h - (maxY - minY) * k) / 2;
    // y grows downwards on screen; flip so the projection reads like a chart.
    return { toX: (x: number) => ox + (x - minX) * k, toY: (y: number) => size.h - (oy + (y - minY) * k) };
  }, [data, size]);

  const screen = useCallback(
    (x: number, y: number) => ({ x: fit.toX(x) * view.scale + view.tx, y: fit.toY(y) * view.scale + view.ty }),
    [fit, view],
  );

  const neighbours = useMemo(() => {
    const ids = data?.neighbours.length ? data.neighbours : hits.map((h) => h.chunk.id);
    return new Set(ids);
  }, [data, hits]);

  const docs = useMemo(() => {
    const m = new Map<number, { id: number; path: string; count: number }>();
    for (const p of data?.points ?? []) {
      const d = m.get(p.documentId) ?? { id: p.documentId, path: p.path, count: 0 };
      d.count++;
      m.set(p.documentId, d);
    }
    return [...m.values()].sort((a, b) => b.count - a.count);
  }, [data]);

  // Draw.
  useEffect(() => {
    const c = canvas.current;
    if (!c || !data) return;
    const dpr = window.devicePixelRatio || 1;
    c.width = Math.floor(size.w * dpr);
    c.height = Math.floor(size.h * dpr);
    const ctx = c.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, size.w, size.h);
    const r = Math.max(1.6, Math.min(4, 2.2 * Math.sqrt(view.scale)));

    // Points grouped by document: one path and one fill per colour.
    const byDoc = new Map<number, Path2D>();
    for (const p of data.points) {
      const s = screen(p.x, p.y);
      if (s.x < -5 || s.y < -5 || s.x > size.w + 5 || s.y > size.h + 5) continue;
      let path = byDoc.get(p.documentId);
      if (!path) {
        path = new Path2D();
        byDoc.set(p.documentId, path);
      }
      path.moveTo(s.x + r, s.y);
      path.arc(s.x, s.y, r, 0, Math.PI * 2);
    }
    for (const [docId, path] of byDoc) {
      const dim = focusDoc !== null && focusDoc !== docId;
      ctx.fillStyle = documentColor(docId, dark, dim ? 0.12 : 0.75);
      ctx.fill(path);
    }

    const q = data.query ? screen(data.query.x, data.query.y) : null;
    const accent = dark ? '#a5b4fc' : '#4338ca';
    // Lines from the question to its neighbours, then the neighbours ringed.
    for (const p of data.points) {
      if (!neighbours.has(p.chunkId)) continue;
      const s = screen(p.x, p.y);
      if (q) {
        ctx.strokeStyle = dark ? 'rgba(165,180,252,0.35)' : 'rgba(67,56,202,0.3)';
        ctx.lineWidth = 1;
        ctx.beginPath();
        ctx.moveTo(q.x, q.y);
        ctx.lineTo(s.x, s.y);
        ctx.stroke();
      }
      ctx.beginPath();
      ctx.arc(s.x, s.y, r + 3, 0, Math.PI * 2);
      ctx.fillStyle = documentColor(p.documentId, dark, 1);
      ctx.fill();
      ctx.lineWidth = 2;
      ctx.strokeStyle = dark ? '#fff' : '#111';
      ctx.stroke();
    }
    if (q) {
      // The question: a star in the accent colour.
      ctx.beginPath();
      for (let i = 0; i < 10; i++) {
        const a = -Math.PI / 2 + (i * Math.PI) / 5;
        const rr = i % 2 === 0 ? 10 : 4.5;
        const x = q.x + Math.cos(a) * rr;
        const y = q.y + Math.sin(a) * rr;
        if (i === 0) ctx.moveTo(x, y);
        else ctx.lineTo(x, y);
      }
      ctx.closePath();
      ctx.fillStyle = accent;
      ctx.fill();
      ctx.lineWidth = 1.5;
      ctx.strokeStyle = dark ? '#1a1b1e' : '#fff';
      ctx.stroke();
      // Its label, on a halo so it stays readable over the points.
      ctx.font = `600 12px ${getComputedStyle(c).fontFamily}`;
      ctx.lineWidth = 3;
      ctx.strokeStyle = dark ? '#1f2024' : '#ffffff';
      ctx.strokeText(queryLabel, q.x + 14, q.y + 4);
      ctx.fillStyle = accent;
      ctx.fillText(queryLabel, q.x + 14, q.y + 4);
    }
    if (hover) {
      ctx.beginPath();
      ctx.arc(hover.x, hover.y, r + 4, 0, Math.PI * 2);
      ctx.lineWidth = 2;
      ctx.strokeStyle = accent;
      ctx.stroke();
    }
  }, [data, size, view, dark, neighbours, focusDoc, hover, screen, queryLabel]);

  const nearest = (mx: number, my: number): { p: Point; x: number; y: number } | null => {
    if (!data) return null;
    let best: { p: Point; x: number; y: number } | null = null;
    let bestD = 10 * 10;
    for (const p of data.points) {
      const s = screen(p.x, p.y);
      const d = (s.x - mx) ** 2 + (s.y - my) ** 2;
      if (d < bestD) {
        bestD = d;
        best = { p, x: s.x, y: s.y };
      }
    }
    return best;
  };

  const zoomAt = (factor: number, cx: number, cy: number) =>
    setView((v) => {
      const scale = Math.max(0.5, Math.min(60, v.scale * factor));
      const k = scale / v.scale;
      return { scale, tx: cx - (cx - v.tx) * k, ty: cy - (cy - v.ty) * k };
    });

  // Wheel must be a non-passive listener to keep the page from scrolling while zooming.
  useEffect(() => {
    const c = canvas.current;
    if (!c) return;
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      const rect = c.getBoundingClientRect();
      zoomAt(Math.exp(-e.deltaY * 0.0015), e.clientX - rect.left, e.clientY - rect.top);
    };
    c.addEventListener('wheel', onWheel, { passive: false });
    return () => c.removeEventListener('wheel', onWheel);
  });

  const onKey = (e: KeyboardEvent) => {
    const step = 40;
    const c = { x: size.w / 2, y: size.h / 2 };
    let handled = true;
    switch (e.key) {
      case 'ArrowLeft':
        setView((v) => ({ ...v, tx: v.tx + step }));
        break;
      case 'ArrowRight':
        setView((v) => ({ ...v, tx: v.tx - step }));
        break;
      case 'ArrowUp':
        setView((v) => ({ ...v, ty: v.ty + step }));
        break;
      case 'ArrowDown':
        setView((v) => ({ ...v, ty: v.ty - step }));
        break;
      case '+':
      case '=':
        zoomAt(1.25, c.x, c.y);
        break;
      case '-':
        zoomAt(0.8, c.x, c.y);
        break;
      case '0':
        setView({ scale: 1, tx: 0, ty: 0 });
        break;
      default:
        handled = false;
    }
    if (handled) e.preventDefault();
  };

  const openPoint = (p: Point) => source.open({ documentId: p.documentId, path: p.path, quote: p.preview });

  return (
    <div className="embedding-map">
      <div className="map-toolbar">
        <span className="muted">
          {data
            ? t('inspector.mapSummary', {
                shown: fmt.number(data.points.length),
                total: fmt.number(data.total),
                docs: docs.length,
                model: data.model,
              })
            : loading
              ? t('common.loading')
              : ''}
        </span>
        <span className="grow" />
        <label className="field-label" htmlFor="map-limit">
          {t('inspector.mapLimit')}
        </label>
        <select
          id="map-limit"
          className="input input-sm select"
          value={limit}
          onChange={(e) => setLimit(Number(e.target.value))}
        >
          {LIMITS.map((l) => (
            <option key={l} value={l}>
              {fmt.number(l)}
            </option>
          ))}
        </select>
        <IconButton
          icon="zoomOut"
          size="sm"
          label={t('source.zoomOut')}
          onClick={() => zoomAt(0.8, size.w / 2, size.h / 2)}
        />
        <IconButton
          icon="zoomIn"
          size="sm"
          label={t('source.zoomIn')}
          onClick={() => zoomAt(1.25, size.w / 2, size.h / 2)}
        />
        <IconButton
          icon="fit"
          size="sm"
          label={t('inspector.mapReset')}
          onClick={() => setView({ scale: 1, tx: 0, ty: 0 })}
        />
      </div>
      <div className="map-layout">
        <div className="map-canvas-wrap" ref={wrap}>
          {error && (
            <div className="callout callout-error map-overlay" role="alert">
              {error}
            </div>
          )}
          {data && data.points.length === 0 && <div className="map-overlay muted">{t('inspector.mapEmpty')}</div>}
          {loading && !data && (
            <div className="map-overlay">
              <span className="spinner" aria-hidden="true" />
            </div>
          )}
          <canvas
            ref={canvas}
            className={`map-canvas${drag.current ? ' is-dragging' : ''}`}
            style={{ width: size.w, height: size.h }}
            tabIndex={0}
            role="img"
            aria-label={t('inspector.mapLabel', { count: data?.points.length ?? 0 })}
            onKeyDown={onKey}
            onMouseDown={(e) => {
              drag.current = { x: e.clientX, y: e.clientY, view, moved: false };
            }}
            onMouseMove={(e) => {
              const rect = e.currentTarget.getBoundingClientRect();
              const d = drag.current;
              if (d && (e.buttons & 1) === 1) {
                const dx = e.clientX - d.x;
                const dy = e.clientY - d.y;
                if (Math.abs(dx) + Math.abs(dy) > 3) d.moved = true;
                setView({ ...d.view, tx: d.view.tx + dx, ty: d.view.ty + dy });
                setHover(null);
                return;
              }
              setHover(nearest(e.clientX - rect.left, e.clientY - rect.top));
            }}
            onMouseUp={() => {
              const d = drag.current;
              drag.current = null;
              if (d && !d.moved && hover) openPoint(hover.p);
            }}
            onMouseLeave={() => {
              drag.current = null;
              setHover(null);
            }}
          />
          {hover && (
            <div
              className="map-tooltip"
              style={{
                left: Math.min(hover.x + 14, size.w - 300),
                top: hover.y + 14 > size.h - 120 ? hover.y - 110 : hover.y + 14,
              }}
              role="tooltip"
            >
              <div className="map-tooltip-title">
                <span className="legend-dot" style={{ background: documentColor(hover.p.documentId, dark) }} />
                {fileName(hover.p.path)}
                {neighbours.has(hover.p.chunkId) && (
                  <span className="badge badge-info">{t('inspector.neighbour')}</span>
                )}
              </div>
              <div className="map-tooltip-text">{hover.p.preview}</div>
            </div>
          )}
        </div>
        <aside className="map-legend" aria-label={t('inspector.mapLegend')}>
          {data?.query && (
            <div className="legend-row legend-query">
              <Icon name="sparkle" />
              <span title={data.query.text}>{t('inspector.mapQuery')}</span>
            </div>
          )}
          {neighbours.size > 0 && (
            <div className="legend-row">
              <span className="legend-ring" aria-hidden="true" />
              <span>{t('inspector.mapNeighbours', { count: neighbours.size })}</span>
            </div>
          )}
          <ul>
            {docs.slice(0, 40).map((d) => (
              <li key={d.id}>
                <button
                  type="button"
                  className={`legend-doc${focusDoc === d.id ? ' is-selected' : ''}`}
                  aria-pressed={focusDoc === d.id}
                  onClick={() => setFocusDoc(focusDoc === d.id ? null : d.id)}
                  title={d.path}
                >
                  <span className="legend-dot" style={{ background: documentColor(d.id, dark) }} />
                  <span className="legend-name">{fileName(d.path)}</span>
                  <span className="muted">{fmt.number(d.count)}</span>
                </button>
              </li>
            ))}
          </ul>
          {docs.length > 40 && <p className="muted">{t('inspector.mapMoreDocs', { count: docs.length - 40 })}</p>}
          <p className="map-help muted">{t('inspector.mapHelp')}</p>
        </aside>
      </div>
    </div>
  );
}
