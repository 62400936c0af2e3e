// pdf.js, loaded only when a PDF is first shown. Documents are cached (a few at most) so going back and
// forth between citations of the same file does not re-parse it.
import * as pdfjs from 'pdfjs-dist/build/pdf.mjs';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';
import type { PDFDocumentProxy } from 'pdfjs-dist';

pdfjs.GlobalWorkerOptions.workerSrc = workerUrl;

// pdf.js's data files (CMaps for CJK text, the standard 14 fonts, image decoders in wasm) are bundled as
// assets, so PDFs that rely on them render offline; they are fetched from our own origin on first use.
const dataFiles: Record<string, Record<string, () => Promise<string>>> = {
  cMapUrl: import.meta.glob<string>('../../../node_modules/pdfjs-dist/cmaps/*.bcmap', {
    query: '?url&inline',
    import: 'default',
  }),
  standardFontDataUrl: import.meta.glob<string>('../../../node_modules/pdfjs-dist/standard_fonts/*.{pfb,ttf}', {
    query: '?url&inline',
    import: 'default',
  }),
  wasmUrl: import.meta.glob<string>('../../../node_modules/pdfjs-dist/wasm/*.{wasm,js}', {
    query: '?url&inline',
    import: 'default',
  }),
};

class BundledDataFactory {
  async fetch({ kind, filename }: { kind: string; filename: string }): Promise<Uint8Array> {
    const files = dataFiles[kind] ?? {};
    const key = Object.keys(files).find((k) => k.endsWith(`/${filename}`));
    if (!key) throw new Error(`pdf.js data file not bundled: ${filename}`);
    const url = await files[key]();
    // Small files are inlined by the bundler as data: URLs, which the CSP does not let fetch() read.
    if (url.startsWith('data:')) return decodeBase64(url.slice(url.indexOf(',') + 1));
    const res = await fetch(url);
    if (!res.ok) throw new Error(`pdf.js data file ${filename}: HTTP ${res.status}`);
    return new Uint8Array(await res.arrayBuffer());
  }
}

export { pdfjs };
export type { PDFDocumentProxy };

const cache = new Map<number, Promise<PDFDocumentProxy>>();
const MAX = 3;

function decodeBase64(b64: string): Uint8Array {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

export function loadPdf(documentId: number, fetchBase64: () => Promise<string>): Promise<PDFDocumentProxy> {
  const hit = cache.get(documentId);
  if (hit) {
    cache.delete(documentId);
    cache.set(documentId, hit);
    return hit;
  }
  const loading = fetchBase64().then(
    (b64) =>
      pdfjs.getDocument({
        data: decodeBase64(b64),
        // The CSP forbids eval; pdf.js then uses its slower, eval-free font path.
        isEvalSupported: false,
        useSystemFonts: true,
        // Our factory serves the data files; the placeholders only tell pdf.js that they exist.
        BinaryDataFactory: BundledDataFactory,
        useWorkerFetch: false,
        cMapUrl: 'bundled/cmaps/',
        cMapPacked: true,
        standardFontDataUrl: 'bundled/standard_fonts/',
        wasmUrl: 'bundled/wasm/',
      }).promise,
  );
  loading.catch(() => cache.delete(documentId));
  cache.set(documentId, loading);
  while (cache.size > MAX) {
    const [oldId, oldDoc] = cache.entries().next().value as [number, Promise<PDFDocumentProxy>];
    cache.delete(oldId);
    oldDoc.then((d) => d.destroy()).catch(() => {});
  }
  return loading;
}
