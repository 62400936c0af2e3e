// Opening lucarne.db: pragmas, a quick integrity check, migrations, and a clear error when the file is
// damaged. A corrupt database is never deleted or repaired behind the user's back: it may hold
// conversations and settings that cannot be rebuilt from the folders.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { migrate } from './migrations';

export const DB_FILE_NAME = 'lucarne.db';

export class StoreCorruptError extends Error {
  readonly code = 'store-corrupt';
  constructor(
    readonly dbPath: string,
    readonly detail: string,
  ) {
    super(
      `The Lucarne database ${dbPath} is damaged (${detail}). ` +
        `Quit Lucarne, move that file (and any ${DB_FILE_NAME}-wal / ${DB_FILE_NAME}-shm next to it) out of the ` +
        'data folder, then start again: the index will be rebuilt from your folders. Your documents are not ' +
        'affected; conversations and settings kept in the damaged file are not carried over.',
    );
    this.name = 'StoreCorruptError';
  }
}

function isCorruptionError(err: unknown): err is Error & { code: string } {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB');
}

const CLOSED_CLEANLY = 'closed_cleanly';
const CHECKED_AT = 'integrity_checked_at';
/** A store closed cleanly skips the check at open for up to this long since the last one. */
const CHECK_EVERY_MS = 7 * 24 * 3600 * 1000;

function getMeta(db: Database.Database, key: string): string | null {
  try {
    return (db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(key) as string | undefined) ?? null;
  } catch (err) {
    if (isCorruptionError(err)) throw err;
    return null; // a new database: no meta table yet
  }
}

function setMeta(db: Database.Database, key: string, value: string): void {
  db.prepare('INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(
    key,
    value,
  );
}

/**
 * PRAGMA quick_check reads every page: 3.4 s for an 800 MB library here, most of the start-up time. A store
 * that was closed cleanly and checked within the week skips it; after a crash, a kill or a week, it runs.
 */
function needsIntegrityCheck(db: Database.Database): boolean {
  if (getMeta(db, CLOSED_CLEANLY) !== '1') return true;
  const checkedAt = Number(getMeta(db, CHECKED_AT));
  return !(checkedAt > 0 && Date.now() - checkedAt < CHECK_EVERY_MS && checkedAt <= Date.now());
}

/** Records a clean close (call it last, with no transaction open): the next open may skip the check. */
export function markClosedCleanly(db: Database.Database): void {
  setMeta(db, CLOSED_CLEANLY, '1');
}

/** Opens (creating if needed) `<dataDir>/lucarne.db`, checked and migrated. */
export function openDatabase(dataDir: string): Database.Database {
  mkdirSync(dataDir, { recursive: true });
  const dbPath = join(dataDir, DB_FILE_NAME);
  let db: Database.Database | null = null;
  try {
    db = new Database(dbPath);
    db.pragma('busy_timeout = 5000');
    db.pragma('journal_mode = WAL');
    // NORMAL in WAL mode: a committed transaction survives a process crash; only an OS crash or power
    // loss can drop the last few, and the database stays consistent either way.
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    // A 64 MB page cache (default 2 MB): random-key inserts into the FTS and embedding b-trees otherwise
    // miss the cache constantly once the database is a few hundred MB.
    db.pragma('cache_size = -65536');
    db.pragma('temp_store = MEMORY');
    const checked = needsIntegrityCheck(db);
    if (checked) {
      const problems = (db.pragma('quick_check') as { quick_check: string }[]).map((r) => r.quick_check);
      if (problems.length !== 1 || problems[0] !== 'ok') {
        throw new StoreCorruptError(dbPath, `quick_check: ${problems.slice(0, 3).join('; ')}`);
      }
    }
    migrate(db);
    setMeta(db, CLOSED_CLEANLY, '0');
    if (checked) setMeta(db, CHECKED_AT, String(Date.now()));
    return db;
  } catch (err) {
    db?.close();
    if (err instanceof StoreCorruptError) throw err;
    if (isCorruptionError(err)) throw new StoreCorruptError(dbPath, err.message);
    throw err;
  }
}

/** Prepared statements cached by SQL text, with typed row helpers. */
export class Sql {
  private readonly cache = new Map<string, Database.Statement>();
  constructor(readonly db: Database.Database) {}

  stmt(sql: string, pluck = false): Database.Statement {
    const key = pluck ? `pluck:${sql}` : sql;
    let stmt = this.cache.get(key);
    if (!stmt) {
      stmt = this.db.prepare(sql);
      if (pluck) stmt.pluck();
      this.cache.set(key, stmt);
    }
    return stmt;
  }

  all<R>(sql: string, ...params: unknown[]): R[] {
    return this.stmt(sql).all(...params) as R[];
  }

  get<R>(sql: string, ...params: unknown[]): R | undefined {
    return this.stmt(sql).get(...params) as R | undefined;
  }

  run(sql: string, ...params: unknown[]): Database.RunResult {
    return this.stmt(sql).run(...params);
  }

  /** The first column of every row. */
  column<V>(sql: string, ...params: unknown[]): V[] {
    return this.stmt(sql, true).all(...params) as V[];
  }

  /** The first column of the first row. */
  value<V>(sql: string, ...params: unknown[]): V | undefined {
    return this.stmt(sql, true).get(...params) as V | undefined;
  }
}
