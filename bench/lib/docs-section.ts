// docs/benchmarks.md is shared: this code only ever rewrites the text between its own markers.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

export const PERF_START = '<!-- perf:start -->';
export const PERF_END = '<!-- perf:end -->';

/** Replaces the marked section of `file` with `body` (appends the section, with markers, if absent). */
export function writeMarkedSection(file: string, body: string, start = PERF_START, end = PERF_END): void {
  const current = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  const block = `${start}\n${body.trim()}\n${end}`;
  const i = current.indexOf(start);
  const j = current.indexOf(end);
  let next: string;
  if (i >= 0 && j > i) next = current.slice(0, i) + block + current.slice(j + end.length);
  else next = `${current.trimEnd()}\n\n${block}\n`;
  writeFileSync(file, next);
}
