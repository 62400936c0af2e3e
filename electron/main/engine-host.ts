// Runs the engine in an Electron utilityProcess (plain Node, no Electron APIs) and restarts it when it
// dies. Calls travel as {id, method, args} messages; results and events come back the same way.
import { EventEmitter } from 'node:events';
import { type UtilityProcess, utilityProcess } from 'electron';
import type { ApiResult, MethodName } from '../../shared/api';
import type { EngineMessage, HostMessage } from '../engine/protocol';
import { paths } from './paths';

type Pending = { resolve: (r: ApiResult<unknown>) => void };

export class EngineHost extends EventEmitter {
  private child: UtilityProcess | null = null;
  private pending = new Map<number, Pending>();
  private nextId = 1;
  private restarts: number[] = [];
  private stopping = false;
  private apiKey: string | null = null;

  constructor(
    private readonly dataDir: string,
    private readonly resourcesDir: string,
    private readonly log: (msg: string) => void,
  ) {
    super();
  }

  start(): void {
    const child = utilityProcess.fork(paths.engineEntry, ['--data', this.dataDir, '--resources', this.resourcesDir], {
      serviceName: 'Lucarne engine',
      stdio: 'inherit',
    });
    this.child = child;
    child.on('message', (msg: EngineMessage) => this.onMessage(msg));
    child.on('exit', (code) => this.onExit(code));
    if (this.apiKey) this.send({ type: 'secret', geminiKey: this.apiKey });
  }

  private onMessage(msg: EngineMessage): void {
    if (msg.type === 'result') {
      this.pending.get(msg.id)?.resolve(msg.result);
      this.pending.delete(msg.id);
    } else if (msg.type === 'event') {
      this.emit('event', msg.name, msg.payload);
    } else if (msg.type === 'log') {
      this.log(msg.message);
    }
  }

  private onExit(code: number): void {
    this.child = null;
    for (const [id, p] of this.pending) {
      p.resolve({
        ok: false,
        error: { code: 'unavailable', message: 'The Lucarne engine stopped; it is restarting. Try again in a moment.' },
      });
      this.pending.delete(id);
    }
    if (this.stopping) return;
    const now = Date.now();
    this.restarts = this.restarts.filter((t) => now - t < 60_000);
    if (this.restarts.length >= 5) {
      this.log(`engine exited with code ${code} five times in a minute; not restarting`);
      this.emit('fatal');
      return;
    }
    this.restarts.push(now);
    this.log(`engine exited with code ${code}; restarting`);
    setTimeout(() => this.start(), 500 * this.restarts.length);
  }

  private send(msg: HostMessage): void {
    this.child?.postMessage(msg);
  }

  call(method: MethodName | `internal.${string}`, args: unknown): Promise<ApiResult<unknown>> {
    if (!this.child) {
      return Promise.resolve({
        ok: false,
        error: { code: 'unavailable', message: 'The Lucarne engine is starting; try again in a moment.' },
      });
    }
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, { resolve });
      this.send({ type: 'call', id, method, args });
    });
  }

  setApiKey(key: string | null): void {
    this.apiKey = key;
    this.send({ type: 'secret', geminiKey: key });
  }

  async stop(): Promise<void> {
    this.stopping = true;
    if (!this.child) return;
    const child = this.child;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      this.send({ type: 'shutdown' });
      setTimeout(() => {
        child.kill();
        resolve();
      }, 5000);
    });
  }
}
