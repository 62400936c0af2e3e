// Versioned schema of lucarne.db. PRAGMA user_version holds the number of migrations applied; each
// migration runs in its own transaction together with the user_version bump, so a crash mid-migration
// leaves the previous version intact. Append new migrations; never edit a released one.
import type Database from 'better-sqlite3';
import { fillDocFields } from './sqlite/doc-fields';

export interface Migration {
  version: number;
  description: string;
  up(db: Database.Database): void;
}

import { FTS_TOKENIZER } from './fts-tokenizer';

/** The FTS5 tokenizer: porter stemming (the lever that matters for BM25 quality) over unicode61 with diacritics folded. */
export { FTS_TOKENIZER };

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    description: 'initial schema',
    up(db) {
      db.exec(`
        CREATE TABLE folders (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          path TEXT NOT NULL UNIQUE,
          include_json TEXT NOT NULL DEFAULT '[]',
          exclude_json TEXT NOT NULL DEFAULT '[]',
          added_at TEXT NOT NULL
        );

        CREATE TABLE documents (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          folder_id INTEGER NOT NULL REFERENCES folders(id) ON DELETE CASCADE,
          path TEXT NOT NULL UNIQUE,
          rel_path TEXT NOT NULL,
          kind TEXT,
          size INTEGER NOT NULL,
          mtime_ms REAL NOT NULL,
          sha256 TEXT,
          status TEXT NOT NULL DEFAULT 'queued',
          message TEXT,
          flags_json TEXT NOT NULL DEFAULT '[]',
          pages INTEGER,
          -- The password the user typed for this one encrypted file, in plain text: the database is local
          -- to the user's profile, and the password only unlocks a file the user can already read.
          password TEXT,
          title TEXT,
          chunk_count INTEGER NOT NULL DEFAULT 0,
          indexed_at TEXT,
          updated_at TEXT NOT NULL
        );
        CREATE INDEX documents_folder_rel ON documents(folder_id, rel_path);
        CREATE INDEX documents_rel ON documents(rel_path);
        CREATE INDEX documents_status ON documents(status);

        CREATE TABLE document_text (
          document_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
          text TEXT NOT NULL,
          pages_json TEXT NOT NULL DEFAULT '[]'
        );

        -- AUTOINCREMENT: a chunk id is never reused, so a stale FAISS position can never point at a new chunk.
        -- title and heading are denormalised text columns because the FTS5 external-content table reads
        -- its columns from here by name (and its delete triggers need the exact old values).
        CREATE TABLE chunks (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
          ordinal INTEGER NOT NULL,
          text TEXT NOT NULL,
          heading_json TEXT NOT NULL DEFAULT '[]',
          heading TEXT NOT NULL DEFAULT '',
          title TEXT NOT NULL DEFAULT '',
          page_start INTEGER,
          page_end INTEGER,
          page_label TEXT,
          char_start INTEGER NOT NULL,
          char_end INTEGER NOT NULL,
          tokens INTEGER NOT NULL,
          sha256 TEXT NOT NULL
        );
        CREATE INDEX chunks_document ON chunks(document_id, ordinal);
        CREATE INDEX chunks_sha256 ON chunks(sha256);

        CREATE VIRTUAL TABLE chunks_fts USING fts5(
          title, heading, text,
          content = 'chunks', content_rowid = 'id',
          tokenize = '${FTS_TOKENIZER}'
        );
        -- Triggers (not application code) keep the index in sync, so FK cascades are covered too.
        CREATE TRIGGER chunks_fts_insert AFTER INSERT ON chunks BEGIN
          INSERT INTO chunks_fts(rowid, title, heading, text) VALUES (new.id, new.title, new.heading, new.text);
        END;
        CREATE TRIGGER chunks_fts_delete AFTER DELETE ON chunks BEGIN
          INSERT INTO chunks_fts(chunks_fts, rowid, title, heading, text)
            VALUES ('delete', old.id, old.title, old.heading, old.text);
        END;
        -- UPDATE OF fires whenever a column is named in SET; the WHEN clause skips rows whose indexed text is
        -- unchanged (re-indexing an unchanged file rewrites offsets only).
        CREATE TRIGGER chunks_fts_update AFTER UPDATE OF title, heading, text ON chunks
        WHEN old.title IS NOT new.title OR old.heading IS NOT new.heading OR old.text IS NOT new.text BEGIN
          INSERT INTO chunks_fts(chunks_fts, rowid, title, heading, text)
            VALUES ('delete', old.id, old.title, old.heading, old.text);
          INSERT INTO chunks_fts(rowid, title, heading, text) VALUES (new.id, new.title, new.heading, new.text);
        END;

        -- Vectors in a rowid table with a separate unique key index: "which chunks have a vector" then walks two
        -- compact indexes (chunks(sha256), embeddings(sha256, model)) without touching the blobs.
        -- No index on model alone: with one, SQLite's planner starts vector joins from the model's rows
        -- and sorts, instead of walking chunks with key lookups (measured 10x slower).
        CREATE TABLE embeddings (
          id INTEGER PRIMARY KEY,
          sha256 TEXT NOT NULL,
          model TEXT NOT NULL,
          dim INTEGER NOT NULL CHECK (dim > 0),
          vector BLOB NOT NULL CHECK (length(vector) = dim * 4),
          UNIQUE (sha256, model)
        );
        -- The dimension of each model's vectors.
        CREATE TABLE embedding_models (model TEXT PRIMARY KEY, dim INTEGER NOT NULL) WITHOUT ROWID;

        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
        INSERT INTO meta(key, value) VALUES ('vector_generation', '0');

        CREATE TABLE jobs (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          kind TEXT NOT NULL CHECK (kind IN ('index', 'remove', 'rename')),
          folder_id INTEGER NOT NULL REFERENCES folders(id) ON DELETE CASCADE,
          path TEXT NOT NULL,
          new_path TEXT,
          state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'running')),
          attempts INTEGER NOT NULL DEFAULT 0,
          created_at TEXT NOT NULL,
          last_error TEXT,
          seq INTEGER NOT NULL -- queue order; a retried job moves to the back
        );
        CREATE UNIQUE INDEX jobs_pending_dedupe ON jobs(path, kind) WHERE state = 'pending';
        CREATE INDEX jobs_state_seq ON jobs(state, seq);

        CREATE TABLE settings (key TEXT PRIMARY KEY, value_json TEXT NOT NULL) WITHOUT ROWID;

        CREATE TABLE conversations (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          title TEXT NOT NULL,
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL
        );
        CREATE TABLE messages (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
          role TEXT NOT NULL CHECK (role IN ('user', 'assistant')),
          text TEXT NOT NULL DEFAULT '',
          created_at TEXT NOT NULL,
          citations_json TEXT NOT NULL DEFAULT '[]',
          hits_json TEXT NOT NULL DEFAULT '[]',
          report_json TEXT,
          provider TEXT,
          status TEXT NOT NULL DEFAULT 'done' CHECK (status IN ('streaming', 'done', 'stopped', 'error')),
          error TEXT
        );
        CREATE INDEX messages_conversation ON messages(conversation_id, id);
      `);
    },
  },
  {
    version: 2,
    description: 'crash marks: deaths of the process held against the file being worked on',
    up(db) {
      // Keyed by path, not job: a job row is replaced when it is re-queued, the file's record must survive.
      // armed: the point of the file's work the process is at now (NULL: not working on it), armed_boot: in
      // which boot of the machine. deaths: how many times in a row the process died at death_point.
      // Jobs' `attempts` now counts handled failures only (it counted claims): a claim left running by an
      // older version is not a failure, so the count starts over.
      db.exec(`
        CREATE TABLE crash_marks (
          path TEXT PRIMARY KEY,
          armed TEXT,
          armed_boot TEXT,
          deaths INTEGER NOT NULL DEFAULT 0,
          death_point TEXT
        ) WITHOUT ROWID;
        UPDATE jobs SET attempts = 0;
      `);
      // A document whose chunks belong to a version that never finished indexing: 0 while replaceChunks'
      // rows wait for their vectors and status, 1 once the document has a final status.
      db.exec('ALTER TABLE documents ADD COLUMN chunks_complete INTEGER NOT NULL DEFAULT 1');
    },
  },
  {
    version: 3,
    description: "answers' citation check: numbers that match no passage, or no citation at all",
    up(db) {
      // NULL for answers written before the check existed (and for user messages).
      db.exec('ALTER TABLE messages ADD COLUMN citation_check_json TEXT');
    },
  },
  {
    version: 4,
    description: 'document fields: name, folders, title, metadata, first words and periods, searched per document',
    up(db) {
      // One row per document (rowid = documents.id), its own content: the fields are derived text (periods,
      // the card) that no other table holds. Written by store/sqlite/doc-fields.ts; the trigger removes
      // the row with its document, also when a folder's removal cascades.
      db.exec(`
        CREATE VIRTUAL TABLE doc_fields_fts USING fts5(
          name, folders, title, meta, dates, card, card_periods, periods,
          tokenize = '${FTS_TOKENIZER}'
        );
        CREATE TRIGGER documents_doc_fields_delete AFTER DELETE ON documents BEGIN
          DELETE FROM doc_fields_fts WHERE rowid = old.id;
        END;
      `);
      fillDocFields(db);
    },
  },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;

export class StoreVersionError extends Error {
  constructor(
    readonly found: number,
    readonly supported: number,
  ) {
    super(
      `This Lucarne database has schema version ${found}, newer than this version of Lucarne understands (${supported}). ` +
        'Update Lucarne, or point it at another data folder.',
    );
    this.name = 'StoreVersionError';
  }
}

/** Applies the migrations the database has not seen yet; returns the versions applied. */
export function migrate(db: Database.Database, migrations: Migration[] = MIGRATIONS): number[] {
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = migrations.length ? migrations[migrations.length - 1].version : 0;
  if (current > latest) throw new StoreVersionError(current, latest);
  const applied: number[] = [];
  for (const m of migrations) {
    if (m.version <= current) continue;
    db.transaction(() => {
      m.up(db);
      // user_version lives in the database header, written inside this transaction.
      db.pragma(`user_version = ${m.version}`);
    })();
    applied.push(m.version);
  }
  return applied;
}
