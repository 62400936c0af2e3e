import { describe, expect, it } from 'vitest';
import { type ReembedStatus, reembedActive } from './useReembed';

const status = (state: ReembedStatus['state']): ReembedStatus => ({
  targetId: 'local:e5',
  activeId: 'offline',
  done: 3,
  total: 10,
  etaSeconds: 12,
  rate: 4.5,
  state,
});

describe('reembedActive', () => {
  it('is true while the vectors are recomputed or the index is being switched, false otherwise', () => {
    expect(reembedActive(status('running'))).toBe(true);
    expect(reembedActive(status('switching'))).toBe(true);
    for (const s of ['done', 'failed', 'cancelled'] as const) expect(reembedActive(status(s)), s).toBe(false);
    expect(reembedActive(null)).toBe(false);
  });
});
