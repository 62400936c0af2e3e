// Checks what a server returned as embeddings before anything is stored: the right number of vectors, all of
// one size, every component a finite number; then L2-normalises them. A bad answer becomes a clear error
// instead of a corrupt vector index.
import { l2Normalise } from '../../embed/normalise';

/**
 * `rows` must be an array of `count` numeric arrays of equal length (`dim` when given). `fail(detail)` makes
 * the error to throw; it says which check failed.
 */
export function checkVectors(
  rows: unknown,
  count: number,
  dim: number | undefined,
  fail: (detail: string) => Error,
): Float32Array[] {
  if (!Array.isArray(rows)) throw fail('no embeddings in the answer');
  if (rows.length !== count) throw fail(`${rows.length} embeddings for ${count} texts`);
  const expected = dim ?? (Array.isArray(rows[0]) ? rows[0].length : 0);
  return rows.map((row: unknown, i) => {
    if (!Array.isArray(row)) throw fail(`embedding ${i} is not a list of numbers`);
    if (row.length === 0) throw fail(`embedding ${i} is empty`);
    if (row.length !== expected)
      throw fail(
        dim === undefined
          ? `embeddings of different sizes (${expected} and ${row.length})`
          : `an embedding of ${row.length} dimensions where the model gave ${dim} before; was the model changed?`,
      );
    for (const x of row)
      if (typeof x !== 'number' || !Number.isFinite(x)) throw fail(`embedding ${i} contains ${JSON.stringify(x)}`);
    return l2Normalise(row as number[]);
  });
}
