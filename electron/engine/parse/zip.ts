// ZIP packages (OOXML, OpenDocument, EPUB): opening them with a user-facing error, and reading a part
// without letting a zip bomb inflate it past a fixed limit.
import JSZip from 'jszip';
import { describe, parseErrors } from './errors';

/** No single part of a document package is expected to unpack beyond this. */
export const MAX_PART_BYTES = 200 * 1024 * 1024;

export function startsWith(bytes: Uint8Array, magic: number[]): boolean {
  return magic.every((b, i) => bytes[i] === b);
}

export function isZip(bytes: Uint8Array): boolean {
  return startsWith(bytes, [0x50, 0x4b]);
}

/** Loads the ZIP directory (nothing is inflated yet). `what` names the document in messages. */
export async function openZip(bytes: Uint8Array, what: string): Promise<JSZip> {
  if (!isZip(bytes)) throw parseErrors.corrupt(what, 'it is not a ZIP package');
  try {
    return await JSZip.loadAsync(bytes);
  } catch (err) {
    throw parseErrors.corrupt(what, describe(err));
  }
}

/** The size an entry says it unpacks to (from the ZIP directory), or 0 when it does not say. */
export function declaredSize(entry: JSZip.JSZipObject): number {
  // jszip keeps the directory's sizes on a private field; it is not in its typings.
  const data = (entry as unknown as { _data?: { uncompressedSize?: number } })._data;
  return typeof data?.uncompressedSize === 'number' && data.uncompressedSize > 0 ? data.uncompressedSize : 0;
}

/** Refuses a package with an entry that says it unpacks beyond the limit, before anything is inflated. */
export function checkDeclaredSizes(zip: JSZip, what: string): void {
  for (const entry of Object.values(zip.files)) {
    const size = declaredSize(entry);
    if (size > MAX_PART_BYTES) throw parseErrors.partTooLarge(what, MAX_PART_BYTES);
  }
}

/** jszip's streaming reader: public and documented, but missing from its typings. */
interface EntryStream {
  on(event: 'data', listener: (chunk: Uint8Array) => void): EntryStream;
  on(event: 'error', listener: (err: Error) => void): EntryStream;
  on(event: 'end', listener: () => void): EntryStream;
  pause(): EntryStream;
  resume(): EntryStream;
}

/**
 * Inflates one entry, counting bytes as they come: the directory's size can lie, so the stream is
 * stopped as soon as it passes the limit whatever the directory said.
 */
function inflateBounded(entry: JSZip.JSZipObject, what: string): Promise<Uint8Array> {
  const declared = declaredSize(entry);
  if (declared > MAX_PART_BYTES) return Promise.reject(parseErrors.partTooLarge(what, MAX_PART_BYTES));
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    let total = 0;
    const stream = (entry as unknown as { internalStream(type: 'uint8array'): EntryStream }).internalStream(
      'uint8array',
    );
    stream
      .on('data', (chunk: Uint8Array) => {
        total += chunk.byteLength;
        if (total > MAX_PART_BYTES) {
          stream.pause();
          reject(parseErrors.partTooLarge(what, MAX_PART_BYTES));
          return;
        }
        chunks.push(chunk);
      })
      .on('error', (err: Error) => reject(parseErrors.corrupt(what, describe(err))))
      .on('end', () => resolve(Buffer.concat(chunks)))
      .resume();
  });
}

/** XML and XHTML parts are UTF-8 unless a byte-order mark says UTF-16. */
function decodeXmlBytes(bytes: Uint8Array): string {
  if (startsWith(bytes, [0xff, 0xfe])) return new TextDecoder('utf-16le').decode(bytes);
  if (startsWith(bytes, [0xfe, 0xff])) return new TextDecoder('utf-16be').decode(bytes);
  return new TextDecoder('utf-8').decode(bytes);
}

/** Finds an entry by path, tolerating a different letter case (some producers are inconsistent). */
export function findEntry(zip: JSZip, path: string): JSZip.JSZipObject | undefined {
  const exact = zip.file(path);
  if (exact) return exact;
  const lower = path.toLowerCase();
  const name = Object.keys(zip.files).find((n) => n.toLowerCase() === lower && !zip.files[n].dir);
  return name ? zip.files[name] : undefined;
}

/** The text of a part, or undefined when the package has no such part. */
export async function readZipText(zip: JSZip, path: string, what: string): Promise<string | undefined> {
  const entry = findEntry(zip, path);
  return entry ? decodeXmlBytes(await inflateBounded(entry, what)) : undefined;
}

/** Resolves a relative reference (a relationship target, an OPF href) against the part that holds it. */
export function resolvePartPath(fromPart: string, target: string): string {
  let decoded = target.split('#')[0];
  try {
    decoded = decodeURIComponent(decoded);
  } catch {
    // A stray '%': keep the reference as written.
  }
  const base = decoded.startsWith('/') ? [] : fromPart.split('/').slice(0, -1);
  for (const segment of decoded.split('/')) {
    if (segment === '..') base.pop();
    else if (segment !== '.' && segment !== '') base.push(segment);
  }
  return base.join('/');
}
