// Downloads a model file: free space checked first, written to `dest.part`, resumed with an HTTP Range request
// after an interruption (also across app restarts: the .part stays), progress reported, cancellable, and
// checked against its SHA-256 before an atomic rename to `dest`. A file with no published hash is still
// downloaded, and the result says it was not verified rather than pretending.
import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, rm, stat, statfs } from 'node:fs/promises';
import { dirname } from 'node:path';
import { DownloadError } from './errors';

export interface DownloadProgress {
  doneBytes: number;
  /** Null while the size is unknown (no Content-Length and no expected size). */
  totalBytes: number | null;
  /** Average over this session (since the request started or resumed). */
  bytesPerSecond: number;
  /** Bytes already on disk when this session started (a resume), else 0. */
  resumedFrom: number;
}

export interface DownloadOptions {
  url: string;
  dest: string;
  /** Expected lower-case hex SHA-256; null when none is published (the result is then `verified: false`). */
  sha256: string | null;
  /** Expected size, for the disk-space check before anything is requested (may be approximate). */
  bytes?: number | null;
  signal?: AbortSignal;
  onProgress?: (p: DownloadProgress) => void;
  fetchImpl?: typeof fetch;
  /** Free space of a folder; defaults to fs.statfs. Injected by tests. */
  statfsImpl?: (dir: string) => Promise<{ bavail: number | bigint; bsize: number | bigint }>;
  /** Free space to leave on the disk beyond the file itself. Default 256 MiB. */
  marginBytes?: number;
  /** Times a dropped connection is resumed within this call before giving up. Default 3. */
  retries?: number;
  retryDelayMs?: number;
  /** Minimum time between two progress reports. Default 200 ms. */
  progressIntervalMs?: number;
}

export interface DownloadResult {
  path: string;
  bytes: number;
  /** The SHA-256 of what was written (hex). */
  sha256: string;
  /** True when it matched the expected hash; false when no hash was given ("not verified"). */
  verified: boolean;
  /** True when the file was already there and matched (nothing downloaded). */
  alreadyPresent: boolean;
  /** For the user: "SHA-256 verified", or "not verified: …". */
  message: string;
}

const DEFAULT_MARGIN = 256 * 1024 * 1024;

