// What every benchmark section receives: the run's mode, where to cache and work, and how to report.
import type { Figure } from './figures';

export type BenchMode = 'quick' | 'default' | 'full';

export interface BenchContext {
  mode: BenchMode;
  /** Generated corpora and chunk libraries, kept between runs. */
  cacheDir: string;
  /** Scratch space of this run (data folders, working copies), removed at the end unless --keep. */
  workDir: string;
  log(message: string): void;
  /** `built`: the engine as it ships (out/main/host.js over its API); `source`: TypeScript through tsx. */
  engine: 'built' | 'source';
  /** Shared between sections: the indexed libraries the indexing section leaves for the others. */
  shared: Map<string, unknown>;
}

export interface SectionResult {
  figures: Figure[];
  /** Extra numbers for the JSON and the docs (tables, per-size details). Keep it small. */
  details: Record<string, unknown>;
  notes?: string[];
}

export const pick = <T>(mode: BenchMode, values: Record<BenchMode, T>): T => values[mode];
