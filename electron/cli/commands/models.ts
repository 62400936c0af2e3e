// `lucarne models`: the GGUF models on this machine (Lucarne's models folder, LM Studio, GPT4All, Jan, Ollama,
// the Hugging Face cache, plus --dir folders and files given as arguments), each read from its header: role,
// architecture, size, context, and the memory it would need against the memory free now. Broken files are
// listed with what is wrong. LUCARNE_MODEL_DIRS replaces the well-known folders.
import { stat } from 'node:fs/promises';
import { delimiter, resolve } from 'node:path';
import { resolveDataDir } from '../../engine/public/data-dir';
import { listModels, type MemoryEstimate, type ModelsJson } from '../../engine/public/models';
import type { ParsedArgs } from '../args';
import type { CommandIo } from '../command';
import { usageError } from '../usage';

function humanCount(n: number | null): string {
  if (n === null) return '-';
  if (n >= 1e9) return `${(n / 1e9).toFixed(1)}B`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(0)}M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(0)}K`;
  return String(n);
}

function humanBytes(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(2)} GB`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(0)} MB`;
  return `${Math.max(1, Math.round(n / 1e3))} KB`;
}

function memoryCell(m: MemoryEstimate | null): string {
  if (!m) return '-';
  return `${humanBytes(m.bytes)} ${m.fitsFreeMemory ? '(fits)' : '(too big now)'}`;
}

function formatText(report: ModelsJson): string {
  const scanned = report.folders.filter((f) => f.exists);
  if (report.models.length === 0) {
    const where = scanned.length ? scanned.map((f) => f.path).join(', ') : 'none of the usual model folders exist here';
    return `No models found (looked in: ${where}).\nAdd a folder with --dir DIR, point LUCARNE_MODEL_DIRS at your models, or download one from the app's catalog.\n`;
  }
  const rows = report.models.map((m) => [
    m.name,
    m.role ?? 'broken',
    m.architecture ?? '-',
    humanCount(m.parameters),
    m.quantization ?? '-',
    m.contextLength === null ? '-' : String(m.contextLength),
    m.embeddingLength === null ? '-' : String(m.embeddingLength),
    humanBytes(m.fileBytes),
    memoryCell(m.memory),
    m.source,
  ]);
  const head = ['NAME', 'ROLE', 'ARCH', 'PARAMS', 'QUANT', 'CTX', 'EMB', 'SIZE', 'MEMORY', 'SOURCE'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  const out = [line(head)];
  report.models.forEach((m, i) => {
    out.push(line(rows[i]), `  ${m.path}`);
    if (m.aliases.length) out.push(`  also: ${m.aliases.join(', ')}`);
    if (m.error) out.push(`  ↳ ${m.error.message}`);
  });
  const free = report.models.find((m) => m.memory)?.memory?.freeBytes;
  out.push(
    '',
    `${report.models.length} model(s)${free !== undefined ? `; ${humanBytes(free)} of memory free now` : ''}.`,
  );
  return `${out.join('\n')}\n`;
}

/** `--dir` values (one, or a path list like PATH) and positional paths, split into folders and files. */
async function targets(args: ParsedArgs): Promise<{ dirs: string[]; files: string[] } | string> {
  const dirs: string[] = [];
  const files: string[] = [];
  const flag = args.flags.dir;
  if (flag === true) return 'which folder? ';
  if (typeof flag === 'string')
    dirs.push(
      ...flag
        .split(delimiter)
        .filter(Boolean)
        .map((d) => resolve(d)),
    );
  for (const p of args.positionals) {
    const abs = resolve(p);
    const s = await stat(abs).catch(() => null);
    if (s?.isDirectory()) dirs.push(abs);
    else files.push(abs); // a missing file is listed with its error, like any broken one
  }
  return { dirs, files };
}

export async function run(args: ParsedArgs, io: CommandIo): Promise<number> {
  const t = await targets(args);
  if (typeof t === 'string') {
    io.stderr.write(usageError('models', t));
    return 2;
  }
  const report = await listModels({ dataDir: resolveDataDir(args.flags.data), ...t });
  io.stdout.write(args.flags.json === true ? `${JSON.stringify(report, null, 2)}\n` : formatText(report));
  return 0;
}
