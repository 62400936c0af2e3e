// Graceful stop on the signals a shutdown, a logout, a closed terminal or Ctrl-C send (SIGTERM, SIGHUP,
// SIGINT), for every process that runs the engine: the CLI, the browser host, Electron's engine process.
//
// The first signal stops gracefully: the library interrupts the current file after its transaction and puts
// it back in the queue without counting anything against it, writes the vector index, and the process exits.
// A second signal, or a stop that outlasts its deadline, exits at once; even then the registered last-resort
// cleanups run first (the library's: "nothing being worked on now is to blame"), so an impatient user costs a
// re-parse at the next start, never a document.

export const STOP_SIGNALS = ['SIGTERM', 'SIGINT', 'SIGHUP'] as const;
export type StopSignal = (typeof STOP_SIGNALS)[number];

/** The shell's conventional exit status for a process ended by `signal` (128 + its number). */
export function signalExitCode(signal: StopSignal): number {
  return { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 }[signal];
}

const lastResort = new Set<() => void>();

/** Registers a synchronous cleanup to run before a forced exit; returns its removal. */
export function beforeForcedExit(cleanup: () => void): () => void {
  lastResort.add(cleanup);
  return () => lastResort.delete(cleanup);
}

/** Runs the last-resort cleanups (each on its own: one failing does not skip the others). */
export function runLastResort(): void {
  for (const cleanup of lastResort) {
    try {
      cleanup();
    } catch {
      // The store may be closed already, or the disk full: exiting is still right.
    }
  }
}

export interface StopOptions {
  /** The graceful stop. It should end with the process's work saved; the process then exits. */
  stop(signal: StopSignal): Promise<void> | void;
  /** Said once, when the first signal arrives (e.g. "Stopping…"). */
  onSignal?(signal: StopSignal): void;
  /** The exit status; default: 0 for a requested stop. */
  exitCode?(signal: StopSignal): number;
  /** A graceful stop that takes longer than this is cut short (default 15 s). */
  deadlineMs?: number;
  /**
   * What to do once the graceful stop is over (default: exit with exitCode). A command that returns its own
   * status (the CLI) passes a no-op. A forced exit always ends the process.
   */
  afterStop?(code: number): void;
}

/** Listens for the stop signals until the returned function is called. */
export function handleStopSignals(opts: StopOptions): () => void {
  const afterStop = opts.afterStop ?? ((code: number) => process.exit(code));
  let first: StopSignal | null = null;
  const forced = (signal: StopSignal) => {
    runLastResort();
    process.exit(opts.exitCode?.(signal) ?? 0);
  };
  const onSignal = (signal: StopSignal) => {
    if (first !== null) {
      forced(first);
      return;
    }
    first = signal;
    opts.onSignal?.(signal);
    const deadline = setTimeout(() => forced(signal), opts.deadlineMs ?? 15_000);
    Promise.resolve()
      .then(() => opts.stop(signal))
      .catch(() => runLastResort())
      .finally(() => {
        clearTimeout(deadline);
        afterStop(opts.exitCode?.(signal) ?? 0);
      });
  };
  for (const s of STOP_SIGNALS) process.on(s, onSignal);
  return () => {
    for (const s of STOP_SIGNALS) process.off(s, onSignal);
  };
}
