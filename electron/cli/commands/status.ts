// `lucarne status`: every document of the library with its status, the reason when it is not indexed,
// its pages and chunks. Reads the database only (the engine's Catalog: no vector index, no embedder).
import { Catalog, type StatusReport, countByStatus } from '../../engine/public/data-folder';
import { resolveDataDir } from '../../engine/public/data-dir';
import type { ParsedArgs } from '../args';
import type { CommandIo } from '../command';

function formatText(report: StatusReport): string {
  const lines: string[] = [];
  if (report.folders.length === 0) return 'The library is empty. Add a folder with: lucarne index <folder>\n';
  for (const f of report.folders) {
    lines.push(
      `${f.path}: ${f.documents} documents, ${f.indexed} indexed, ${f.failed} need attention, ${f.chunks} chunks`,
    );
  }
  const counts = Object.entries(countByStatus(report.documents))
    .map(([s, n]) => `${n} ${s}`)
    .join(', ');
  lines.push(`Documents: ${report.documents.length}${counts ? ` (${counts})` : ''}`, '');
  const width = Math.max(6, ...report.documents.map((d) => d.status.length));
  lines.push(`${'STATUS'.padEnd(width)}  ${'PAGES'.padStart(5)}  ${'CHUNKS'.padStart(6)}  PATH`);
  for (const d of report.documents) {
    const flags = d.flags.length ? ` [${d.flags.join(', ')}]` : '';
    lines.push(
      `${d.status.padEnd(width)}  ${(d.pages === null ? '-' : String(d.pages)).padStart(5)}  ${String(d.chunks).padStart(6)}  ${d.path}${flags}`,
    );
    if (d.message && d.status !== 'indexed') lines.push(`${' '.repeat(width + 17)}↳ ${d.message}`);
  }
  return `${lines.join('\n')}\n`;
}

export async function run(args: ParsedArgs, io: CommandIo): Promise<number> {
  const dataDir = resolveDataDir(args.flags.data);
  const json = args.flags.json === true;
  let report: StatusReport;
  if (!Catalog.exists(dataDir)) {
    // Nothing indexed here yet: report an empty library rather than creating one.
    report = { version: 1, folders: [], documents: [] };
    if (!json) io.stderr.write(`No library in ${dataDir} yet.\n`);
  } else {
    const catalog = Catalog.open(dataDir);
    try {
      report = catalog.status();
    } finally {
      catalog.close();
    }
  }
  io.stdout.write(json ? `${JSON.stringify(report, null, 2)}\n` : formatText(report));
  return 0;
}
