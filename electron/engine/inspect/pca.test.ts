import { describe, expect, it } from 'vitest';
import { fitPca } from './pca';

describe('fitPca', () => {
  it('finds the direction of largest variance first', () => {
    // Points spread along (1,1,0) with small noise along (0,0,1).
    const pts: number[][] = [];
    for (let i = -10; i <= 10; i++) pts.push([i, i, (i % 3) * 0.1]);
    const p = fitPca(pts);
    const [ax] = p.axes;
    expect(Math.abs(ax[0])).toBeCloseTo(Math.SQRT1_2, 2);
    expect(Math.abs(ax[1])).toBeCloseTo(Math.SQRT1_2, 2);
    expect(Math.abs(ax[2])).toBeLessThan(0.05);
    // Projections preserve the order along the main axis.
    const xs = pts.map((v) => p.project(v)[0]);
    const sign = Math.sign(xs[20] - xs[0]);
    for (let i = 1; i < xs.length; i++) expect(Math.sign(xs[i] - xs[i - 1])).toBe(sign);
  });

  it('gives orthogonal axes', () => {
    const pts = Array.from({ length: 50 }, (_, i) => [Math.sin(i), Math.cos(i * 1.3), i / 50, (i * 7) % 5]);
    const [a, b] = fitPca(pts).axes;
    let dot = 0;
    for (let i = 0; i < a.length; i++) dot += a[i] * b[i];
    expect(Math.abs(dot)).toBeLessThan(1e-6);
  });
});
