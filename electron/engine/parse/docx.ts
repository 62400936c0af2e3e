// Word documents (.docx) through mammoth's HTML conversion, which keeps headings, lists, tables, text
// boxes, footnotes and endnotes. What mammoth leaves out is added from the package itself: headers and
// footers, and ruby text (furigana), which mammoth drops along with its base text.
import type JSZip from 'jszip';
import mammoth from 'mammoth';
import { Parser } from 'htmlparser2';
import type { ParsedDocument } from '../types';
import { DocumentBuilder } from './builder';
import { describe, parseErrors } from './errors';
import { walkHtml } from './html-blocks';
import { CFB_MAGIC, documentMeta, documentTitle, isEncryptedPackage, mainDocumentPath } from './ooxml';
import { openZip, startsWith } from './zip';

/** Text of WordprocessingML paragraphs, whatever the namespace prefix (transitional or strict). */
export function wordXmlParagraphs(xml: string): string[] {
  const paragraphs: string[] = [];
  let current = '';
  let inText = 0;
  const local = (name: string) => name.slice(name.indexOf(':') + 1);
  const parser = new Parser(
    {
      onopentag(name) {
        const tag = local(name);
        if (tag === 't') inText++;
        else if (tag === 'tab') current += '\t';
        else if (tag === 'br' || tag === 'cr') current += '\n';
      },
      ontext(text) {
        if (inText > 0) current += text;
      },
      onclosetag(name) {
        const tag = local(name);
        if (tag === 't') inText = Math.max(0, inText - 1);
        else if (tag === 'p') {
          if (current.trim()) paragraphs.push(current);
          current = '';
        }
      },
    },
    { xmlMode: true, decodeEntities: true },
  );
  parser.write(xml);
  parser.end();
  if (current.trim()) paragraphs.push(current);
  return paragraphs;
}

/**
 * mammoth ignores <w:ruby> whole, losing the base text with the annotation. Each ruby becomes plain text
 * inside its run: the base, then the reading in ideographic parentheses, as Japanese print does inline.
 */
export function flattenRuby(xml: string): string {
  const texts = (fragment: string) =>
    [...fragment.matchAll(/<(\w+:)?t(?:\s[^>]*)?>([^<]*)<\/\1?t>/g)].map((m) => m[2]).join('');
  return xml.replace(
    /<(\w+:)?ruby\b[^>]*>([\s\S]*?)<\/\1?ruby>/g,
    (_whole, prefix: string | undefined, inner: string) => {
      const p = prefix ?? '';
      const base = texts(/<(?:\w+:)?rubyBase\b[^>]*>([\s\S]*?)<\/(?:\w+:)?rubyBase>/.exec(inner)?.[1] ?? '');
      const reading = texts(/<(?:\w+:)?rt\b[^>]*>([\s\S]*?)<\/(?:\w+:)?rt>/.exec(inner)?.[1] ?? '');
      const text = reading ? `${base}（${reading}）` : base;
      return `<${p}t xml:space="preserve">${text}</${p}t>`;
    },
  );
}

/** Distinct paragraphs of the header and footer parts (first-page, even and default ones often repeat). */
async function headerFooterParagraphs(zip: JSZip, mainPath: string): Promise<string[]> {
  const folder = mainPath.includes('/') ? mainPath.slice(0, mainPath.lastIndexOf('/') + 1) : '';
  const parts = Object.keys(zip.files)
    .filter((name) => name.startsWith(folder) && /^(header|footer)\d*\.xml$/.test(name.slice(folder.length)))
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  const seen = new Set<string>();
  const out: string[] = [];
  for (const name of parts) {
    const xml = await zip.file(name)?.async('string');
    for (const paragraph of xml ? wordXmlParagraphs(xml) : []) {
      const key = paragraph.replace(/\s+/g, ' ').trim();
      if (key && !seen.has(key)) {
        seen.add(key);
        out.push(paragraph);
      }
    }
  }
  return out;
}

export async function parseDocx(bytes: Uint8Array): Promise<ParsedDocument> {
  if (startsWith(bytes, CFB_MAGIC)) {
    if (isEncryptedPackage(bytes)) throw parseErrors.docxEncrypted();
    throw parseErrors.unsupported(
      'This file is an old-style Word 97–2003 document (.doc) with a .docx name; it is not read.',
    );
  }
  const zip = await openZip(bytes, 'This Word document');
  const mainPath = await mainDocumentPath(zip, 'word/document.xml');
  const main = zip.file(mainPath);
  if (!main) throw parseErrors.corrupt('This Word document', 'it has no main document part');
  let input = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const xml = await main.async('string');
  if (/<(\w+:)?ruby\b/.test(xml)) {
    zip.file(mainPath, flattenRuby(xml));
    input = await zip.generateAsync({ type: 'nodebuffer', compression: 'STORE' });
  }
  let html: string;
  try {
    const result = await mammoth.convertToHtml(
      { buffer: input },
      {
        // Images are not text: an empty <img> instead of a base64 copy of each picture in the HTML.
        convertImage: mammoth.images.imgElement(async () => ({ src: '' })),
        externalFileAccess: false,
      },
    );
    html = result.value;
  } catch (err) {
    throw parseErrors.corrupt('This Word document', describe(err));
  }
  const builder = new DocumentBuilder('docx');
  walkHtml(html, builder, { wordFootnotes: true });
  for (const paragraph of await headerFooterParagraphs(zip, mainPath)) builder.addBlock('paragraph', paragraph);
  const parsed = builder.build({ title: await documentTitle(zip) });
  const meta = await documentMeta(zip);
  if (meta) parsed.meta = meta;
  return parsed;
}
