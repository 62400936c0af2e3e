// The re-embed's progress: the rate over a moving window (not the average since the start), the ETA it gives,
// a total that grows with the chunks indexed meanwhile, done = total at the end, and throttled reports whose
// last numbers still go out.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ReembedProgress, type ReembedStatus } from './reembed-progress';

describe('ReembedProgress', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('rates the recent speed, estimates the time left, and ends with done = total', () => {
    let now = 1_000_000;
    const sent: ReembedStatus[] = [];
    const p = new ReembedProgress(
      { targetId: 'b', activeId: 'a' },
      1000,
      (s) => sent.push(s),
      () => now,
    );
    expect(sent).toEqual([
      { targetId: 'b', activeId: 'a', done: 0, total: 1000, etaSeconds: null, rate: 0, state: 'running' },
    ]);
    // Slow at first: 10 chunks a second for 30 s (done 300, 700 left)...
    for (let i = 1; i <= 30; i++) {
      now += 1000;
      p.advance(10, 1000 - 10 * i);
    }
    // ...then 30 a second for 25 s while 300 more chunks are indexed: once the window has moved past the slow
    // part, the rate is the recent one.
    for (let i = 1; i <= 25; i++) {
      now += 1000;
      p.advance(30, 700 + 12 * i - 30 * i);
    }
    const s = p.snapshot();
    expect(s.done).toBe(300 + 750);
    expect(s.rate).toBeCloseTo(30, 6);
    // The total grew to done + what is still missing.
    const left = 700 + 300 - 750;
    expect(s.total).toBe(s.done + left);
    expect(s.etaSeconds).toBeCloseTo(left / 30, 6);
    p.setState('switching');
    p.setState('done');
    expect(sent.at(-1)).toMatchObject({ state: 'done', done: s.done, total: s.done, etaSeconds: null, rate: 0 });
  });

  it('throttles the reports but always sends the last numbers, and a state change at once', () => {
    vi.useFakeTimers();
    const sent: ReembedStatus[] = [];
    const p = new ReembedProgress({ targetId: 'b', activeId: 'a' }, 100, (s) => sent.push(s));
    for (let i = 1; i <= 5; i++) p.advance(1, 100 - i);
    expect(sent).toHaveLength(1);
    vi.advanceTimersByTime(300);
    expect(sent).toHaveLength(2);
    expect(sent[1]).toMatchObject({ done: 5, total: 100 });
    p.setState('failed', 'the server is down');
    expect(sent).toHaveLength(3);
    expect(sent[2]).toMatchObject({ state: 'failed', error: 'the server is down', etaSeconds: null });
    vi.advanceTimersByTime(1000);
    expect(sent).toHaveLength(3);
  });
});
