// The store's deep check, beyond the PRAGMA quick_check that opening may run (open-database.ts): it reads
// everything, so it is for tests, diagnostics and recovery, never for the normal start-up.
import type { Sql } from '../open-database';

/**
 * Full consistency check (slow on big databases; for tests, a "doctor" command, after a crash):
 * SQLite integrity_check, the FTS index against the chunks, orphans, chunk counts.
 */
export function verifyIntegrity(sql: Sql): string[] {
  const problems: string[] = [];
  const integrity = sql.column<string>('PRAGMA integrity_check');
  if (integrity.length !== 1 || integrity[0] !== 'ok')
    problems.push(`integrity_check: ${integrity.slice(0, 5).join('; ')}`);
  const fk = sql.all<{ table: string }>('PRAGMA foreign_key_check');
  if (fk.length)
    problems.push(`foreign_key_check: ${fk.length} violation(s) in ${[...new Set(fk.map((r) => r.table))].join(', ')}`);
  try {
    sql.db.exec(`INSERT INTO chunks_fts(chunks_fts, rank) VALUES ('integrity-check', 1)`);
  } catch (err) {
    problems.push(`fts integrity-check: ${(err as Error).message}`);
  }
  const ftsOrphans = sql.value<number>(
    'SELECT count(*) FROM chunks_fts_docsize WHERE id NOT IN (SELECT id FROM chunks)',
  );
  if (ftsOrphans) problems.push(`${ftsOrphans} FTS row(s) without a chunk`);
  const unindexed = sql.value<number>(
    'SELECT count(*) FROM chunks WHERE id NOT IN (SELECT id FROM chunks_fts_docsize)',
  );
  if (unindexed) problems.push(`${unindexed} chunk(s) missing from the FTS index`);
  const orphanChunks = sql.value<number>(
    'SELECT count(*) FROM chunks WHERE document_id NOT IN (SELECT id FROM documents)',
  );
  if (orphanChunks) problems.push(`${orphanChunks} chunk(s) without a document`);
  const badCounts = sql.value<number>(
    'SELECT count(*) FROM documents d WHERE chunk_count <> (SELECT count(*) FROM chunks c WHERE c.document_id = d.id)',
  );
  if (badCounts) problems.push(`${badCounts} document(s) with a wrong chunk_count`);
  return problems;
}
