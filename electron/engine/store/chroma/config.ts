// Where the Chroma backend lives and how to reach it: the connection settings (from the saved settings,
// the CLI flags and the environment), the server URL, and the collection name for an embedding model.
// The auth token is a secret: it comes from a flag or the environment only, never from the settings file.
import { createHash } from 'node:crypto';

export type StoreBackend = 'embedded' | 'chroma';

export interface ChromaConfig {
  /** Base URL of the Chroma server, e.g. http://127.0.0.1:8000 or https://chroma.example.org */
  url: string;
  tenant: string;
  database: string;
  /** Collections of this library are named `<prefix>-<model>-<dim>-<hash>`. */
  collectionPrefix: string;
  /** Sent as `Authorization: Bearer` and `X-Chroma-Token`; never stored, never logged. */
  token?: string;
}

export const DEFAULT_CHROMA_CONFIG: Omit<ChromaConfig, 'token'> = {
  url: 'http://127.0.0.1:8000',
  tenant: 'default_tenant',
  database: 'default_database',
  collectionPrefix: 'lucarne',
};

export class ChromaConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ChromaConfigError';
  }
}

export interface ChromaEndpoint {
  host: string;
  port: number;
  ssl: boolean;
  /** Normalised base URL without a trailing slash, for messages and raw requests. */
  base: string;
}

/**
 * Splits a server URL into what the chromadb client takes (host, port, ssl). The client builds
 * `scheme://host:port/api/v2/...` itself, so a path prefix cannot be honoured: say so instead of failing later.
 */
export function parseChromaUrl(url: string): ChromaEndpoint {
  const raw = url.trim();
  let parsed: URL;
  try {
    parsed = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `http://${raw}`);
  } catch {
    throw new ChromaConfigError(`"${url}" is not a valid Chroma server URL (expected e.g. http://127.0.0.1:8000).`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new ChromaConfigError(`The Chroma server URL must start with http:// or https:// (got ${parsed.protocol}).`);
  }
  if (parsed.pathname !== '/' && parsed.pathname !== '') {
    throw new ChromaConfigError(
      `The Chroma server URL cannot have a path (${parsed.pathname}): the client always calls /api/v2 at the root. ` +
        'Serve Chroma at the root of its own host name or port.',
    );
  }
  if (parsed.username || parsed.password) {
    throw new ChromaConfigError('Put the Chroma token in CHROMA_TOKEN or --chroma-token, not in the URL.');
  }
  const ssl = parsed.protocol === 'https:';
  const port = parsed.port ? Number(parsed.port) : ssl ? 443 : 80;
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  const hostForUrl = host.includes(':') ? `[${host}]` : host;
  return { host, port, ssl, base: `${parsed.protocol}//${hostForUrl}:${port}` };
}

const NAME_CHARS = /[^A-Za-z0-9._-]+/g;

/** Keeps what Chroma accepts in a collection name: letters, digits, '.', '_' and '-'. */
export function normalizePrefix(prefix: string): string {
  const cleaned = prefix
    .trim()
    .replace(NAME_CHARS, '-')
    .replace(/\.{2,}/g, '.');
  return cleaned.replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '');
}

/**
 * The collection holding one library's vectors for one embedding model. Chroma names: 3–512 characters of
 * [A-Za-z0-9._-], starting and ending with a letter or digit, no "..". The hash keeps two model ids that
 * read the same once cleaned (e.g. "a:b" and "a/b") in separate collections.
 */
export function collectionNameFor(prefix: string, model: string, dim: number): string {
  const p = normalizePrefix(prefix);
  const readable = model
    .replace(NAME_CHARS, '-')
    .replace(/\.{2,}/g, '.')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  const hash = createHash('sha256').update(model).digest('hex').slice(0, 8);
  const parts = [p, readable, String(dim), hash].filter((s) => s !== '');
  return parts.join('-').replace(/-{2,}/g, '-');
}

export interface StoreChoice {
  backend: StoreBackend;
  chroma: ChromaConfig;
}

type Flags = Record<string, string | boolean | undefined>;

function flag(flags: Flags, name: string): string | undefined {
  const v = flags[name];
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

/**
 * The backend and Chroma settings for a run: CLI flags win over the saved settings, which win over the
 * defaults. `--chroma-url` alone implies `--store chroma`. The token comes from `--chroma-token` or
 * CHROMA_TOKEN only.
 */
export function resolveStoreChoice(
  flags: Flags,
  saved: { store?: StoreBackend; chroma?: Partial<Omit<ChromaConfig, 'token'>> } = {},
  env: NodeJS.ProcessEnv = process.env,
): StoreChoice {
  const storeFlag = flag(flags, 'store');
  if (storeFlag !== undefined && storeFlag !== 'embedded' && storeFlag !== 'chroma') {
    throw new ChromaConfigError(`--store must be "embedded" or "chroma" (got "${storeFlag}").`);
  }
  const urlFlag = flag(flags, 'chroma-url');
  const backend: StoreBackend =
    (storeFlag as StoreBackend | undefined) ?? (urlFlag ? 'chroma' : (saved.store ?? 'embedded'));
  const base = { ...DEFAULT_CHROMA_CONFIG, ...definedOnly(saved.chroma ?? {}) };
  const token = flag(flags, 'chroma-token') ?? (env.CHROMA_TOKEN?.trim() || undefined);
  const chroma: ChromaConfig = {
    url: urlFlag ?? base.url,
    tenant: flag(flags, 'chroma-tenant') ?? base.tenant,
    database: flag(flags, 'chroma-database') ?? base.database,
    collectionPrefix: flag(flags, 'chroma-prefix') ?? base.collectionPrefix,
    ...(token ? { token } : {}),
  };
  if (backend === 'chroma') parseChromaUrl(chroma.url);
  return { backend, chroma };
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== '')) as Partial<T>;
}

/** The config as it may be shown or saved: everything but the token. */
export function publicChromaConfig(c: ChromaConfig): Omit<ChromaConfig, 'token'> & { token: 'set' | 'none' } {
  return {
    url: c.url,
    tenant: c.tenant,
    database: c.database,
    collectionPrefix: c.collectionPrefix,
    token: c.token ? 'set' : 'none',
  };
}
