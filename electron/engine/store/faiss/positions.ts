// The position → chunk id map of a FaissIndex, and its inverse. faiss-node numbers vectors by position and
// IDMap is unusable, so the chunk ids are kept here; removeIds on a flat index renumbers the positions
// after the removed ones (see without()), and a vector removed from an IVF index stays in place as a
// tombstone until a rebuild compacts it.

/** Position of a removed vector in an IVF index (see FaissIndex). */
export const TOMBSTONE = -1;

export class PositionMap {
  private readonly ids: number[];
  private readonly positionOf = new Map<number, number>();
  private dead = 0;

  /** `ids`: position → chunk id, TOMBSTONE for a removed entry (taken over, not copied). */
  constructor(ids: number[] = []) {
    this.ids = ids;
    ids.forEach((id, pos) => {
      if (id === TOMBSTONE) this.dead++;
      else this.positionOf.set(id, pos);
    });
  }

  /** Every position, tombstones included: the native index holds this many vectors. */
  get length(): number {
    return this.ids.length;
  }

  get tombstones(): number {
    return this.dead;
  }

  /** Positions that hold a chunk's vector. */
  get live(): number {
    return this.ids.length - this.dead;
  }

  has(chunkId: number): boolean {
    return this.positionOf.has(chunkId);
  }

  positionOfChunk(chunkId: number): number | undefined {
    return this.positionOf.get(chunkId);
  }

  /** The chunk at `position`, undefined for a tombstone or a position out of range. */
  chunkAt(position: number): number | undefined {
    const id = this.ids[position];
    return id === TOMBSTONE ? undefined : id;
  }

  /** Records the next position (the vector just added to the native index). */
  push(chunkId: number): void {
    this.positionOf.set(chunkId, this.ids.length);
    this.ids.push(chunkId);
  }

  /** Marks a position as removed, keeping the positions after it (IVF). */
  tombstone(position: number): void {
    this.positionOf.delete(this.ids[position]);
    this.ids[position] = TOMBSTONE;
    this.dead++;
  }

  /** The map once `positions` are gone and the later ones shifted down, as removeIds does to a flat index. */
  without(positions: Set<number>): PositionMap {
    return new PositionMap(this.ids.filter((_, pos) => !positions.has(pos)));
  }

  /** The chunk ids in position order, tombstones left out. */
  liveIds(): number[] {
    return this.ids.filter((id) => id !== TOMBSTONE);
  }

  /** The map as the index file stores it, tombstones included. */
  all(): number[] {
    return this.ids;
  }
}
