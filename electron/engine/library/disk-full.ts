// A full disk is nobody's file's fault: a write that fails for lack of space is waited out and tried again,
// never recorded as the file's error (recording it would need the very space that is missing).

const FULL_CODES = new Set(['ENOSPC', 'EDQUOT', 'SQLITE_FULL']);

/** True for Node's ENOSPC/EDQUOT and SQLite's SQLITE_FULL ("database or disk is full"). */
export function isDiskFull(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as Error & { code?: unknown }).code;
  if (typeof code === 'string' && FULL_CODES.has(code)) return true;
  // Errors rebuilt after crossing a worker or process boundary keep the message only.
  return /\bENOSPC\b|\bEDQUOT\b|no space left on device|database or disk is full/i.test(error.message);
}

/** Waits while the disk is full: short at first (space may come back soon), then every 15 s at most. */
export const DISK_FULL_RETRY = { first: 1000, max: 15_000 };

/** Waits between tries while the disk is full: 1 s, 2 s, 4 s… up to `maxMs`. */
export function diskFullRetryDelay(tries: number, firstMs: number, maxMs: number): number {
  return Math.min(maxMs, firstMs * 2 ** Math.min(tries, 20));
}
