// A PDF's info dictionary (Title, Author, Subject, Keywords, CreationDate, ModDate) as the document's title
// and metadata: indexed as document fields, so a question that names the document by its title, author or
// subject finds it (store/sqlite/doc-fields.ts). Placeholder titles that producers copy from the source file
// name ("Microsoft Word - notes.docx") are not titles.
import type { DocumentMeta } from '../types';

type PDFDocumentProxy = import('pdfjs-dist/legacy/build/pdf.mjs').PDFDocumentProxy;

/** Titles that producers fill in from the source file's name: "scan.jpg", "Microsoft Word - notes.docx". */
export function isPlaceholderTitle(title: string): boolean {
  const t = title.trim();
  return (
    /^(Microsoft (Word|PowerPoint|Excel) - )/i.test(t) ||
    /\.(jpe?g|png|tiff?|bmp|gif|txt|docx?|rtf|odt|pptx?|xlsx?|html?|pdf|ps|dvi|tex)$/i.test(t)
  );
}

/** A PDF date ("D:20230804100209Z", "D:2023", with or without "D:") as YYYY-MM-DD (or YYYY-MM, YYYY). */
export function pdfDate(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const m = /^(?:D:)?((?:19|20)\d{2})(0[1-9]|1[0-2])?(0[1-9]|[12]\d|3[01])?/.exec(value.trim());
  if (!m) return undefined;
  return [m[1], m[2], m[2] && m[3]].filter(Boolean).join('-');
}

const text = (value: unknown): string | undefined => {
  if (typeof value !== 'string') return undefined;
  const t = value.replace(/\s+/g, ' ').trim();
  return t === '' ? undefined : t;
};

/** The title and metadata of an open PDF; an unreadable info dictionary gives neither. */
export async function readPdfMetadata(doc: PDFDocumentProxy): Promise<{ title?: string; meta?: DocumentMeta }> {
  const info = await doc
    .getMetadata()
    .then(({ info }) => info as Record<string, unknown> | undefined)
    .catch(() => undefined);
  if (!info) return {};
  const title = text(info.Title);
  const meta: DocumentMeta = {};
  const entries: [keyof DocumentMeta, string | undefined][] = [
    ['author', text(info.Author)],
    ['subject', text(info.Subject)],
    ['keywords', text(info.Keywords)],
    ['created', pdfDate(info.CreationDate)],
    ['modified', pdfDate(info.ModDate)],
  ];
  for (const [key, value] of entries) if (value) meta[key] = value;
  return {
    ...(title && !isPlaceholderTitle(title) ? { title } : {}),
    ...(Object.keys(meta).length ? { meta } : {}),
  };
}