/** The URL without credentials or query string, for messages (a token in a URL must never be shown). */
function shownUrl(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`;
}

function gb(n: number): string {
  return n >= 1e9 ? `${(n / 1e9).toFixed(2)} GB` : `${Math.max(0, Math.round(n / 1e6))} MB`;
}

async function sizeOf(path: string): Promise<number | null> {
  try {
    const s = await stat(path);
    return s.isFile() ? s.size : null;
  } catch {
    return null;
  }
}

async function hashFile(path: string, hash: Hash, signal?: AbortSignal): Promise<number> {
  let n = 0;
  for await (const chunk of createReadStream(path, { signal })) {
    hash.update(chunk as Buffer);
    n += (chunk as Buffer).length;
  }
  return n;
}

function isAbort(err: unknown, signal?: AbortSignal): boolean {
  return (
    signal?.aborted === true || (err instanceof Error && (err.name === 'AbortError' || err.name === 'TimeoutError'))
  );
}

function httpError(status: number, statusText: string, url: URL): DownloadError {
  const where = shownUrl(url);
  const what = `${status}${statusText ? ` ${statusText}` : ''}`;
  if (status === 404 || status === 410) {
    return new DownloadError(
      'http',
      `The server has no file at ${where} (${what}). The catalog entry may be out of date: try again after updating Lucarne, or download the file yourself and add it.`,
    );
  }
  if (status === 401 || status === 403) {
    return new DownloadError(
      'http',
      `The server refused the download of ${where} (${what}). The model may require accepting its licence or signing in on the website; download it there and add the file.`,
    );
  }
  if (status >= 500)
    return new DownloadError('http', `The server failed while sending ${where} (${what}). Try again later.`);
  return new DownloadError(
    'http',
    `The server answered ${what} for ${where}. Try again later, or download the file yourself and add it.`,
  );
}

// "bytes 100-199/1000" → { start: 100, total: 1000 }; "bytes *" + "/1000" (a 416's) → { start: null, total: 1000 }.
function parseContentRange(h: string | null): { start: number | null; total: number | null } {
  const m = /^bytes\s+(?:(\d+)-\d+|\*)\/(\d+|\*)$/i.exec(h?.trim() ?? '');
  if (!m) return { start: null, total: null };
  return { start: m[1] !== undefined ? Number(m[1]) : null, total: m[2] === '*' ? null : Number(m[2]) };
}

class Retryable extends Error {}

export async function downloadModel(opts: DownloadOptions): Promise<DownloadResult> {
  const { dest, signal } = opts;
  let url: URL;
  try {
    url = new URL(opts.url);
  } catch {
    throw new DownloadError('bad-url', `"${String(opts.url).slice(0, 200)}" is not a valid URL.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new DownloadError(
      'bad-url',
      `Only http(s) downloads are supported, not ${url.protocol.replace(':', '')}: (${shownUrl(url)}).`,
    );
  }
  const expected = opts.sha256 ? opts.sha256.trim().toLowerCase() : null;
  const fetchImpl = opts.fetchImpl ?? fetch;
  const margin = opts.marginBytes ?? DEFAULT_MARGIN;
  const dir = dirname(dest);
  const part = `${dest}.part`;
  await mkdir(dir, { recursive: true });

  // Already downloaded (an earlier run finished): keep it if it matches.
  if (expected && (await sizeOf(dest)) !== null) {
    const h = createHash('sha256');
    const n = await hashFile(dest, h, signal);
    if (h.digest('hex') === expected) {
      return {
        path: dest,
        bytes: n,
        sha256: expected,
        verified: true,
        alreadyPresent: true,
        message: 'SHA-256 verified',
      };
    }
  }

  const checkSpace = async (needed: number) => {
    if (needed <= 0) return;
    let free: number;
    try {
      const s = await (opts.statfsImpl ?? statfs)(dir);
      free = Number(s.bavail) * Number(s.bsize);
    } catch {
      return; // no way to know here: let the write itself fail if it must
    }
    if (free < needed + margin) {
      throw new DownloadError(
        'disk-space',
        `Not enough free space in ${dir}: the download needs ${gb(needed)} plus a ${gb(margin)} margin, and ${gb(free)} are free. Free some space or choose another folder.`,
      );
    }
  };

  let onDisk = (await sizeOf(part)) ?? 0;
  if (opts.bytes && onDisk > opts.bytes) {
    await rm(part, { force: true }); // longer than the file can be: a leftover of something else
    onDisk = 0;
  }
  if (opts.bytes) await checkSpace(opts.bytes - onDisk);

  // The hash of what is in the .part so far, carried across retries so a resume does not re-read the file.
  let hash = createHash('sha256');
  let hashed = 0;
  let total: number | null = opts.bytes ?? null;
  let lastReport = 0;
  const interval = opts.progressIntervalMs ?? 200;

  const attempt = async (): Promise<void> => {
    const offset = (await sizeOf(part)) ?? 0;
    if (hashed !== offset) {
      hash = createHash('sha256');
      hashed = offset > 0 ? await hashFile(part, hash, signal) : 0;
    }
    const res = await fetchImpl(url, {
      headers: offset > 0 ? { Range: `bytes=${offset}-` } : {},
      signal,
      redirect: 'follow',
    });
    let start = offset;
    if (res.status === 416) {
      // Nothing left to send: the .part is already whole (checked by its hash below), or it is not this file.
      await res.body?.cancel().catch(() => {});
      const { total: t } = parseContentRange(res.headers.get('content-range'));
      if (offset > 0 && (t === null || t === offset)) {
        total = offset;
        return;
      }
      await rm(part, { force: true });
      hashed = -1;
      throw new Retryable('the server refused the resume range; starting over');
    }
    if (res.status === 206) {
      const cr = parseContentRange(res.headers.get('content-range'));
      if (cr.start !== offset) {
        await res.body?.cancel().catch(() => {});
        await rm(part, { force: true });
        hashed = -1;
        throw new Retryable('the server resumed at the wrong place; starting over');
      }
      const len = Number(res.headers.get('content-length'));
      total = cr.total ?? (Number.isFinite(len) && len > 0 ? offset + len : total);
    } else if (res.status === 200) {
      // No Range support (or a fresh start): the whole file comes again.
      start = 0;
      hash = createHash('sha256');
      hashed = 0;
      const len = Number(res.headers.get('content-length'));
      if (Number.isFinite(len) && len > 0) total = len;
    } else {
      await res.body?.cancel().catch(() => {});
      throw httpError(res.status, res.statusText, url);
    }
    if (total !== null) await checkSpace(total - start);

    const fh = await open(part, start === 0 ? 'w' : 'a');
    let done = start;
    const sessionStart = Date.now();
    const report = (force: boolean) => {
      const now = Date.now();
      if (!opts.onProgress || (!force && now - lastReport < interval)) return;
      lastReport = now;
      const secs = Math.max((now - sessionStart) / 1000, 0.001);
      opts.onProgress({
        doneBytes: done,
        totalBytes: total,
        bytesPerSecond: (done - start) / secs,
        resumedFrom: start,
      });
    };
    try {
      report(true);
      const reader = res.body?.getReader();
      if (reader) {
        for (;;) {
          const { done: end, value } = await reader.read();
          if (end) break;
          try {
            await fh.write(value);
          } catch (err) {
            throw new DownloadError(
              'write',
              `Writing ${part} failed (${(err as NodeJS.ErrnoException).code ?? String(err)}). Check the free space and permissions of ${dir}, then try again: the download resumes.`,
            );
          }
          hash.update(value);
          hashed += value.length;
          done += value.length;
          report(false);
        }
      }
    } finally {
      await fh.close();
      report(true);
    }
    if (total !== null && done < total) throw new Retryable(`the connection closed after ${done} of ${total} bytes`);
    total = done;
  };

  const retries = opts.retries ?? 3;
  for (let i = 0; ; i++) {
    try {
      await attempt();
      break;
    } catch (err) {
      if (isAbort(err, signal)) {
        throw new DownloadError(
          'cancelled',
          'Download cancelled. What was downloaded so far is kept; downloading again resumes from there.',
        );
      }
      if (err instanceof DownloadError) throw err;
      // A dropped connection, a reset, a short body: resume from what is on disk, a few times.
      if (i >= retries) {
        const why = err instanceof Error ? err.message : String(err);
        throw new DownloadError(
          'network',
          `The download of ${shownUrl(url)} was interrupted (${why}). What was downloaded so far is kept; try again to resume.`,
        );
      }
      await new Promise((r) => setTimeout(r, opts.retryDelayMs ?? 1000 * (i + 1)));
    }
  }

  const actual = hash.digest('hex');
  const size = hashed;
  if (expected && actual !== expected) {
    await rm(part, { force: true });
    throw new DownloadError(
      'checksum',
      `The downloaded file does not match its expected SHA-256 (expected ${expected}, got ${actual}); it was deleted. Try again; if it happens again the file on the server has changed and the catalog entry is out of date.`,
    );
  }
  await rename(part, dest);
  return {
    path: dest,
    bytes: size,
    sha256: actual,
    verified: expected !== null,
    alreadyPresent: false,
    message: expected
      ? 'SHA-256 verified'
      : `not verified: no published SHA-256 for this file (its SHA-256 is ${actual})`,
  };
}
