// The result model: every figure is a value, optionally next to a baseline measured in the same run
// (machines here are shared and noisy, so ratios compare better across runs than absolute numbers).
import { round } from './stats';

export interface Goal {
  /** The figure must be at most (≤) or at least (≥) `value`. */
  op: '<=' | '>=';
  value: number;
  /** Which quantity the goal is about: the value itself or the ratio to the baseline. */
  on: 'value' | 'ratio';
}

export interface Figure {
  section: string;
  name: string;
  value: number;
  unit: string;
  baseline?: { name: string; value: number; unit: string };
  /** value / baseline.value, or as the figure defines it (always explained in `name` or `note`). */
  ratio?: number;
  goal?: Goal;
  met?: boolean;
  note?: string;
}

export function figure(f: Omit<Figure, 'met' | 'ratio'> & { ratio?: number }): Figure {
  const ratio = f.ratio ?? (f.baseline && f.baseline.value > 0 ? f.value / f.baseline.value : undefined);
  const out: Figure = {
    ...f,
    value: round(f.value, 4),
    ...(ratio !== undefined ? { ratio: round(ratio, 3) } : {}),
    ...(f.baseline ? { baseline: { ...f.baseline, value: round(f.baseline.value, 4) } } : {}),
  };
  if (f.goal) {
    const x = f.goal.on === 'ratio' ? ratio : f.value;
    if (x !== undefined) out.met = f.goal.op === '<=' ? x <= f.goal.value : x >= f.goal.value;
  }
  return out;
}

export function goalText(g: Goal, unit: string): string {
  return `${g.op === '<=' ? '≤' : '≥'} ${g.value}${g.on === 'ratio' ? '×' : unit ? ` ${unit}` : ''}`;
}
