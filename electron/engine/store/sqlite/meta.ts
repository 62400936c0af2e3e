// The meta table: small records about the store itself, one text value per key (vector_generation, the clean
// close mark, the active embedding model...). Settings the user chooses live in the settings table instead.
import type { Sql } from '../open-database';

export class MetaTable {
  constructor(private readonly sql: Sql) {}

  get(key: string): string | null {
    return this.sql.value<string>('SELECT value FROM meta WHERE key = ?', key) ?? null;
  }

  /** `null` deletes the key. */
  set(key: string, value: string | null): void {
    if (value === null) {
      this.sql.run('DELETE FROM meta WHERE key = ?', key);
      return;
    }
    this.sql.run(
      'INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
      key,
      value,
    );
  }
}
