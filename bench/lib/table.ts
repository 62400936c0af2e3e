// Renders figures as an aligned console table and as Markdown.
import { type Figure, goalText } from './figures';
import { fmt } from './stats';

function verdict(f: Figure): string {
  if (f.met === undefined) return '';
  return f.met ? 'met' : 'MISSED';
}

function row(f: Figure): string[] {
  return [
    f.section,
    f.name,
    fmt(f.value, f.unit),
    f.baseline ? `${fmt(f.baseline.value, f.baseline.unit)} (${f.baseline.name})` : '',
    f.ratio !== undefined ? `${f.ratio.toFixed(2)}×` : '',
    f.goal ? goalText(f.goal, f.unit) : '',
    verdict(f),
  ];
}

const HEAD = ['section', 'figure', 'value', 'baseline (same run)', 'ratio', 'goal', ''];

export function consoleTable(figures: Figure[]): string {
  const rows = [HEAD, ...figures.map(row)];
  const widths = HEAD.map((_, c) => Math.max(...rows.map((r) => [...r[c]].length)));
  const line = (r: string[]) =>
    r
      .map((cell, c) => cell + ' '.repeat(widths[c] - [...cell].length))
      .join('  ')
      .trimEnd();
  return [line(rows[0]), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

export function markdownTable(figures: Figure[]): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  const rows = figures.map((f) => `| ${row(f).slice(1).map(esc).join(' | ')} |`);
  return ['| figure | value | baseline (same run) | ratio | goal | |', '|---|---|---|---|---|---|', ...rows].join('\n');
}
