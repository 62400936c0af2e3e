// The "Performance" section of docs/benchmarks.md, rendered from a run's results plus the hand-written
// analysis in bench/perf-notes.md (what the numbers mean, what was changed, goals missed and why).
import type { Figure } from './figures';
import type { MachineInfo } from './machine';
import { markdownTable } from './table';

export interface RunResult {
  mode: string;
  date: string;
  durationS: number;
  machine: MachineInfo;
  calibration: { startMs: number; endMs: number; endLoad: number[] };
  figures: Figure[];
  details: Record<string, unknown>;
  notes: string[];
}

interface FaissDetails {
  nlist: number;
  variants: {
    type: string;
    param: string;
    buildMs: number;
    mb: number;
    p50: number;
    p95: number;
    recall10: number;
    recall100: number;
  }[];
}

function faissTables(details: Record<string, unknown>): string {
  const query = (details.query ?? {}) as Record<string, { faissTypes?: FaissDetails }>;
  const out: string[] = [];
  for (const [size, d] of Object.entries(query)) {
    if (!d.faissTypes) continue;
    out.push(
      `**${size} vectors** (100-d, single queries, k = 100, OMP_NUM_THREADS=1)`,
      '',
      '| index | parameter | build (ms) | size (MB) | p50 (ms) | p95 (ms) | recall@10 | recall@100 |',
      '|---|---|---|---|---|---|---|---|',
      ...d.faissTypes.variants.map(
        (v) =>
          `| ${v.type} | ${v.param} | ${v.buildMs} | ${v.mb} | ${v.p50} | ${v.p95} | ${v.recall10} | ${v.recall100} |`,
      ),
      '',
    );
  }
  return out.join('\n');
}

export function renderPerformanceSection(r: RunResult, writtenNotes: string): string {
  const m = r.machine;
  const sections = [...new Set(r.figures.map((f) => f.section))];
  const tables = sections
    .map((s) => `### ${s}\n\n${markdownTable(r.figures.filter((f) => f.section === s))}`)
    .join('\n\n');
  return `## Performance

Measured by \`npm run bench${r.mode === 'default' ? '' : ` -- --${r.mode}`}\` on ${r.date.slice(0, 10)} (${Math.round(r.durationS / 60)} min). Machines here are
shared and noisy: each speed figure stands next to a baseline measured in the same run, and the ratio is
what compares across runs. Raw figures: \`bench/results/latest.json\`.

**Machine.** ${m.cpu}, ${m.cores} cores, ${m.memoryGb} GB RAM; ${m.os}, Linux ${m.kernel}; Node ${m.node},
SQLite ${m.sqlite}; disk ${m.disk}. Load average at the start ${m.loadAverage.join(' / ')}, at the end
${r.calibration.endLoad.join(' / ')}. CPU calibration unit (fixed hashing + float workload, best of 5):
${r.calibration.startMs} ms at the start, ${r.calibration.endMs} ms at the end.

${tables}

### FAISS index types

${faissTables(r.details)}
${r.notes.length ? `### Run notes\n\n${r.notes.map((n) => `- ${n}`).join('\n')}\n` : ''}
${writtenNotes.trim()}
`;
}
