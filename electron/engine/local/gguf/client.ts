// The engine's side of the model process: starts it on first use, sends one request at a time per role (the
// others wait their turn), streams answers, forwards cancellation, unloads a role's model after an idle
// delay and ends the process when nothing is loaded (its memory goes back to the system). If the process
// dies, every request it held fails with a clear error and the next request starts a new one.
import { abortError } from '../../net/provider-error';
import { GgufError, ggufErrors } from './errors';
import { LlamaProcess } from './llama-process';
import type { ChatResult, InfoResult, InspectResult, ModelSpec, RequestBody, Role } from './protocol';

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

const ROLES: Role[] = ['chat', 'embedding'];
const LOAD_ERRORS = new Set(['not-found', 'not-gguf', 'corrupt', 'unsupported', 'too-big', 'no-binary', 'crashed']);
const noop = () => {};

export class LlamaClient {
  private child: LlamaProcess | null = null;
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
    return this.child?.pid ?? null;
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
      this.stopChild(ggufErrors.failed('finish', 'the local model was closed'));
      await child.exited;
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
    if (opts.signal?.aborted) return Promise.reject(abortError(opts.signal));
    try {
      this.child ??= new LlamaProcess({ env: this.opts.env, log: this.opts.log, onGone: (p) => this.onGone(p) });
    } catch (e) {
      return Promise.reject(e);
    }
    return this.child.request(body, opts);
  }

  /** The process exited (or could not start): nothing is loaded any more; the next request starts another. */
  private onGone(child: LlamaProcess): void {
    if (this.child !== child) return;
    this.child = null;
    for (const role of ROLES) {
      this.loaded[role] = null;
      this.clearTimer(role);
    }
  }

  private stopChild(error: GgufError): void {
    this.child?.stop(error); // its onGone resets this client's state
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
