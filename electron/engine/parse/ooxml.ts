// Office Open XML packages (.docx, .pptx, .xlsx): what the three share: the encrypted/legacy OLE check,
// the main part found through the package relationships, part relationships, and the core title.
import type JSZip from 'jszip';
import type { DocumentMeta } from '../types';
import { coreProperties } from './core-properties';
import { parseErrors } from './errors';
import { attr, childElements, findFirst, parseXml, rootElement, textContent, type XmlElement } from './xml';
import { openZip, readZipText, resolvePartPath, startsWith } from './zip';

/** OLE compound file: legacy .doc/.ppt/.xls, or an encrypted OOXML package wrapped in one. */
export const CFB_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/** An OLE compound file holding an encrypted OOXML package names this stream in its directory. */
export function isEncryptedPackage(bytes: Uint8Array): boolean {
  const name = Buffer.from('EncryptedPackage', 'utf16le');
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).indexOf(name) >= 0;
}

export async function mainDocumentPath(zip: JSZip, fallback: string): Promise<string> {
  const rels = await zip.file('_rels/.rels')?.async('string');
  const target = rels && /<Relationship\b[^>]*Type="[^"]*\/officeDocument"[^>]*>/.exec(rels)?.[0];
  const path = target && /Target="\/?([^"]+)"/.exec(target)?.[1];
  return path ?? fallback;
}

/** dc:title of docProps/core.xml, if set. */
export async function documentTitle(zip: JSZip): Promise<string | undefined> {
  const core = await zip.file('docProps/core.xml')?.async('string');
  const title = core ? findFirst(parseXml(core), 'title') : undefined;
  return title ? textContent(title) : undefined;
}

/** The other core properties of docProps/core.xml (author, subject, keywords, dates), if any. */
export async function documentMeta(zip: JSZip): Promise<DocumentMeta | undefined> {
  const core = await zip.file('docProps/core.xml')?.async('string');
  return core ? coreProperties(parseXml(core)) : undefined;
}

export interface Relationship {
  id: string;
  type: string;
  /** Package path of the target part (resolved against the source part); the raw target when external. */
  target: string;
  external: boolean;
}

/** The relationships of one part, from its _rels/<name>.rels (none when the part has no such file). */
export async function partRelationships(zip: JSZip, partPath: string, what: string): Promise<Relationship[]> {
  const slash = partPath.lastIndexOf('/');
  const relsPath = `${partPath.slice(0, slash + 1)}_rels/${partPath.slice(slash + 1)}.rels`;
  const xml = await readZipText(zip, relsPath, what);
  if (!xml) return [];
  const root = rootElement(parseXml(xml));
  return (root ? childElements(root, 'Relationship') : []).map((rel) => {
    const external = attr(rel, 'TargetMode') === 'External';
    const target = attr(rel, 'Target') ?? '';
    return {
      id: attr(rel, 'Id') ?? '',
      type: attr(rel, 'Type') ?? '',
      target: external ? target : resolvePartPath(partPath, target),
      external,
    };
  });
}

/** Relationship types end with the same name in transitional and strict OOXML. */
export function hasRelType(rel: Relationship, name: string): boolean {
  return rel.type.endsWith(`/${name}`);
}

/** What distinguishes the three OOXML kinds when opening and checking a package. */
export interface OoxmlFormat {
  /** "This PowerPoint presentation": the subject of error messages. */
  label: string;
  /** The program to save an unprotected copy from. */
  app: string;
  /** Local name of the main part's root element. */
  root: string;
  /** ".pptx": the name the legacy binary format was given. */
  extension: string;
  /** Main part path when the package relationships do not say. */
  fallbackMain: string;
  /** The legacy binary format a CFB file with this extension is: "an old-style PowerPoint 97–2003 presentation (.ppt)". */
  legacy: string;
}

/** What a package really is, by the root element of its main part: for "wrong extension" messages. */
const KIND_BY_ROOT: Record<string, string> = {
  document: 'a Word document (.docx)',
  presentation: 'a PowerPoint presentation (.pptx)',
  workbook: 'an Excel workbook (.xlsx)',
};

export interface OoxmlPackage {
  zip: JSZip;
  mainPath: string;
  /** The main part's root element (p:presentation, workbook...). */
  main: XmlElement;
}

/** Refuses legacy and encrypted files (both are OLE compound files), with the message for each. */
function rejectCompoundFile(bytes: Uint8Array, format: OoxmlFormat): void {
  if (!startsWith(bytes, CFB_MAGIC)) return;
  if (isEncryptedPackage(bytes)) throw parseErrors.officeEncrypted(format.label, format.app);
  throw parseErrors.unsupported(`This file is ${format.legacy} with a ${format.extension} name; it is not read.`);
}

/** Opens an OOXML package and checks that its main part is the kind the extension promised. */
export async function openOoxml(bytes: Uint8Array, format: OoxmlFormat): Promise<OoxmlPackage> {
  rejectCompoundFile(bytes, format);
  const zip = await openZip(bytes, format.label);
  const mainPath = await mainDocumentPath(zip, format.fallbackMain);
  const xml = await readZipText(zip, mainPath, format.label);
  const main = xml ? rootElement(parseXml(xml)) : undefined;
  if (!main) throw parseErrors.corrupt(format.label, `it has no ${format.root} part`);
  if (main.local !== format.root) {
    const actual = KIND_BY_ROOT[main.local];
    if (actual) throw parseErrors.wrongFormat(format.label, actual);
    throw parseErrors.corrupt(format.label, `its main part is a ${main.local}, not a ${format.root}`);
  }
  return { zip, mainPath, main };
}
