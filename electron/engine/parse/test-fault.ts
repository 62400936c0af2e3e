// A fault for tests only: with LUCARNE_TEST_CRASH_ON=<text> in the environment, the parse worker aborts the
// whole process, as a native crash in a parser would, on every file whose name contains <text>. It is how the
// tests check that a file which really brings the engine down is still set aside while kills are forgiven.
// Unset (always, outside tests) it does nothing.
import { basename } from 'node:path';

export function crashIfFaultInjected(path: string): void {
  const marker = process.env.LUCARNE_TEST_CRASH_ON;
  if (marker && basename(path).includes(marker)) process.abort();
}
