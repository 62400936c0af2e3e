// Reading a FaissIndex's file back into a native index, with every check made before faiss sees a byte of
// it: a file for another model or dimension, a position map that cannot be right, or a payload that is not
// exactly the index the header describes is reported, never loaded (faiss-node turns some malformed inputs
// into a process abort instead of an exception).
import { FaissFileError, readFaissFile } from './file';
import { type IndexTypeChoice, ivfLists, ivfProbesFor, withIvfNprobe } from './index-type';
import faiss from './native';
import { checkFlatPayload, type NativeIndex } from './native-index';
import { TOMBSTONE } from './positions';

export interface LoadedIndex {
  index: NativeIndex;
  kind: IndexTypeChoice;
  /** position → chunk id, TOMBSTONE for a removed IVF entry. */
  positions: number[];
  /** Live vectors an IVF index was trained for (0 for a flat index). */
  trainedFor: number;
  /** The store's vector_generation the file reflects. */
  generation: number;
}

/** The index held in `file`, or what is wrong with the file ('missing', 'corrupt: …', …). */
export function loadIndexFile(file: string, model: string, dim: number): LoadedIndex | string {
  let contents: ReturnType<typeof readFaissFile>;
  try {
    contents = readFaissFile(file);
  } catch (err) {
    if (err instanceof FaissFileError) return err.problem === 'missing' ? 'missing' : `${err.problem}: ${err.message}`;
    return `unreadable: ${(err as Error).message}`;
  }
  const { header, positions, payload } = contents;
  if (header.model !== model) return `corrupt: file is for model ${header.model}`;
  if (header.dim !== dim) return `dimension changed (${header.dim} → ${dim})`;
  const lists = ivfLists(header.descriptor);
  if (header.descriptor !== 'Flat' && lists === null) return `unsupported index type ${header.descriptor}`;
  const live = positions.filter((id) => id !== TOMBSTONE);
  if (
    new Set(live).size !== live.length ||
    !live.every((id) => Number.isSafeInteger(id) && id >= 0) ||
    (lists === null && live.length !== positions.length)
  ) {
    return 'corrupt: position map';
  }
  let native: NativeIndex;
  let kind: IndexTypeChoice = { descriptor: 'Flat' };
  try {
    if (lists === null) {
      native = faiss.Index.fromBuffer(checkFlatPayload(payload, dim, header.count));
    } else {
      const nprobe = ivfProbesFor(lists);
      native = faiss.Index.fromBuffer(withIvfNprobe(payload, nprobe));
      kind = { descriptor: header.descriptor as `IVF${number},Flat`, nprobe };
    }
  } catch (err) {
    return `corrupt: ${(err as Error).message}`;
  }
  if (native.ntotal() !== header.count || native.getDimension() !== dim) return 'corrupt: index size';
  return {
    index: native,
    kind,
    positions,
    trainedFor: lists === null ? 0 : live.length,
    generation: header.generation,
  };
}
