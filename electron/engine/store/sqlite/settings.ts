// The settings table: one JSON value per key. It holds the user's settings and the small records other
// parts keep (the OCR settings last applied, the library's id on a Chroma server).
import type { Sql } from '../open-database';

export class SettingsTable {
  constructor(private readonly sql: Sql) {}

  get<T>(key: string): T | undefined {
    const raw = this.sql.value<string>('SELECT value_json FROM settings WHERE key = ?', key);
    return raw === undefined ? undefined : (JSON.parse(raw) as T);
  }

  /** `undefined` deletes the key. */
  set(key: string, value: unknown): void {
    if (value === undefined) {
      this.sql.run('DELETE FROM settings WHERE key = ?', key);
      return;
    }
    this.sql.run(
      'INSERT INTO settings(key, value_json) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value_json = excluded.value_json',
      key,
      JSON.stringify(value),
    );
  }
}
