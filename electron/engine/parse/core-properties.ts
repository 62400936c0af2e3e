// Core properties of office documents as DocumentMeta: docProps/core.xml of OOXML packages (dc:creator,
// dc:subject, cp:keywords, dcterms:created/modified) and meta.xml of OpenDocument (meta:initial-creator or
// dc:creator, dc:subject, meta:keyword, meta:creation-date, dc:date). Indexed as document fields
// (store/sqlite/doc-fields.ts), so "the report by Dupont" or "the March 2021 memo" can find the file.
import type { DocumentMeta } from '../types';
import { descendants, textContent, type XmlElement } from './xml';

const first = (root: XmlElement, ...locals: string[]): string | undefined => {
  for (const local of locals) {
    const values = descendants(root, local)
      .map((e) => textContent(e).replace(/\s+/g, ' ').trim())
      .filter(Boolean);
    if (values.length) return values.join(', ');
  }
  return undefined;
};

/** An XML Schema date-time ("2023-08-04T10:02:09Z") as YYYY-MM-DD; anything else is dropped. */
function isoDate(value: string | undefined): string | undefined {
  return value && /^(?:19|20)\d{2}-\d{2}-\d{2}/.test(value) ? value.slice(0, 10) : undefined;
}

/** The metadata of a parsed core.xml or meta.xml; undefined when it names nothing. */
export function coreProperties(root: XmlElement): DocumentMeta | undefined {
  const meta: DocumentMeta = {};
  const entries: [keyof DocumentMeta, string | undefined][] = [
    ['author', first(root, 'creator', 'initial-creator')],
    ['subject', first(root, 'subject', 'description')],
    ['keywords', first(root, 'keywords', 'keyword')],
    ['created', isoDate(first(root, 'created', 'creation-date'))],
    ['modified', isoDate(first(root, 'modified', 'date'))],
  ];
  for (const [key, value] of entries) if (value) meta[key] = value;
  return Object.keys(meta).length ? meta : undefined;
}
