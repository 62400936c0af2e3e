// Which stored chunk rows survive a re-chunking: a row is kept when a new draft has the same text hash,
// so its id (and thus its vector and FAISS position) stays. Hashes are matched as a multiset: a paragraph
// that appears twice keeps two rows, and a third copy is a new row.

export interface ExistingChunkRef {
  id: number;
  sha256: string;
  ordinal: number;
}

export interface ChunkMatch {
  /** draft index → existing row id, for drafts whose hash matched a row. */
  kept: Map<number, number>;
  /** indexes of drafts that need a new row. */
  added: number[];
  /** existing row ids no draft claimed. */
  removedIds: number[];
}

export function matchChunks(existing: ExistingChunkRef[], drafts: { sha256: string; ordinal: number }[]): ChunkMatch {
  // Per hash, the available rows in ordinal order, so repeated passages keep their relative order.
  const pool = new Map<string, ExistingChunkRef[]>();
  for (const row of [...existing].sort((a, b) => a.ordinal - b.ordinal || a.id - b.id)) {
    const list = pool.get(row.sha256);
    if (list) list.push(row);
    else pool.set(row.sha256, [row]);
  }
  const kept = new Map<number, number>();
  const added: number[] = [];
  drafts.forEach((draft, index) => {
    const row = pool.get(draft.sha256)?.shift();
    if (row) kept.set(index, row.id);
    else added.push(index);
  });
  const removedIds: number[] = [];
  for (const rows of pool.values()) for (const row of rows) removedIds.push(row.id);
  removedIds.sort((a, b) => a - b);
  return { kept, added, removedIds };
}
