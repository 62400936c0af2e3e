// Talking to a Chroma server: the connection test (reachable? Chroma 1.x? token accepted? database
// there?), the mapping of every failure to one clear, actionable message, and retries with backoff so that
// a server restart is ridden out instead of failing the operation in flight.
import { ChromaClient } from 'chromadb';
import { type ChromaConfig, ChromaConfigError, parseChromaUrl } from './config';

export type ChromaProblem =
  | 'unreachable' // connection refused, DNS, reset, timeout: the server is down or the URL is wrong
  | 'wrong-version' // not a Chroma 1.x server (API v2)
  | 'unauthorized' // 401: no token or a wrong one
  | 'forbidden' // 403: the token is valid but may not use this tenant / database
  | 'not-found' // tenant, database or collection missing
  | 'bad-config' // a setting that can never work (URL with a path...)
  | 'bad-request' // the server rejected what we sent (dimension mismatch...)
  | 'server-error' // 5xx
  | 'read-only'; // the collection belongs to another library

export class ChromaBackendError extends Error {
  constructor(
    readonly problem: ChromaProblem,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ChromaBackendError';
  }

  /** Worth retrying: the server may come back. */
  get transient(): boolean {
    return this.problem === 'unreachable' || this.problem === 'server-error';
  }
}

export type ChromaStatus = 'connected' | 'reconnecting' | 'down';

export interface ChromaProbe {
  url: string;
  version: string;
  tenant: string;
  database: string;
  maxBatchSize: number;
  latencyMs: number;
  /** True when the database did not exist and was created by this probe. */
  createdDatabase: boolean;
  warnings: string[];
}

/** Versions this client speaks to: the API v2 servers of Chroma 1.x. */
export const MIN_CHROMA_VERSION = '1.0.0';
const TESTED_MAJOR = 1;
const PROBE_TIMEOUT_MS = 5000;

export function authHeaders(token: string | undefined): Record<string, string> {
  // Chroma's own token auth reads either header; reverse proxies are usually set up for the Bearer one.
  return token ? { Authorization: `Bearer ${token}`, 'X-Chroma-Token': token } : {};
}

function versionParts(v: string): [number, number, number] | null {
  const m = /^v?(\d+)\.(\d+)\.(\d+)/.exec(v.trim());
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : null;
}

export function compareVersions(a: string, b: string): number {
  const pa = versionParts(a) ?? [0, 0, 0];
  const pb = versionParts(b) ?? [0, 0, 0];
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pa[i] - pb[i];
  return 0;
}

function networkReason(err: unknown): string {
  let e: unknown = err;
  for (let depth = 0; e && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') {
      if (code === 'ECONNREFUSED') return 'connection refused';
      if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'host name not found';
      if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') return 'connection reset';
      if (code === 'ETIMEDOUT' || code === 'UND_ERR_CONNECT_TIMEOUT') return 'timed out';
      return code;
    }
    if ((e as { name?: unknown }).name === 'TimeoutError') return 'timed out';
    e = (e as { cause?: unknown }).cause;
  }
  return 'no answer';
}

function unreachable(base: string, reason: string, cause?: unknown): ChromaBackendError {
  return new ChromaBackendError(
    'unreachable',
    `Cannot reach the Chroma server at ${base} (${reason}). Is it running? ` +
      'Start one with "npx chroma run --path <dir>" (see docs/scale-out.md), or check --chroma-url.',
    { cause },
  );
}

function unauthorized(base: string, hasToken: boolean): ChromaBackendError {
  return new ChromaBackendError(
    'unauthorized',
    hasToken
      ? `The Chroma server at ${base} rejected the token (401 Unauthorized). Check CHROMA_TOKEN or --chroma-token.`
      : `The Chroma server at ${base} requires a token (401 Unauthorized). Set CHROMA_TOKEN or pass --chroma-token.`,
  );
}

function forbidden(base: string, tenant: string, database: string): ChromaBackendError {
  return new ChromaBackendError(
    'forbidden',
    `The Chroma server at ${base} accepted the token but refuses access to tenant "${tenant}", database "${database}" (403 Forbidden).`,
  );
}

interface RawAnswer {
  status: number;
  body: unknown;
}

