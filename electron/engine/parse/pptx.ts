// PowerPoint presentations (.pptx), read from the package XML: one page per slide, in the order the
// presentation lists them (not the order of the part names), so that a citation's "page" is the slide
// number. A slide gives its title as a heading, its text frames as paragraphs or list items, its tables
// row by row, then its speaker notes. Pictures, charts, SmartArt and comments are not read.
import type JSZip from 'jszip';
import type { ParsedDocument } from '../types';
import { DocumentBuilder } from './builder';
import { parseErrors } from './errors';
import { documentTitle, hasRelType, type OoxmlFormat, openOoxml, partRelationships } from './ooxml';
import type { TableRow } from './table-rows';
import {
  attr,
  childElements,
  descendants,
  findFirst,
  firstChild,
  parseXml,
  prefixedAttr,
  type XmlElement,
} from './xml';
import { readZipText } from './zip';

const PPTX: OoxmlFormat = {
  label: 'This PowerPoint presentation',
  app: 'PowerPoint',
  root: 'presentation',
  extension: '.pptx',
  fallbackMain: 'ppt/presentation.xml',
  legacy: 'an old-style PowerPoint 97–2003 presentation (.ppt)',
};

/** Placeholders that repeat on every slide or notes page without saying anything of their own. */
const BOILERPLATE_PLACEHOLDERS = new Set(['sldNum', 'dt', 'ftr', 'hdr', 'sldImg']);
const TITLE_PLACEHOLDERS = new Set(['title', 'ctrTitle']);
/** Placeholders whose paragraphs the slide master bullets unless a paragraph says otherwise. */
const BULLETED_PLACEHOLDERS = new Set(['', 'body', 'obj']);

/** Slide part paths in presentation order (p:sldIdLst), resolved through the presentation's relationships. */
async function slidePaths(zip: JSZip, mainPath: string, main: XmlElement): Promise<string[]> {
  const rels = new Map((await partRelationships(zip, mainPath, PPTX.label)).map((r) => [r.id, r]));
  const list = firstChild(main, 'sldIdLst');
  const paths: string[] = [];
  for (const slide of list ? childElements(list, 'sldId') : []) {
    // The relationship id is the prefixed r:id; the unprefixed id is the slide's number.
    const rel = rels.get(prefixedAttr(slide, 'id') ?? '');
    if (rel && !rel.external && hasRelType(rel, 'slide')) paths.push(rel.target);
  }
  return paths;
}

/**
 * Shapes of a shape tree in document order, groups flattened. Of a markup-compatibility block only one
 * branch is read: both describe the same shape.
 */
function shapesOf(tree: XmlElement): XmlElement[] {
  const out: XmlElement[] = [];
  for (const child of childElements(tree)) {
    if (child.local === 'sp' || child.local === 'graphicFrame') out.push(child);
    else if (child.local === 'grpSp') out.push(...shapesOf(child));
    else if (child.local === 'AlternateContent') {
      const branches = [...childElements(child, 'Choice'), ...childElements(child, 'Fallback')];
      out.push(...(branches.map(shapesOf).find((shapes) => shapes.length > 0) ?? []));
    }
  }
  return out;
}

/** The placeholder type of a shape: null when it is not a placeholder, '' for an untyped one (body). */
function placeholderType(shape: XmlElement): string | null {
  const properties = findFirst(shape, 'nvPr');
  const ph = properties && firstChild(properties, 'ph');
  return ph ? (attr(ph, 'type') ?? '') : null;
}

/** Text of a DrawingML paragraph: runs and fields, with line breaks; vertical tabs are soft returns. */
function paragraphText(p: XmlElement): string {
  let text = '';
  const visit = (element: XmlElement) => {
    for (const child of childElements(element)) {
      if (child.local === 't') text += child.children.filter((n) => typeof n === 'string').join('');
      else if (child.local === 'br') text += '\n';
      else if (child.local !== 'pPr' && child.local !== 'rPr') visit(child);
    }
  };
  visit(p);
  return text.replace(/\v/g, '\n');
}

/** Whether a paragraph shows a bullet or number: its own properties say so, else the placeholder's default. */
function isBulleted(p: XmlElement, bulletedByDefault: boolean): boolean {
  const props = firstChild(p, 'pPr');
  if (props && firstChild(props, 'buNone')) return false;
  if (props && (firstChild(props, 'buChar') || firstChild(props, 'buAutoNum'))) return true;
  return bulletedByDefault;
}

