// What the owner believes its collection holds, so that a flush sends only the difference with the catalog:
// the write queue records what the server acknowledged, reconcile.ts compares it with the catalog and
// repairs both the records and this belief.
export class ServerMirror {
  /** Chunk ids believed present on the server. */
  known = new Set<number>();
  /** The path each document's records carry (to notice renames). */
  pushedPath = new Map<number, string>();
  /** Documents whose chunk set changed since the last flush (their kept chunks' offsets may have moved). */
  touchedDocs = new Set<number>();
  /** Chunk ids written since the last flush, whose metadata is current. */
  freshIds = new Set<number>();
  /** The catalog's vector generation last recorded on the collection (-1: none). */
  recordedGeneration = -1;
}
