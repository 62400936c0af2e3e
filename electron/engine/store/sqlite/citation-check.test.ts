// Migration 3: an answer's citation check is kept with the message. A database written before it opens with
// its answers intact (no check recorded: null), and new answers keep theirs.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, migrate } from '../migrations';
import { DB_FILE_NAME } from '../open-database';
import { SqliteStore } from './index';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('citation check (migration 3)', () => {
  it('upgrades a version-2 database: old answers have no check, new ones keep theirs', () => {
    dir = mkdtempSync(join(tmpdir(), 'lucarne-cc-'));
    const db = new Database(join(dir, DB_FILE_NAME));
    migrate(
      db,
      MIGRATIONS.filter((m) => m.version <= 2),
    );
    expect(db.pragma('user_version', { simple: true })).toBe(2);
    db.prepare(`INSERT INTO conversations(title, created_at, updated_at) VALUES ('old', 'now', 'now')`).run();
    db.prepare(
      `INSERT INTO messages(conversation_id, role, text, created_at) VALUES (1, 'assistant', 'An old answer [1].', 'now')`,
    ).run();
    db.close();

    const store = SqliteStore.open(dir);
    try {
      const [old] = store.conversations.listMessages(1);
      expect(old).toMatchObject({ text: 'An old answer [1].', citationCheck: null });
      const id = store.conversations.addMessage({ conversationId: 1, role: 'assistant', status: 'streaming' });
      store.conversations.updateMessage(id, {
        text: 'No source here.',
        citationCheck: { invalid: [7], uncited: true },
      });
      expect(store.conversations.getMessage(id)?.citationCheck).toEqual({ invalid: [7], uncited: true });
    } finally {
      store.close();
    }
  });
});
