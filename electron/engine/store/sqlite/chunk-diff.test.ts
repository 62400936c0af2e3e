import { describe, expect, it } from 'vitest';
import { matchChunks } from './chunk-diff';

const rows = (...shas: string[]) => shas.map((sha256, i) => ({ id: 100 + i, sha256, ordinal: i }));
const drafts = (...shas: string[]) => shas.map((sha256, ordinal) => ({ sha256, ordinal }));

describe('matchChunks', () => {
  it('keeps rows by hash, adds the rest, removes the unclaimed', () => {
    const m = matchChunks(rows('a', 'b', 'c'), drafts('c', 'x', 'a'));
    expect([...m.kept]).toEqual([
      [0, 102],
      [2, 100],
    ]);
    expect(m.added).toEqual([1]);
    expect(m.removedIds).toEqual([101]);
  });

  it('matches repeated hashes as a multiset, in ordinal order', () => {
    const m = matchChunks(rows('s', 'x', 's'), drafts('s', 's', 's'));
    expect([...m.kept]).toEqual([
      [0, 100],
      [1, 102],
    ]);
    expect(m.added).toEqual([2]);
    expect(m.removedIds).toEqual([101]);
  });

  it('handles empty sides', () => {
    expect(matchChunks([], drafts('a'))).toEqual({ kept: new Map(), added: [0], removedIds: [] });
    expect(matchChunks(rows('a', 'b'), [])).toEqual({ kept: new Map(), added: [], removedIds: [100, 101] });
  });
});