async function request(
  base: string,
  path: string,
  token: string | undefined,
  init: { method?: string; body?: unknown; timeoutMs?: number } = {},
): Promise<RawAnswer> {
  let res: Response;
  try {
    res = await fetch(`${base}${path}`, {
      method: init.method ?? 'GET',
      headers: { ...authHeaders(token), ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      signal: AbortSignal.timeout(init.timeoutMs ?? PROBE_TIMEOUT_MS),
    });
  } catch (err) {
    throw unreachable(base, networkReason(err), err);
  }
  const text = await res.text().catch(() => '');
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {}
  return { status: res.status, body };
}

function notChroma(base: string, detail: string): ChromaBackendError {
  return new ChromaBackendError(
    'wrong-version',
    `${base} does not answer like a Chroma server (${detail}). Lucarne needs Chroma ${MIN_CHROMA_VERSION} or newer (API v2).`,
  );
}

/**
 * Checks, in order: the server answers; it is Chroma ≥ 1.0 (API v2); the token is accepted; the tenant and
 * database exist (the database is created when `createDatabase` is set and the token allows it).
 * Throws a ChromaBackendError whose message says what to do.
 */
export async function probeChroma(
  config: ChromaConfig,
  opts: { createDatabase?: boolean; timeoutMs?: number } = {},
): Promise<ChromaProbe> {
  let endpoint: ReturnType<typeof parseChromaUrl>;
  try {
    endpoint = parseChromaUrl(config.url);
  } catch (err) {
    throw new ChromaBackendError('bad-config', (err as Error).message);
  }
  const { base } = endpoint;
  const token = config.token;
  const timeoutMs = opts.timeoutMs ?? PROBE_TIMEOUT_MS;
  const started = performance.now();
  const warnings: string[] = [];

  const beat = await request(base, '/api/v2/heartbeat', token, { timeoutMs });
  const latencyMs = Math.round(performance.now() - started);
  if (beat.status === 401) throw unauthorized(base, !!token);
  if (beat.status === 403) throw forbidden(base, config.tenant, config.database);
  if (beat.status === 404 || beat.status === 405 || beat.status === 410) {
    const v1 = await request(base, '/api/v1/heartbeat', token, { timeoutMs }).catch(() => null);
    if (v1 && v1.status === 200) {
      const old = await request(base, '/api/v1/version', token, { timeoutMs }).catch(() => null);
      const version = typeof old?.body === 'string' ? old.body : 'a 0.x version';
      throw new ChromaBackendError(
        'wrong-version',
        `The Chroma server at ${base} is version ${version}, which speaks the old API v1. ` +
          `Lucarne needs Chroma ${MIN_CHROMA_VERSION} or newer (API v2): upgrade the server.`,
      );
    }
    throw notChroma(base, `GET /api/v2/heartbeat → ${beat.status}`);
  }
  if (beat.status >= 500) {
    throw new ChromaBackendError(
      'server-error',
      `The Chroma server at ${base} answered ${beat.status} to a heartbeat.`,
    );
  }
  if (beat.status !== 200 || typeof beat.body !== 'object' || beat.body === null) {
    throw notChroma(base, `GET /api/v2/heartbeat → ${beat.status}`);
  }

  const ver = await request(base, '/api/v2/version', token, { timeoutMs });
  const version = typeof ver.body === 'string' ? ver.body : '';
  const parts = versionParts(version);
  if (ver.status !== 200 || !parts) throw notChroma(base, `GET /api/v2/version → ${ver.status}`);
  if (compareVersions(version, MIN_CHROMA_VERSION) < 0) {
    throw new ChromaBackendError(
      'wrong-version',
      `The Chroma server at ${base} is version ${version}; Lucarne needs ${MIN_CHROMA_VERSION} or newer.`,
    );
  }
  if (parts[0] > TESTED_MAJOR) {
    warnings.push(`Chroma ${version} is newer than the versions Lucarne was tested with (${TESTED_MAJOR}.x).`);
  }

  const tenantPath = `/api/v2/tenants/${encodeURIComponent(config.tenant)}`;
  const dbPath = `${tenantPath}/databases/${encodeURIComponent(config.database)}`;
  let createdDatabase = false;
  const db = await request(base, dbPath, token, { timeoutMs });
  if (db.status === 401) throw unauthorized(base, !!token);
  if (db.status === 403) throw forbidden(base, config.tenant, config.database);
  if (db.status === 404) {
    if (!opts.createDatabase) {
      throw new ChromaBackendError(
        'not-found',
        `The Chroma server at ${base} has no database "${config.database}" in tenant "${config.tenant}". ` +
          'Create it (or let "lucarne migrate" / "lucarne index --store chroma" create it).',
      );
    }
    const tenant = await request(base, tenantPath, token, { timeoutMs });
    if (tenant.status === 404) {
      const made = await request(base, '/api/v2/tenants', token, {
        method: 'POST',
        body: { name: config.tenant },
        timeoutMs,
      });
      if (made.status >= 300 && made.status !== 409) throw creationFailed(base, 'tenant', config.tenant, made);
    }
    const made = await request(base, `${tenantPath}/databases`, token, {
      method: 'POST',
      body: { name: config.database },
      timeoutMs,
    });
    if (made.status >= 300 && made.status !== 409) throw creationFailed(base, 'database', config.database, made);
    createdDatabase = true;
  } else if (db.status !== 200) {
    throw new ChromaBackendError('server-error', `The Chroma server at ${base} answered ${db.status} for ${dbPath}.`);
  }

  let maxBatchSize = 1000;
  const checks = await request(base, '/api/v2/pre-flight-checks', token, { timeoutMs }).catch(() => null);
  const max = (checks?.body as { max_batch_size?: unknown } | null)?.max_batch_size;
  if (typeof max === 'number' && max > 0) maxBatchSize = max;

  return {
    url: base,
    version,
    tenant: config.tenant,
    database: config.database,
    maxBatchSize,
    latencyMs,
    createdDatabase,
    warnings,
  };
}

function creationFailed(base: string, what: string, name: string, answer: RawAnswer): ChromaBackendError {
  if (answer.status === 401) return unauthorized(base, true);
  const detail = (answer.body as { message?: unknown } | null)?.message;
  return new ChromaBackendError(
    answer.status === 403 ? 'forbidden' : 'server-error',
    `Could not create the ${what} "${name}" on ${base} (${answer.status}${typeof detail === 'string' ? `: ${detail}` : ''}).`,
  );
}

/** The connection test behind the settings screen and `lucarne migrate`: never throws. */
export async function testChromaConnection(
  config: ChromaConfig,
  opts: { createDatabase?: boolean; timeoutMs?: number } = {},
): Promise<({ ok: true } & ChromaProbe) | { ok: false; problem: ChromaProblem; message: string }> {
  try {
    return { ok: true, ...(await probeChroma(config, opts)) };
  } catch (err) {
    const e = err instanceof ChromaBackendError ? err : toBackendError(err, config);
    return { ok: false, problem: e.problem, message: e.message };
  }
}

/** Maps an error thrown by the chromadb client (or by fetch) to a ChromaBackendError. */
export function toBackendError(
  err: unknown,
  config: Pick<ChromaConfig, 'url' | 'tenant' | 'database' | 'token'>,
): ChromaBackendError {
  if (err instanceof ChromaBackendError) return err;
  if (err instanceof ChromaConfigError) return new ChromaBackendError('bad-config', err.message, { cause: err });
  const base = safeBase(config.url);
  const name = (err as { name?: unknown })?.name;
  const message = err instanceof Error ? err.message : String(err);
  switch (name) {
    case 'ChromaConnectionError':
    case 'TimeoutError':
    case 'AbortError':
      return unreachable(base, networkReason(err) === 'no answer' ? 'no answer' : networkReason(err), err);
    case 'ChromaAuthError':
    case 'ChromaUnauthorizedError':
      return unauthorized(base, !!config.token);
    case 'ChromaForbiddenError':
      return forbidden(base, config.tenant, config.database);
    case 'ChromaNotFoundError':
      return new ChromaBackendError('not-found', `Not found on the Chroma server at ${base}: ${message}`, {
        cause: err,
      });
    case 'ChromaRateLimitError':
    case 'ChromaServerError':
      return new ChromaBackendError('server-error', `The Chroma server at ${base} failed: ${message}`, { cause: err });
    case 'ChromaClientError':
    case 'ChromaValueError':
    case 'InvalidArgumentError':
    case 'InvalidCollectionError':
    case 'ChromaUniqueError':
      return new ChromaBackendError('bad-request', `The Chroma server at ${base} refused the request: ${message}`, {
        cause: err,
      });
  }
  if (err instanceof TypeError && /fetch failed/i.test(message)) return unreachable(base, networkReason(err), err);
  return new ChromaBackendError('server-error', `Chroma (${base}): ${message}`, { cause: err });
}

function safeBase(url: string): string {
  try {
    return parseChromaUrl(url).base;
  } catch {
    return url;
  }
}

export interface RetryPolicy {
  /** Keep retrying a transient failure for this long before giving up (ms). */
  retryForMs: number;
  /** First wait between attempts; doubles up to maxDelayMs. */
  initialDelayMs: number;
  maxDelayMs: number;
  /** One request may take this long before it counts as a failure (ms). */
  timeoutMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  retryForMs: 10_000,
  initialDelayMs: 100,
  maxDelayMs: 2000,
  timeoutMs: 30_000,
};

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref?.());

