// The on-disk form of a FaissIndex: one file holding a JSON header, the position → chunk id map and the
// serialized faiss index, guarded by a CRC. Written atomically (temp file, fsync, rename, fsync dir), so a
// crash leaves either the old file or the new one; read with every length checked before faiss sees a byte,
// because faiss-node turns some malformed inputs into a process abort or a segfault instead of an exception.
import { createHash } from 'node:crypto';
import { closeSync, fsyncSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { crc32 } from 'node:zlib';

const MAGIC = Buffer.from('LUCFAISS', 'latin1');
const FORMAT_VERSION = 1;
const PREFIX_BYTES = MAGIC.length + 8; // magic, u32 version, u32 header length
const MAX_HEADER_BYTES = 64 * 1024;

/** `<dir>/vectors-<readable model>-<hash>.faiss`: one file per embedding model, never shared. */
export function faissFileFor(dir: string, model: string): string {
  const readable = model.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 60);
  const hash = createHash('sha256').update(model).digest('hex').slice(0, 10);
  return join(dir, `vectors-${readable}-${hash}.faiss`);
}

export interface FaissFileHeader {
  model: string;
  dim: number;
  count: number;
  generation: number;
  /** faiss index_factory descriptor the payload was built with. */
  descriptor: string;
  positionsBytes: number;
  payloadBytes: number;
  crc32: number;
}

export interface FaissFileContents {
  header: FaissFileHeader;
  /** position → chunk id */
  positions: number[];
  /** faiss serialized index (faiss's own `write_index` format) */
  payload: Buffer;
}

export type FaissFileProblem = 'missing' | 'truncated' | 'corrupt';

export class FaissFileError extends Error {
  constructor(
    readonly problem: FaissFileProblem,
    message: string,
  ) {
    super(message);
    this.name = 'FaissFileError';
  }
}

/** Reads and checks the file's framing and checksum; the payload is not interpreted here. */
export function readFaissFile(file: string): FaissFileContents {
  let buf: Buffer;
  try {
    buf = readFileSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new FaissFileError('missing', `${file} does not exist`);
    throw err;
  }
  if (buf.length < PREFIX_BYTES) throw new FaissFileError('truncated', `${file}: ${buf.length} bytes`);
  if (!buf.subarray(0, MAGIC.length).equals(MAGIC))
    throw new FaissFileError('corrupt', `${file}: not a Lucarne vector index`);
  const version = buf.readUInt32LE(MAGIC.length);
  if (version !== FORMAT_VERSION) throw new FaissFileError('corrupt', `${file}: format version ${version}`);
  const headerBytes = buf.readUInt32LE(MAGIC.length + 4);
  if (headerBytes > MAX_HEADER_BYTES) throw new FaissFileError('corrupt', `${file}: header of ${headerBytes} bytes`);
  if (buf.length < PREFIX_BYTES + headerBytes) throw new FaissFileError('truncated', `${file}: header cut short`);
  let header: FaissFileHeader;
  try {
    header = parseHeader(JSON.parse(buf.toString('utf8', PREFIX_BYTES, PREFIX_BYTES + headerBytes)));
  } catch (err) {
    throw new FaissFileError('corrupt', `${file}: bad header (${(err as Error).message})`);
  }
  const bodyStart = PREFIX_BYTES + headerBytes;
  const expected = bodyStart + header.positionsBytes + header.payloadBytes;
  if (buf.length < expected) throw new FaissFileError('truncated', `${file}: ${buf.length} of ${expected} bytes`);
  if (buf.length > expected) throw new FaissFileError('corrupt', `${file}: ${buf.length - expected} trailing bytes`);
  const body = buf.subarray(bodyStart);
  if (crc32(body) !== header.crc32) throw new FaissFileError('corrupt', `${file}: checksum mismatch`);
  if (header.positionsBytes !== header.count * 8) throw new FaissFileError('corrupt', `${file}: position map size`);
  const positions = new Array<number>(header.count);
  for (let i = 0; i < header.count; i++) positions[i] = body.readDoubleLE(i * 8);
  return { header, positions, payload: body.subarray(header.positionsBytes) };
}

function parseHeader(raw: unknown): FaissFileHeader {
  const h = raw as Record<string, unknown>;
  const int = (k: string) => {
    const v = h?.[k];
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) throw new Error(`${k} is not a count`);
    return v;
  };
  const str = (k: string) => {
    const v = h?.[k];
    if (typeof v !== 'string') throw new Error(`${k} is not a string`);
    return v;
  };
  return {
    model: str('model'),
    dim: int('dim'),
    count: int('count'),
    generation: int('generation'),
    descriptor: str('descriptor'),
    positionsBytes: int('positionsBytes'),
    payloadBytes: int('payloadBytes'),
    crc32: int('crc32'),
  };
}

/** Writes the file atomically: a reader sees the previous complete file or this one, never a mix. */
export function writeFaissFile(
  file: string,
  contents: {
    header: Omit<FaissFileHeader, 'positionsBytes' | 'payloadBytes' | 'crc32'>;
    positions: number[];
    payload: Buffer;
  },
): void {
  const positions = Buffer.alloc(contents.positions.length * 8);
  contents.positions.forEach((id, i) => {
    positions.writeDoubleLE(id, i * 8);
  });
  const crc = crc32(contents.payload, crc32(positions));
  const header: FaissFileHeader = {
    ...contents.header,
    positionsBytes: positions.length,
    payloadBytes: contents.payload.length,
    crc32: crc,
  };
  const headerBuf = Buffer.from(JSON.stringify(header), 'utf8');
  const prefix = Buffer.alloc(PREFIX_BYTES);
  MAGIC.copy(prefix, 0);
  prefix.writeUInt32LE(FORMAT_VERSION, MAGIC.length);
  prefix.writeUInt32LE(headerBuf.length, MAGIC.length + 4);

  const tmp = `${file}.tmp-${process.pid}-${Date.now()}`;
  const fd = openSync(tmp, 'w', 0o600);
  try {
    for (const part of [prefix, headerBuf, positions, contents.payload]) {
      let off = 0;
      while (off < part.length) off += writeSync(fd, part, off, part.length - off);
    }
    fsyncSync(fd);
  } catch (err) {
    closeSync(fd);
    rmSync(tmp, { force: true });
    throw err;
  }
  closeSync(fd);
  renameSync(tmp, file);
  fsyncDir(dirname(file));
}

function fsyncDir(dir: string): void {
  // Makes the rename itself durable; not supported on every platform (Windows), where it is skipped.
  let fd: number | null = null;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

/** Removes temp files a crash left behind for this index file. */
export function removeStaleTempFiles(file: string): void {
  const prefix = `${basename(file)}.tmp-`;
  let names: string[];
  try {
    names = readdirSync(dirname(file));
  } catch {
    return;
  }
  for (const name of names) if (name.startsWith(prefix)) rmSync(join(dirname(file), name), { force: true });
}
