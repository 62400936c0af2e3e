import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { quitGracefully } from './graceful-quit';

function harness() {
  const app = Object.assign(new EventEmitter(), { quits: 0, quit: (): void => undefined });
  const power = new EventEmitter();
  const log: string[] = [];
  let release: () => void = () => undefined;
  const engineStopped = new Promise<void>((r) => {
    release = r;
  });
  app.quit = () => {
    app.quits++;
    log.push('quit');
    // Electron emits before-quit again on the real quit.
    const event = { prevented: false, preventDefault: () => (event.prevented = true) };
    app.emit('before-quit', event);
    if (!event.prevented) log.push('exited');
  };
  const q = quitGracefully({
    app,
    powerMonitor: power,
    stopEngine: async () => {
      log.push('stop engine');
      await engineStopped;
      log.push('engine stopped');
    },
    beforeStop: () => log.push('before stop'),
  });
  return { app, power, log, release, q };
}

describe('quitting stops the engine gracefully first', () => {
  it('holds the first quit until the engine has stopped, then quits once', async () => {
    const h = harness();
    const first = { prevented: false, preventDefault: () => (first.prevented = true) };
    h.app.emit('before-quit', first);
    expect(first.prevented).toBe(true);
    // A second quit request while stopping does not stop twice.
    const second = { prevented: false, preventDefault: () => (second.prevented = true) };
    h.app.emit('before-quit', second);
    expect(second.prevented).toBe(true);
    expect(h.log).toEqual(['before stop', 'stop engine']);
    h.release();
    await new Promise((r) => setTimeout(r, 0));
    expect(h.log).toEqual(['before stop', 'stop engine', 'engine stopped', 'quit', 'exited', 'quit', 'exited']);
  });

  it('delays a system shutdown until the engine has stopped', async () => {
    const h = harness();
    const event = { prevented: false, preventDefault: () => (event.prevented = true) };
    h.power.emit('shutdown', event);
    expect(event.prevented).toBe(true);
    h.release();
    await new Promise((r) => setTimeout(r, 0));
    expect(h.log.slice(0, 4)).toEqual(['before stop', 'stop engine', 'engine stopped', 'quit']);
  });

  it('a Windows session end waits for the same stop', async () => {
    const h = harness();
    const ended = h.q.sessionEnded();
    let done = false;
    void ended.then(() => {
      done = true;
    });
    await new Promise((r) => setTimeout(r, 0));
    expect(done).toBe(false);
    h.release();
    await ended;
    expect(h.log).toEqual(['before stop', 'stop engine', 'engine stopped']);
  });
});
