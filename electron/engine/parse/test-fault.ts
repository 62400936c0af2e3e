// A fault for tests only: with LUCARNE_TEST_CRASH_ON=<text> in the environment, the parse worker kills the
// whole process, as a native crash in a parser (or the kernel's out-of-memory killer) would, on every file
// whose name contains <text>. SIGKILL rather than abort(): the same sudden death, without a core dump. It is how the
// tests check that a file which really brings the engine down is still set aside while kills are forgiven.
// Unset (always, outside tests) it does nothing.
import { basename } from 'node:path';

/** Kills the process a moment after the parse began (as a parser crashing while it reads would). */
export async function crashIfFaultInjected(path: string): Promise<void> {
  const marker = process.env.LUCARNE_TEST_CRASH_ON;
  if (!marker || !basename(path).includes(marker)) return;
  await new Promise((resolve) => setTimeout(resolve, 300));
  process.kill(process.pid, 'SIGKILL');
}
