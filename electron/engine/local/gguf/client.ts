// The engine's side of the model process: starts it on first use, sends one request at a time per role (the
// others wait their turn), streams answers, forwards cancellation, unloads a role's model after an idle
// delay and ends the process when nothing is loaded (its memory goes back to the system). If the process
// dies, every request it held fails with a clear error and the next request starts a new one.
import type { ChildProcess } from 'node:child_process';
import { abortError } from '../../net/provider-error';
import { GgufError, ggufErrorFromWire, ggufErrors } from './errors';
import {
  ABORTED,
  type ChatResult,
  type InfoResult,
  type InspectResult,
  type ModelSpec,
  type RequestBody,
  type Role,
  resultSchemas,
  responseSchema,
} from './protocol';
import { forkLlamaWorker } from './spawn';

export const DEFAULT_IDLE_MS = 5 * 60_000;

/** How a provider uses its role: which model, what loading it needs, and when to let it go. */
export interface RoleUse {
  role: Role;
  model: ModelSpec;
  /** Memory the model needs to load (weights, context, headroom), from its header. */
  requiredBytes: number;
  /** Free memory now, in bytes (os.freemem; tests inject less). */
  freeMemory: () => number;
  /** Unload the model after this long without a request. */
  idleMs: number;
}

export interface ChatInput {
  system: string;
  history: { role: 'user' | 'assistant'; text: string }[];
  prompt: string;
  maxTokens: number;
  temperature: number;
}

export interface LlamaClientOptions {
  /** Added to the child's environment (tests: LUCARNE_LLAMA_GPU=0). */
  env?: NodeJS.ProcessEnv;
  /** The child's stderr lines (llama.cpp may print there). */
  log?: (line: string) => void;
}

interface Pending {
  type: RequestBody['type'];
  resolve(value: unknown): void;
  reject(error: unknown): void;
  onText?: (text: string) => void;
  signal?: AbortSignal;
}

interface Child {
  proc: ChildProcess;
  pending: Map<number, Pending>;
  stderrTail: string[];
}

const ROLES: Role[] = ['chat', 'embedding'];
const LOAD_ERRORS = new Set(['not-found', 'not-gguf', 'corrupt', 'unsupported', 'too-big', 'no-binary', 'crashed']);
const noop = () => {};

export class LlamaClient {
  private child: Child | null = null;
  private nextId = 1;
  private readonly lanes: Record<Role, Promise<unknown>> = { chat: Promise.resolve(), embedding: Promise.resolve() };
  private readonly active: Record<Role, number> = { chat: 0, embedding: 0 };
  /** What the process holds per role, as far as its answers tell: the spec's key and the memory it needs. */
  private readonly loaded: Record<Role, { key: string; bytes: number } | null> = { chat: null, embedding: null };
  private readonly idleMs: Record<Role, number> = { chat: DEFAULT_IDLE_MS, embedding: DEFAULT_IDLE_MS };
  private readonly roleTimers: Record<Role, NodeJS.Timeout | null> = { chat: null, embedding: null };
  private childTimer: NodeJS.Timeout | null = null;
  private busy = 0; // inspect / info requests in flight
  private disposed = false;

  constructor(private readonly opts: LlamaClientOptions = {}) {}

  /** The model process's pid, or null when none runs. */
  get pid(): number | null {
    return this.child?.proc.pid ?? null;
  }

  /** Reads a model's header in the model process (the engine never loads node-llama-cpp itself). */
  async inspect(path: string, role: Role, contextCap: number): Promise<InspectResult> {
    return this.tracked(() => this.request({ type: 'inspect', path, role, contextCap }) as Promise<InspectResult>);
  }

  /** What the model process holds, or null when none runs (asking does not start one). */
  async info(): Promise<InfoResult | null> {
    if (!this.child) return null;
    return this.tracked(() => this.request({ type: 'info' }) as Promise<InfoResult>);
  }

  /** Raw vectors for `texts`, in order. Rejects with a GgufError, or the standard AbortError. */
  async embed(use: RoleUse, texts: string[], signal?: AbortSignal): Promise<Float32Array[]> {
    signal?.throwIfAborted();
    const run = this.onLane(use, async () => {
      const r = (await this.request({ type: 'embed', model: use.model, texts }, { signal })) as {
        vectors: Float32Array[];
      };
      return r.vectors;
    });
    return raceAbort(run, signal);
  }

