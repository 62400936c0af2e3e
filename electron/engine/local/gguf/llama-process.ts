// One model process seen from the engine: forks it, sends requests with ids, routes its answers (streamed
// text, results checked against their schema, errors rebuilt as GgufError), forwards aborts, and fails every
// request it still holds, with a clear error, when the process dies (out of memory, killed, crashed).
import type { ChildProcess } from 'node:child_process';
import { abortError } from '../../net/provider-error';
import { type GgufError, ggufErrorFromWire, ggufErrors } from './errors';
import { ABORTED, type RequestBody, responseSchema, resultSchemas } from './protocol';
import { forkLlamaWorker } from './spawn';

interface Pending {
  type: RequestBody['type'];
  resolve(value: unknown): void;
  reject(error: unknown): void;
  onText?: (text: string) => void;
  signal?: AbortSignal;
}

export interface LlamaProcessOptions {
  /** Added to the process's environment. */
  env?: NodeJS.ProcessEnv;
  /** The process's stderr lines (llama.cpp may print there). */
  log?: (line: string) => void;
  /** Called once when the process is gone (it exited, or could not start). */
  onGone(process: LlamaProcess): void;
}

export class LlamaProcess {
  /** Resolves when the process has exited. */
  readonly exited: Promise<void>;
  private readonly proc: ChildProcess;
  private readonly pending = new Map<number, Pending>();
  private readonly stderrTail: string[] = [];
  private nextId = 1;
  private gone = false;

  constructor(private readonly opts: LlamaProcessOptions) {
    try {
      this.proc = forkLlamaWorker(opts.env);
    } catch (e) {
      throw ggufErrors.failed('start', e instanceof Error ? e.message : String(e));
    }
    const proc = this.proc;
    proc.stdout?.resume();
    proc.stderr?.setEncoding('utf8').on('data', (data: string) => {
      for (const line of data.split('\n').filter((l) => l.trim())) {
        this.stderrTail.push(line);
        if (this.stderrTail.length > 5) this.stderrTail.shift();
        opts.log?.(line);
      }
    });
    proc.on('message', (raw: unknown) => this.onMessage(raw));
    proc.on('error', (err) => this.fail(ggufErrors.crashed(err.message)));
    this.exited = new Promise((resolve) =>
      proc.once('exit', (code, signal) => {
        const how = signal ? `killed by ${signal}` : `exit code ${code}`;
        const tail = this.stderrTail.at(-1);
        this.fail(ggufErrors.crashed(tail ? `${how}: ${tail.slice(0, 300)}` : how));
        resolve();
      }),
    );
  }

  get pid(): number | null {
    return this.proc.pid ?? null;
  }

  /**
   * Sends a request; resolves with its checked result. Rejects with a GgufError, or with the standard
   * AbortError once the process confirms that it stopped the request after `signal` fired.
   */
  request(body: RequestBody, opts: { signal?: AbortSignal; onText?: (text: string) => void } = {}): Promise<unknown> {
    return new Promise<unknown>((resolve, reject) => {
      const { signal } = opts;
      if (signal?.aborted) return reject(abortError(signal));
      if (this.gone) return reject(ggufErrors.crashed('it had already stopped'));
      const id = this.nextId++;
      const onAbort = () => this.send({ id: this.nextId++, type: 'abort', target: id });
      const settle =
        <A extends unknown[]>(fn: (...a: A) => void) =>
        (...a: A) => {
          signal?.removeEventListener('abort', onAbort);
          this.pending.delete(id);
          fn(...a);
        };
      this.pending.set(id, {
        type: body.type,
        resolve: settle(resolve),
        reject: settle(reject),
        onText: opts.onText,
        signal,
      });
      signal?.addEventListener('abort', onAbort, { once: true });
      this.send({ id, ...body });
    });
  }

  /** Asks the process to free its models and exit (it does when its channel closes); a stuck one is killed. */
  stop(reason: GgufError): void {
    this.fail(reason);
    if (this.proc.connected) this.proc.disconnect();
    setTimeout(() => this.proc.exitCode === null && this.proc.kill('SIGKILL'), 5000).unref();
  }

  private send(message: unknown): void {
    // A send on a closed channel emits 'error' (handled above): the requests then fail as "crashed".
    if (this.proc.connected) this.proc.send(message as object);
  }

  private onMessage(raw: unknown): void {
    const parsed = responseSchema.safeParse(raw);
    const id = (raw as { id?: unknown } | null)?.id;
    const pending = typeof id === 'number' ? this.pending.get(id) : undefined;
    if (!parsed.success) {
      pending?.reject(ggufErrors.failed('answer', 'the local model process sent a malformed message'));
      return;
    }
    const msg = parsed.data;
    if (!pending) return; // an answer to a request that was already given up
    if (msg.type === 'text') pending.onText?.(msg.text);
    else if (msg.type === 'error')
      pending.reject(msg.code === ABORTED ? abortError(pending.signal) : ggufErrorFromWire(msg));
    else {
      const checked = resultSchemas[pending.type as keyof typeof resultSchemas]?.safeParse(msg.value);
      if (!checked?.success) pending.reject(ggufErrors.failed('answer', `unexpected result for ${pending.type}`));
      else pending.resolve(checked.data);
    }
  }

  /** Every request still held fails with `error`; the owner hears once that this process is gone. */
  private fail(error: GgufError): void {
    for (const p of [...this.pending.values()]) p.reject(error);
    this.pending.clear();
    if (this.gone) return;
    this.gone = true;
    this.opts.onGone(this);
  }
}
