import { describe, expect, it } from 'vitest';
import type { IndexProgress } from '../../../shared/types';
import { eventually } from './test-support/helpers';
import { ProgressTracker } from './progress';

describe('ProgressTracker', () => {
  it('counts files and chunks, and estimates from the recent rate', () => {
    let t = 0;
    let pending = 10;
    const p = new ProgressTracker({ pending: () => pending, now: () => t });
    p.setState('indexing');
    for (let i = 0; i < 4; i++) {
      p.startFile(`/f/${i}.md`);
      t += 500;
      p.addChunks(10);
      p.finishFile();
      pending--;
    }
    const s = p.snapshot();
    expect(s.filesDone).toBe(4);
    expect(s.filesTotal).toBe(4 + pending);
    expect(s.chunksDone).toBe(40);
    expect(s.chunksPerSecond).toBeCloseTo(20, 5); // 40 chunks in 2 s
    expect(s.etaSeconds).toBe(3); // 6 files left at 2 files/s
    p.setState('idle');
    expect(p.snapshot()).toMatchObject({ state: 'idle', filesDone: 0, filesTotal: 0, etaSeconds: null });
  });

  it('throttles events but always delivers the last state', async () => {
    const seen: IndexProgress[] = [];
    const p = new ProgressTracker({ pending: () => 0, emit: (e) => seen.push(e), intervalMs: 50 });
    p.setState('indexing');
    for (let i = 0; i < 200; i++) p.addChunks(1);
    expect(seen.length).toBeLessThan(5);
    await eventually(() => seen.at(-1)?.chunksDone === 200, 5000, 'the trailing event');
    expect(seen.length).toBeLessThan(6);
    p.dispose();
  });
});
