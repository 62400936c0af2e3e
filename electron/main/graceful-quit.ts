// Quitting, logging out and shutting down stop the engine gracefully (store/jobs.ts: a file being indexed is
// put back in the queue, nothing counts against it, the vector index is written) before the app exits.
// Electron would otherwise end the engine's process abruptly on quit. Written against the small part of
// Electron's API it uses, so that it is tested without Electron.
import type { EventEmitter } from 'node:events';

interface Preventable {
  preventDefault(): void;
}

export interface QuitDeps {
  /** Electron's `app`: 'before-quit', and quit() once the engine has stopped. */
  app: Pick<EventEmitter, 'on'> & { quit(): void };
  /** Electron's `powerMonitor` ('shutdown': Linux and macOS, the session is ending). */
  powerMonitor?: Pick<EventEmitter, 'on'>;
  /** Stops the engine (EngineHost.stop: a shutdown message, then a kill after a few seconds). */
  stopEngine(): Promise<void>;
  /** Runs first, once (e.g. unregister the global shortcut). */
  beforeStop?(): void;
}

/**
 * Holds the first quit (or session end) until the engine has stopped, then quits for real. Windows
 * sessions end through each window's 'session-end' event: pass `sessionEnded` to them (windows.ts).
 */
export function quitGracefully(deps: QuitDeps): { sessionEnded(): Promise<void> } {
  let stopping: Promise<void> | null = null;
  let stopped = false;
  const stop = (): Promise<void> => {
    if (!stopping) {
      deps.beforeStop?.();
      stopping = deps
        .stopEngine()
        .catch(() => undefined)
        .then(() => {
          stopped = true;
        });
    }
    return stopping;
  };
  deps.app.on('before-quit', (event: Preventable) => {
    if (stopped) return;
    event.preventDefault();
    void stop().then(() => deps.app.quit());
  });
  deps.powerMonitor?.on('shutdown', (event: Preventable) => {
    // Delays the shutdown (Linux, macOS) until the engine has stopped.
    event.preventDefault();
    void stop().then(() => deps.app.quit());
  });
  return { sessionEnded: () => stop() };
}
