import { describe, expect, it } from 'vitest';
import { asReembedStatus, reembedActive } from './useReembed';

describe('asReembedStatus', () => {
  it('takes a well-formed status, with a missing or non-finite ETA as unknown', () => {
    const s = asReembedStatus({
      targetId: 'local:e5',
      done: 3,
      total: 10,
      etaSeconds: 12,
      rate: 4.5,
      state: 'running',
    });
    expect(s).toEqual({ targetId: 'local:e5', done: 3, total: 10, etaSeconds: 12, rate: 4.5, state: 'running' });
    expect(reembedActive(s)).toBe(true);
    const f = asReembedStatus({ done: 3, total: 10, etaSeconds: Number.NaN, state: 'failed', error: 'disk full' });
    expect(f).toMatchObject({ targetId: '', etaSeconds: null, rate: 0, state: 'failed', error: 'disk full' });
    expect(reembedActive(f)).toBe(false);
  });

  it('refuses what is not a status (an unknown state, missing counts, nothing)', () => {
    expect(asReembedStatus({ done: 1, total: 2, state: 'paused' })).toBeNull();
    expect(asReembedStatus({ state: 'running', done: '1', total: 2 })).toBeNull();
    expect(asReembedStatus(null)).toBeNull();
    expect(asReembedStatus('running')).toBeNull();
    expect(reembedActive(null)).toBe(false);
  });
});