function withTimeout<T>(promise: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * A checked connection to one Chroma server, tenant and database. Every operation goes through run(),
 * which retries transient failures with exponential backoff (so a restart of the server is invisible to
 * the caller when it lasts less than retryForMs) and reports the status to listeners.
 */
export class ChromaConnection {
  readonly client: ChromaClient;
  readonly base: string;
  private _status: ChromaStatus = 'connected';
  private readonly listeners = new Set<(s: ChromaStatus, error?: ChromaBackendError) => void>();

  private constructor(
    readonly config: ChromaConfig,
    readonly probe: ChromaProbe,
    readonly retry: RetryPolicy,
  ) {
    const endpoint = parseChromaUrl(config.url);
    this.base = endpoint.base;
    this.client = new ChromaClient({
      host: endpoint.host,
      port: endpoint.port,
      ssl: endpoint.ssl,
      tenant: config.tenant,
      database: config.database,
      headers: authHeaders(config.token),
    });
  }

  /** Probes the server (see probeChroma) and returns a connection, or throws a ChromaBackendError. */
  static async connect(
    config: ChromaConfig,
    opts: { createDatabase?: boolean; retry?: Partial<RetryPolicy> } = {},
  ): Promise<ChromaConnection> {
    const probe = await probeChroma(config, { createDatabase: opts.createDatabase ?? true });
    return new ChromaConnection(config, probe, { ...DEFAULT_RETRY, ...opts.retry });
  }

  get status(): ChromaStatus {
    return this._status;
  }

  /** Status changes: 'reconnecting' while retrying, 'down' after giving up, 'connected' again when it answers. */
  onStatus(listener: (s: ChromaStatus, error?: ChromaBackendError) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private setStatus(s: ChromaStatus, error?: ChromaBackendError): void {
    if (s === this._status) return;
    this._status = s;
    for (const l of this.listeners) l(s, error);
  }

  /**
   * Runs `op`, retrying transient failures (server down, reset, 5xx) with backoff for up to retryForMs
   * (override per call). Other failures are mapped to a ChromaBackendError and thrown at once.
   */
  async run<T>(what: string, op: (client: ChromaClient) => Promise<T>, opts: Partial<RetryPolicy> = {}): Promise<T> {
    const policy = { ...this.retry, ...opts };
    const deadline = Date.now() + policy.retryForMs;
    let delay = policy.initialDelayMs;
    for (;;) {
      try {
        const value = await withTimeout(op(this.client), policy.timeoutMs, () =>
          unreachable(this.base, `no answer within ${Math.round(policy.timeoutMs / 1000)} s to ${what}`),
        );
        this.setStatus('connected');
        return value;
      } catch (err) {
        const e = toBackendError(err, this.config);
        if (!e.transient) throw e;
        if (Date.now() + delay > deadline) {
          this.setStatus('down', e);
          const waited = policy.retryForMs >= 1000 ? `; retried for ${Math.round(policy.retryForMs / 1000)} s` : '';
          throw new ChromaBackendError(e.problem, `${e.message} (while trying to ${what}${waited})`, { cause: err });
        }
        this.setStatus('reconnecting', e);
        await sleep(delay);
        delay = Math.min(policy.maxDelayMs, delay * 2);
      }
    }
  }

  /** One quick heartbeat: true when the server answers now. */
  async ping(timeoutMs = 2000): Promise<boolean> {
    try {
      await this.run('check the server', (c) => c.heartbeat(), { retryForMs: 0, timeoutMs });
      return true;
    } catch {
      return false;
    }
  }
}