  /** Streams the answer's text; returns how it ended. Leaving the loop early or aborting stops the model. */
  async *chat(use: RoleUse, input: ChatInput, signal?: AbortSignal): AsyncGenerator<string, ChatResult> {
    signal?.throwIfAborted();
    const stop = new AbortController();
    const onAbort = () => stop.abort(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    const chunks: string[] = [];
    let wake = noop;
    const state: { outcome: { ok: true; value: ChatResult } | { ok: false; error: unknown } | null } = {
      outcome: null,
    };
    stop.signal.addEventListener('abort', () => wake(), { once: true });
    const run = this.onLane(use, () =>
      this.request(
        { type: 'chat', model: use.model, ...input },
        {
          signal: stop.signal,
          onText: (text) => {
            chunks.push(text);
            wake();
          },
        },
      ),
    );
    run.then(
      (value) => {
        state.outcome = { ok: true, value: value as ChatResult };
        wake();
      },
      (error: unknown) => {
        state.outcome = { ok: false, error };
        wake();
      },
    );
    try {
      for (;;) {
        if (stop.signal.aborted) throw abortError(signal ?? stop.signal);
        const next = chunks.shift();
        if (next !== undefined) {
          yield next;
          continue;
        }
        const done = state.outcome;
        if (done) {
          if (!done.ok) throw done.error;
          return done.value;
        }
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        wake = noop;
      }
    } finally {
      signal?.removeEventListener('abort', onAbort);
      if (!state.outcome) stop.abort(); // the consumer left early: tell the model to stop
    }
  }

  /** Frees the role's model now (the process ends if nothing else is loaded). */
  async unload(role: Role): Promise<void> {
    this.clearTimer(role);
    await this.lanes[role];
    this.release(role);
  }

  /** Ends the model process; pending requests fail. The client can still be used afterwards. */
  async dispose(): Promise<void> {
    for (const role of ROLES) this.clearTimer(role);
    if (this.childTimer) clearTimeout(this.childTimer);
    this.childTimer = null;
    this.disposed = true;
    const child = this.child;
    if (child) {
      const exited = new Promise<void>((resolve) => child.proc.once('exit', () => resolve()));
      this.stopChild(ggufErrors.failed('finish', 'the local model was closed'));
      await exited;
    }
    this.disposed = false;
  }

  // ---- requests ---------------------------------------------------------------------------------------

  /** Runs `work` after the role's previous request has finished in the child, with the memory check first. */
  private onLane<T>(use: RoleUse, work: () => Promise<T>): Promise<T> {
    const { role } = use;
    this.idleMs[role] = use.idleMs;
    this.clearTimer(role);
    if (this.childTimer) clearTimeout(this.childTimer);
    this.active[role]++;
    const key = specKey(use.model);
    const run = this.lanes[role].then(async () => {
      this.checkMemory(use, key);
      try {
        const value = await work();
        this.loaded[role] = { key, bytes: use.requiredBytes };
        return value;
      } catch (e) {
        // A load that failed leaves nothing loaded; after anything else (an abort included) the model is there.
        this.loaded[role] =
          e instanceof GgufError && LOAD_ERRORS.has(e.code) ? null : { key, bytes: use.requiredBytes };
        throw e;
      }
    });
    this.lanes[role] = run.catch(noop);
    run.then(noop, noop).finally(() => {
      this.active[role]--;
      this.scheduleIdle(role);
    });
    return run;
  }

  private checkMemory(use: RoleUse, key: string): void {
    const current = this.loaded[use.role];
    if (current?.key === key) return;
    // The role's current model is freed before the new one loads.
    const free = use.freeMemory() + (current?.bytes ?? 0);
    if (use.requiredBytes > free) throw ggufErrors.tooBig(use.model.path, use.requiredBytes, free);
  }

  private async tracked<T>(work: () => Promise<T>): Promise<T> {
    if (this.childTimer) clearTimeout(this.childTimer);
    this.busy++;
    try {
      return await work();
    } finally {
      this.busy--;
      this.scheduleIdle();
    }
  }

  private request(body: RequestBody, opts: { signal?: AbortSignal; onText?: (t: string) => void } = {}) {
    return new Promise<unknown>((resolve, reject) => {
      const { signal } = opts;
      if (signal?.aborted) return reject(abortError(signal));
      const child = this.ensureChild();
      const id = this.nextId++;
      const onAbort = () => {
        if (child.proc.connected) child.proc.send({ id: this.nextId++, type: 'abort', target: id });
      };
      const done =
        <A extends unknown[]>(fn: (...a: A) => void) =>
        (...a: A) => {
          signal?.removeEventListener('abort', onAbort);
          child.pending.delete(id);
          fn(...a);
        };
      child.pending.set(id, {
        type: body.type,
        resolve: done(resolve),
        reject: done(reject),
        onText: opts.onText,
        signal,
      });
      signal?.addEventListener('abort', onAbort, { once: true });
      child.proc.send({ id, ...body });
    });
  }

  // ---- the child process ------------------------------------------------------------------------------

  private ensureChild(): Child {
    if (this.child) return this.child;
    let proc: ChildProcess;
    try {
      proc = forkLlamaWorker(this.opts.env);
    } catch (e) {
      throw ggufErrors.failed('start', e instanceof Error ? e.message : String(e));
    }
    const child: Child = { proc, pending: new Map(), stderrTail: [] };
    this.child = child;
    proc.stdout?.resume();
    proc.stderr?.setEncoding('utf8').on('data', (data: string) => {
      for (const line of data.split('\n').filter((l) => l.trim())) {
        child.stderrTail.push(line);
        if (child.stderrTail.length > 5) child.stderrTail.shift();
        this.opts.log?.(line);
      }
    });
    proc.on('message', (raw: unknown) => this.onMessage(child, raw));
    proc.on('error', (err) => this.onGone(child, ggufErrors.crashed(err.message)));
    proc.on('exit', (code, signal) => {
      const how = signal ? `killed by ${signal}` : `exit code ${code}`;
      const tail = child.stderrTail.at(-1);
      this.onGone(child, ggufErrors.crashed(tail ? `${how}: ${tail.slice(0, 300)}` : how));
    });
    return child;
  }

  private onMessage(child: Child, raw: unknown): void {
    const parsed = responseSchema.safeParse(raw);
    const id = (raw as { id?: unknown } | null)?.id;
    const pending = typeof id === 'number' ? child.pending.get(id) : undefined;
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

  /** The process exited (or could not start): its requests fail, the next request starts a new one. */
  private onGone(child: Child, error: GgufError): void {
    if (this.child === child) {
      this.child = null;
      for (const role of ROLES) {
        this.loaded[role] = null;
        this.clearTimer(role);
      }
    }
    for (const p of [...child.pending.values()]) p.reject(error);
    child.pending.clear();
  }

  private stopChild(error: GgufError): void {
    const child = this.child;
    if (!child) return;
    this.onGone(child, error);
    // Closing the channel asks the process to free its models and exit; a stuck one is killed.
    if (child.proc.connected) child.proc.disconnect();
    setTimeout(() => child.proc.exitCode === null && child.proc.kill('SIGKILL'), 5000).unref();
  }

  // ---- idle unloading ---------------------------------------------------------------------------------

  private clearTimer(role: Role): void {
    const t = this.roleTimers[role];
    if (t) clearTimeout(t);
    this.roleTimers[role] = null;
  }

  /**
   * After a request: the role it used (if any) unloads after its idle delay, counted from its own last
   * request (asking for info does not keep a model loaded); an idle process with nothing loaded ends.
   */
  private scheduleIdle(role?: Role): void {
    if (!this.child || this.disposed) return;
    if (role && this.active[role] === 0 && this.loaded[role]) {
      this.clearTimer(role);
      this.roleTimers[role] = setTimeout(() => this.release(role), this.idleMs[role]);
      this.roleTimers[role].unref();
    }
    if (this.childTimer) clearTimeout(this.childTimer);
    this.childTimer = null;
    if (this.busy > 0 || ROLES.some((r) => this.active[r] > 0 || this.loaded[r])) return;
    this.childTimer = setTimeout(() => this.stopIfIdle(), Math.min(this.idleMs.chat, this.idleMs.embedding));
    this.childTimer.unref();
  }

  private release(role: Role): void {
    this.roleTimers[role] = null;
    if (this.active[role] > 0 || !this.child) return;
    this.loaded[role] = null;
    const other: Role = role === 'chat' ? 'embedding' : 'chat';
    if (this.busy === 0 && this.active[other] === 0 && !this.loaded[other]) {
      this.stopChild(ggufErrors.failed('finish', 'the local model was unloaded'));
      return;
    }
    // The other role is in use: free this role's model only.
    this.request({ type: 'unload', role }).catch(noop);
  }

  private stopIfIdle(): void {
    this.childTimer = null;
    if (this.busy === 0 && ROLES.every((r) => this.active[r] === 0 && !this.loaded[r]))
      this.stopChild(ggufErrors.failed('finish', 'the local model was unloaded'));
  }
}

function specKey(spec: ModelSpec): string {
  return `${spec.path}\n${spec.contextSize}\n${spec.threads}`;
}

/** The caller stops waiting at once when its signal fires; the work itself ends in its own time. */
function raceAbort<T>(work: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return work;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortError(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
