// EPUB books (2 and 3): META-INF/container.xml names the package document (OPF), whose spine gives the
// reading order; each XHTML document of the spine goes through the HTML walker. Spine items marked
// linear="no" (notes, answer keys, covers meant to be reached by link) are read after the linear ones, so
// their text is indexed without breaking the main reading order. Navigation documents outside the spine
// (toc.ncx, nav.xhtml) are not read, and <nav> inside a spine document is skipped by the walker.
import type JSZip from 'jszip';
import type { ParsedDocument } from '../types';
import { DocumentBuilder } from './builder';
import { parseErrors } from './errors';
import { walkHtml } from './html-blocks';
import { attr, childElements, descendants, findFirst, parseXml, rootElement, textContent } from './xml';
import { openZip, readZipText, resolvePartPath } from './zip';

const LABEL = 'This EPUB book';
const CONTENT_TYPES = new Set(['application/xhtml+xml', 'text/html', 'application/x-dtbook+xml']);
/** Font obfuscation, not DRM: listed in encryption.xml by many retail and self-published books. */
const FONT_OBFUSCATION = ['http://www.idpf.org/2008/embedding', 'http://ns.adobe.com/pdf/enc#RC'];

interface Package {
  title?: string;
  /** Content documents in reading order: linear spine items, then the others. */
  documents: string[];
}

/** The OPF path from container.xml; a package without one is tolerated if it holds a single .opf file. */
async function packagePath(zip: JSZip): Promise<string> {
  const container = await readZipText(zip, 'META-INF/container.xml', LABEL);
  const rootfiles = container ? descendants(parseXml(container), 'rootfile') : [];
  const declared = rootfiles.find((r) => attr(r, 'media-type') === 'application/oebps-package+xml') ?? rootfiles[0];
  const path = declared && attr(declared, 'full-path');
  if (path) return path;
  const opfs = Object.keys(zip.files).filter((name) => name.toLowerCase().endsWith('.opf'));
  if (opfs.length === 1) return opfs[0];
  throw parseErrors.corrupt(LABEL, 'it has no package document (META-INF/container.xml names none)');
}

async function readPackage(zip: JSZip, opfPath: string): Promise<Package> {
  const xml = await readZipText(zip, opfPath, LABEL);
  const opf = xml ? rootElement(parseXml(xml)) : undefined;
  if (opf?.local !== 'package')
    throw parseErrors.corrupt(LABEL, `its package document ${opfPath} is missing or unreadable`);
  const manifest = findFirst(opf, 'manifest');
  const items = new Map(
    (manifest ? childElements(manifest, 'item') : []).map((item) => [
      attr(item, 'id') ?? '',
      { path: resolvePartPath(opfPath, attr(item, 'href') ?? ''), type: attr(item, 'media-type') ?? '' },
    ]),
  );
  const spine = findFirst(opf, 'spine');
  const linear: string[] = [];
  const auxiliary: string[] = [];
  for (const ref of spine ? childElements(spine, 'itemref') : []) {
    const item = items.get(attr(ref, 'idref') ?? '');
    if (!item || !CONTENT_TYPES.has(item.type)) continue;
    (attr(ref, 'linear') === 'no' ? auxiliary : linear).push(item.path);
  }
  const metadata = findFirst(opf, 'metadata');
  const title = metadata && findFirst(metadata, 'title');
  return { title: title ? textContent(title) : undefined, documents: [...linear, ...auxiliary] };
}

/** Refuses a book whose content documents are encrypted (DRM); obfuscated fonts alone do not count. */
async function rejectDrm(zip: JSZip, documents: string[]): Promise<void> {
  const xml = await readZipText(zip, 'META-INF/encryption.xml', LABEL);
  if (!xml) return;
  const content = new Set(documents.map((d) => d.toLowerCase()));
  for (const data of descendants(parseXml(xml), 'EncryptedData')) {
    const method = findFirst(data, 'EncryptionMethod');
    if (FONT_OBFUSCATION.includes(method ? (attr(method, 'Algorithm') ?? '') : '')) continue;
    const reference = findFirst(data, 'CipherReference');
    const uri = reference ? attr(reference, 'URI') : undefined;
    if (uri && content.has(resolvePartPath('', uri).toLowerCase())) throw parseErrors.drmProtected(LABEL);
  }
}

/**
 * Note references and their back-links ("1", "↩") that converters such as pandoc and Calibre put around
 * each note: glued to the word before them ("hospices.1") they only spoil it for search. A self-closing
 * anchor is left alone, and the match never runs into the next anchor.
 */
function withoutNoteLinks(html: string): string {
  return html.replace(
    /<a\b[^>]*\b(?:role="doc-(?:backlink|noteref)"|epub:type="(?:backlink|noteref)"|class="footnote-(?:back|ref)")[^>]*(?<!\/)>(?:(?!<a\b)[\s\S])*?<\/a>/g,
    '',
  );
}

export async function parseEpub(bytes: Uint8Array): Promise<ParsedDocument> {
  const zip = await openZip(bytes, LABEL);
  const pkg = await readPackage(zip, await packagePath(zip));
  await rejectDrm(zip, pkg.documents);
  const builder = new DocumentBuilder('epub');
  for (const path of pkg.documents) {
    // A spine entry whose file is missing is skipped: the rest of the book is still worth indexing.
    const html = await readZipText(zip, path, LABEL);
    if (html) walkHtml(withoutNoteLinks(html), builder);
  }
  return builder.build({ title: pkg.title });
}