function textBodyParagraphs(shape: XmlElement): XmlElement[] {
  const body = firstChild(shape, 'txBody');
  return body ? childElements(body, 'p') : [];
}

/** A DrawingML table (a:tbl): spans from gridSpan/rowSpan, covered cells left out, header from firstRow. */
function tableRows(table: XmlElement): TableRow[] {
  const props = firstChild(table, 'tblPr');
  const headed = props ? attr(props, 'firstRow') === '1' || attr(props, 'firstRow') === 'true' : false;
  return childElements(table, 'tr').map((tr, r) =>
    childElements(tr, 'tc')
      .filter((tc) => attr(tc, 'hMerge') !== '1' && attr(tc, 'vMerge') !== '1')
      .map((tc) => ({
        text: descendants(tc, 'p').map(paragraphText).join(' ').replace(/\s+/g, ' ').trim(),
        header: headed && r === 0,
        colspan: Math.max(1, Number(attr(tc, 'gridSpan') ?? 1) || 1),
        rowspan: Math.max(1, Number(attr(tc, 'rowSpan') ?? 1) || 1),
      })),
  );
}

/** One slide's shapes, the title first (it is what the slide is about), then the others in tree order. */
function addSlideShapes(builder: DocumentBuilder, shapes: XmlElement[]): void {
  const isTitle = (shape: XmlElement) => TITLE_PLACEHOLDERS.has(placeholderType(shape) ?? '-');
  for (const shape of [...shapes.filter(isTitle), ...shapes.filter((s) => !isTitle(s))]) {
    const type = placeholderType(shape);
    if (type !== null && BOILERPLATE_PLACEHOLDERS.has(type)) continue;
    if (shape.local === 'graphicFrame') {
      for (const table of descendants(shape, 'tbl')) builder.addTable(tableRows(table));
    } else if (isTitle(shape)) {
      builder.addBlock('heading', textBodyParagraphs(shape).map(paragraphText).join(' '), 1);
    } else {
      const bulletedByDefault = type !== null && BULLETED_PLACEHOLDERS.has(type);
      for (const p of textBodyParagraphs(shape)) {
        builder.addBlock(isBulleted(p, bulletedByDefault) ? 'list-item' : 'paragraph', paragraphText(p));
      }
    }
  }
}

async function readShapes(zip: JSZip, path: string): Promise<XmlElement[]> {
  const xml = await readZipText(zip, path, PPTX.label);
  const tree = xml ? findFirst(parseXml(xml), 'spTree') : undefined;
  return tree ? shapesOf(tree) : [];
}

/** Speaker notes: every text of the notes page but its slide image, number, date, header and footer. */
async function addNotes(builder: DocumentBuilder, zip: JSZip, slidePath: string): Promise<void> {
  const rels = await partRelationships(zip, slidePath, PPTX.label);
  const notes = rels.find((r) => !r.external && hasRelType(r, 'notesSlide'));
  if (!notes) return;
  for (const shape of await readShapes(zip, notes.target)) {
    const type = placeholderType(shape);
    if (type !== null && BOILERPLATE_PLACEHOLDERS.has(type)) continue;
    for (const p of textBodyParagraphs(shape)) builder.addBlock('paragraph', paragraphText(p));
    if (shape.local === 'graphicFrame') {
      for (const table of descendants(shape, 'tbl')) builder.addTable(tableRows(table));
    }
  }
}

export async function parsePptx(bytes: Uint8Array): Promise<ParsedDocument> {
  const { zip, mainPath, main } = await openOoxml(bytes, PPTX);
  const slides = await slidePaths(zip, mainPath, main);
  const listed = firstChild(main, 'sldIdLst');
  if (slides.length === 0 && listed && childElements(listed, 'sldId').length > 0) {
    throw parseErrors.corrupt(PPTX.label, 'its slide list points to no slide');
  }
  const builder = new DocumentBuilder('pptx');
  for (const [index, path] of slides.entries()) {
    builder.startPage(index + 1);
    addSlideShapes(builder, await readShapes(zip, path));
    await addNotes(builder, zip, path);
    builder.endPage();
  }
  return builder.build({ paged: true, title: await documentTitle(zip) });
}
