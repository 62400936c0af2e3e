import { describe, expect, it } from 'vitest';
import type { ScannedFile } from './scan';
import { type KnownDocument, planSync } from './sync';

const file = (path: string, size: number, mtimeMs: number, tooLarge = false): ScannedFile => ({
  path,
  relPath: path.slice(1),
  kind: 'markdown',
  size,
  mtimeMs,
  tooLarge,
});
const known = (entries: [string, Partial<KnownDocument> & { size: number; mtimeMs: number }][]) =>
  new Map(entries.map(([p, d], i) => [p, { id: i + 1, status: 'indexed' as const, ...d }]));

describe('planSync', () => {
  it('queues new and changed files, skips unchanged ones, removes gone ones', () => {
    const plan = planSync(
      [file('/a.md', 10, 1000), file('/b.md', 20, 2000), file('/c.md', 30, 3000)],
      known([
        ['/a.md', { size: 10, mtimeMs: 1000.4 }], // sub-millisecond difference: unchanged
        ['/b.md', { size: 21, mtimeMs: 2000 }], // size changed
        ['/gone.md', { size: 99, mtimeMs: 9 }],
      ]),
    );
    expect(plan.unchanged).toBe(1);
    expect(plan.index.map((f) => f.path).sort()).toEqual(['/b.md', '/c.md']);
    expect(plan.remove).toEqual(['/gone.md']);
    expect(plan.rename).toEqual([]);
  });

  it('pairs a gone path with a new path of the same size and mtime as a rename', () => {
    const plan = planSync([file('/new-name.md', 42, 5000)], known([['/old-name.md', { size: 42, mtimeMs: 5000 }]]));
    expect(plan.rename).toEqual([{ from: '/old-name.md', to: file('/new-name.md', 42, 5000) }]);
    expect(plan.index).toEqual([]);
    expect(plan.remove).toEqual([]);
  });

  it('does not guess when two gone files could match the same new one', () => {
    const plan = planSync(
      [file('/x.md', 42, 5000)],
      known([
        ['/a.md', { size: 42, mtimeMs: 5000 }],
        ['/b.md', { size: 42, mtimeMs: 5000 }],
      ]),
    );
    expect(plan.rename).toEqual([]);
    expect(plan.index.map((f) => f.path)).toEqual(['/x.md']);
    expect(plan.remove.sort()).toEqual(['/a.md', '/b.md']);
  });

  it('re-queues files whose earlier work never finished, and everything when forced', () => {
    const disk = [file('/a.md', 1, 1), file('/b.md', 2, 2), file('/c.md', 3, 3)];
    const k = known([
      ['/a.md', { size: 1, mtimeMs: 1, status: 'queued' }],
      ['/b.md', { size: 2, mtimeMs: 2, status: 'indexing' }],
      ['/c.md', { size: 3, mtimeMs: 3, status: 'failed' }],
    ]);
    const plan = planSync(disk, k);
    expect(plan.index.map((f) => f.path)).toEqual(['/a.md', '/b.md']);
    expect([...plan.unfinished].sort()).toEqual(['/a.md', '/b.md']);
    expect(planSync(disk, k, { force: true }).index.map((f) => f.path)).toEqual(['/a.md', '/b.md', '/c.md']);
  });

  it('marks files above the size limit, and indexes them once the limit allows', () => {
    const big = file('/big.pdf', 500, 1, true);
    expect(planSync([big], new Map()).tooLarge).toEqual([big]);
    expect(planSync([big], known([['/big.pdf', { size: 500, mtimeMs: 1, status: 'too-large' }]])).unchanged).toBe(1);
    const allowed = file('/big.pdf', 500, 1, false);
    expect(planSync([allowed], known([['/big.pdf', { size: 500, mtimeMs: 1, status: 'too-large' }]])).index).toEqual([
      allowed,
    ]);
  });
});
