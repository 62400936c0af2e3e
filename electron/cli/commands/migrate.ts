// `lucarne migrate --to chroma|embedded`: moves the library's vectors between the embedded store (SQLite +
// FAISS) and a Chroma server, with progress, then verifies (counts, record contents, identical top-10 on
// sample queries). On success the library's settings switch to the target backend; on failure they stay.
// It does not open the Engine: it works below the library, reading and writing both vector backends itself
// (engine/store/chroma-migrate.ts), so neither may be open through a library at the same time; it needs
// only the catalog, the saved settings and the embedder's id (providers.ts, as the engine chooses it).
import type { Settings } from '../../../shared/api';
import { resolveDataDir } from '../../engine/public/data-dir';
import { OFFLINE_EMBEDDER_ID } from '../../engine/public/retrieval';
import { loadSettings, saveSettings } from '../../engine/public/data-folder';
import {
  ChromaBackendError,
  ChromaConfigError,
  ChromaConnection,
  type MigrationProgress,
  type MigrationResult,
  SqliteStore,
  migrateToChroma,
  migrateToEmbedded,
  publicChromaConfig,
  readActiveEmbedder,
  resolveStoreChoice,
} from '../../engine/public/store';
import type { ParsedArgs } from '../args';
import type { CommandIo } from '../command';
import { usage } from '../usage';

const PHASES: Record<MigrationProgress['phase'], string> = {
  writing: 'writing vectors to Chroma',
  reading: 'reading the collection',
  importing: 'importing documents',
  indexing: 'building the FAISS index',
  verifying: 'verifying',
};

/** Unlike args.ts's stringFlag, a blank value counts as absent, and values are trimmed. */
function trimmedFlag(args: ParsedArgs, name: string): string | undefined {
  const v = args.flags[name];
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

function progressPrinter(io: CommandIo, enabled: boolean) {
  let lastLine = 0;
  let drawn = false;
  return {
    update(p: MigrationProgress) {
      if (!enabled) return;
      const pct = p.total > 0 ? ` ${Math.floor((100 * p.done) / p.total)}%` : '';
      const line = `${PHASES[p.phase]}: ${p.done}/${p.total}${pct}`;
      if (io.isTTY) {
        io.stderr.write(`\r\x1b[2K${line}`);
        drawn = true;
      } else if (Date.now() - lastLine >= 2000 || p.done === p.total) {
        lastLine = Date.now();
        io.stderr.write(`${line}\n`);
      }
    },
    done() {
      if (drawn) io.stderr.write('\r\x1b[2K');
      drawn = false;
    },
  };
}

export function formatMigration(r: MigrationResult, target: string): string {
  const v = r.verify;
  const lines = [
    r.direction === 'to-chroma'
      ? `Migrated to Chroma: ${r.written} vectors written to collection "${r.collection}" (${(r.ms / 1000).toFixed(1)} s).`
      : `Migrated to the embedded store from collection "${r.collection}": ${r.written} vectors in the FAISS index (${(r.ms / 1000).toFixed(1)} s).`,
  ];
  if (r.imported) {
    lines.push(
      `Imported ${r.imported.documents} documents (${r.imported.chunks} chunks) in ${r.imported.folders} folder(s).`,
    );
  }
  lines.push(
    'Verification:',
    `  counts        catalog ${v.counts.catalog} · embedded ${v.counts.embedded} · Chroma ${v.counts.chroma}`,
    `  contents      ${v.contents.matching}/${v.contents.checked} sampled records match the catalog`,
    `  top-${v.k}        ${v.identical}/${v.queries} sample queries identical · mean overlap ${v.meanOverlap.toFixed(3)} · min ${v.minOverlap.toFixed(2)}`,
  );
  if (v.ok) lines.push(`  result        OK — the library now uses the ${target} backend.`);
  else lines.push('  result        FAILED — settings unchanged:', ...v.problems.map((p) => `    - ${p}`));
  return `${lines.join('\n')}\n`;
}

export async function run(args: ParsedArgs, io: CommandIo): Promise<number> {
  const to = trimmedFlag(args, 'to');
  const json = args.flags.json === true;
  if (to !== 'chroma' && to !== 'embedded') {
    io.stderr.write(`lucarne migrate: --to must be "chroma" or "embedded".\nUsage: ${usage('migrate')}\n`);
    return 2;
  }
  const dataDir = resolveDataDir(args.flags.data);
  let store: SqliteStore;
  try {
    store = SqliteStore.open(dataDir);
  } catch (err) {
    io.stderr.write(`lucarne migrate: cannot open the library in ${dataDir}: ${(err as Error).message}\n`);
    return 1;
  }
  const progress = progressPrinter(io, args.flags.quiet !== true && !json);
  try {
    const settings = loadSettings(store);
    const { chroma } = resolveStoreChoice({ ...args.flags, store: 'chroma' }, settings, process.env);
    // The model the library's search uses now (recorded by the engine), whatever the provider settings ask for.
    const active = readActiveEmbedder(store);
    const model = trimmedFlag(args, 'model') ?? active?.id ?? OFFLINE_EMBEDDER_ID;
    const dim = store.vectorDimension(model) ?? (model === active?.id ? active.dim : Number(trimmedFlag(args, 'dim')));
    if (!Number.isInteger(dim) || dim <= 0) {
      io.stderr.write(`lucarne migrate: the library has no vectors for ${model}; give its dimension with --dim N.\n`);
      return 2;
    }
    const queries = trimmedFlag(args, 'queries');
    const connection = await ChromaConnection.connect(chroma, { createDatabase: to === 'chroma' });
    for (const w of connection.probe.warnings) io.stderr.write(`lucarne migrate: warning: ${w}\n`);
    if (!json && args.flags.quiet !== true) {
      io.stderr.write(
        `Chroma ${connection.probe.version} at ${connection.base} (tenant ${chroma.tenant}, database ${chroma.database})\n`,
      );
    }
    const opts = {
      store,
      dir: dataDir,
      model,
      dim,
      connection,
      replace: args.flags.replace === true || args.flags.replace === 'true',
      sampleQueries: queries ? Math.max(1, Number(queries)) : undefined,
      onProgress: (p: MigrationProgress) => progress.update(p),
    };
    const result = to === 'chroma' ? await migrateToChroma(opts) : await migrateToEmbedded(opts);
    progress.done();
    let saved: Settings | null = null;
    if (result.verify.ok) {
      const { token: _secret, ...publicConfig } = chroma;
      saved = saveSettings(store, { store: to, chroma: publicConfig });
    }
    if (json) {
      io.stdout.write(
        `${JSON.stringify({ version: 1, ok: result.verify.ok, to, chroma: publicChromaConfig(chroma), model, dim, ...result, settingsSaved: saved !== null })}\n`,
      );
    } else {
      io.stdout.write(formatMigration(result, to));
      if (result.verify.ok && to === 'embedded') {
        io.stdout.write(
          `The Chroma collection "${result.collection}" was left on the server; delete it there when you no longer need it.\n`,
        );
      }
    }
    return result.verify.ok ? 0 : 1;
  } catch (err) {
    progress.done();
    const message =
      err instanceof ChromaBackendError && err.problem === 'read-only'
        ? `${err.message} Or run again with --replace to overwrite that collection with this library.`
        : err instanceof ChromaBackendError || err instanceof ChromaConfigError
          ? err.message
          : (err as Error).message;
    if (json) io.stdout.write(`${JSON.stringify({ version: 1, ok: false, to, error: message })}\n`);
    else io.stderr.write(`lucarne migrate: ${message}\n`);
    return 1;
  } finally {
    store.close();
  }
}
