// The app's side of local model files: the list (scanned once, refreshed on demand), adding and forgetting a
// file the user picked, the download catalog and its downloads (one at a time per entry, progress as events,
// cancel keeps the partial file so the next start resumes). The engine routes the models.* methods here.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { EventPayload, Settings } from '../../../shared/api';
import type { FoundModel as FoundModelDto } from '../../../shared/models-api';
import { errorMessage } from '../../../shared/errors';
import { type CatalogEntry, MODEL_CATALOG } from './catalog';
import { downloadModel } from './download';
import { lucarneModelsDir } from './folders';
import { readModelInfo } from './header';
import { type ListedModel, listModels } from './list';

type DownloadStatus = EventPayload<'models.download'>;

export interface ModelsServiceDeps {
  dataDir: string;
  settings(): Settings;
  saveLocalModels(patch: Partial<Settings['localModels']>): void;
  emitDownload(status: DownloadStatus): void;
  env?: NodeJS.ProcessEnv;
  fetchImpl?: typeof fetch;
  /** The catalog offered (default MODEL_CATALOG; tests give entries served by a local server). */
  catalog?: readonly CatalogEntry[];
}

/**
 * LUCARNE_MODEL_MIRROR=http://mirror/hf serves the catalog's files from an organisation's own mirror (same
 * paths as on huggingface.co): for machines that cannot reach the hub. The hashes are checked all the same.
 */
export function mirroredUrl(url: string, env: NodeJS.ProcessEnv): string {
  const mirror = env.LUCARNE_MODEL_MIRROR?.trim();
  if (!mirror) return url;
  const u = new URL(url);
  return `${mirror.replace(/\/+$/, '')}${u.pathname}`;
}

/** A thrown message the UI shows as is (the engine maps it to a UserError). */
export class ModelsError extends Error {}

function toDto(m: ListedModel): FoundModelDto {
  return {
    path: m.path,
    fileName: m.fileName,
    name: m.name,
    source: m.source,
    role: m.role,
    architecture: m.architecture,
    parameters: m.parameters,
    quantization: m.quantization,
    contextLength: m.contextLength,
    embeddingLength: m.embeddingLength,
    fileBytes: m.fileBytes,
    memory: m.memory && { bytes: m.memory.bytes, freeBytes: m.memory.freeBytes, fits: m.memory.fitsFreeMemory },
    error: m.error,
  };
}

export class ModelsService {
  private last: { models: FoundModelDto[]; folders: string[]; freeBytes: number } | null = null;
  private downloads = new Map<string, { controller: AbortController; status: DownloadStatus }>();

  constructor(private readonly deps: ModelsServiceDeps) {}

  async list(refresh: boolean): Promise<{ models: FoundModelDto[]; freeBytes: number; folders: string[] }> {
    if (this.last && !refresh) return this.last;
    const settings = this.deps.settings();
    const report = await listModels({
      dataDir: this.deps.dataDir,
      files: settings.localModels.addedModels,
      env: this.deps.env,
      contextSize: settings.localModels.gguf.contextSize,
    });
    const models = report.models.map(toDto);
    const freeBytes = report.models.find((m) => m.memory)?.memory?.freeBytes ?? 0;
    this.last = { models, folders: report.folders.filter((f) => f.exists).map((f) => f.path), freeBytes };
    return this.last;
  }

  /** Reads the file's header first: a file that is not a usable GGUF is refused with what is wrong. */
  async add(path: string): Promise<FoundModelDto> {
    try {
      await readModelInfo(path);
    } catch (err) {
      throw new ModelsError(errorMessage(err));
    }
    const added = this.deps.settings().localModels.addedModels;
    if (!added.includes(path)) this.deps.saveLocalModels({ addedModels: [...added, path] });
    const { models } = await this.list(true);
    const found = models.find((m) => m.path === path) ?? models.find((m) => m.fileName === path.split(/[\\/]/).pop());
    if (!found) throw new ModelsError(`${path} was added but could not be listed.`);
    return found;
  }

  async forget(path: string): Promise<void> {
    const added = this.deps.settings().localModels.addedModels;
    this.deps.saveLocalModels({ addedModels: added.filter((p) => p !== path) });
    this.last = null;
  }

  private get entries(): readonly CatalogEntry[] {
    return this.deps.catalog ?? MODEL_CATALOG;
  }

  catalog() {
    const dir = lucarneModelsDir(this.deps.dataDir);
    return this.entries.map((e) => {
      const path = join(dir, e.fileName);
      return {
        id: e.id,
        name: e.name,
        role: e.role,
        url: e.url,
        fileName: e.fileName,
        bytes: e.bytes,
        sha256: e.sha256,
        license: e.license,
        ramGb: e.ramGb,
        french: e.french,
        contextLength: e.contextLength,
        note: e.note,
        downloadedPath: existsSync(path) ? path : null,
      };
    });
  }

  /** Starts (or resumes) a download in the background; progress arrives as models.download events. */
  download(id: string): DownloadStatus {
    const entry = this.entries.find((e) => e.id === id);
    if (!entry) throw new ModelsError(`No catalog entry "${id}".`);
    const running = this.downloads.get(id);
    if (running) return running.status;
    const dest = join(lucarneModelsDir(this.deps.dataDir), entry.fileName);
    const controller = new AbortController();
    const status: DownloadStatus = {
      id,
      state: 'checking',
      bytesDone: 0,
      bytesTotal: entry.bytes,
      bytesPerSecond: 0,
      path: null,
      error: null,
    };
    const job = { controller, status };
    this.downloads.set(id, job);
    const update = (patch: Partial<DownloadStatus>) => {
      job.status = { ...job.status, ...patch };
      this.deps.emitDownload(job.status);
    };
    update({});
    downloadModel({
      url: mirroredUrl(entry.url, this.deps.env ?? process.env),
      dest,
      sha256: entry.sha256,
      bytes: entry.bytes,
      signal: controller.signal,
      fetchImpl: this.deps.fetchImpl,
      onProgress: (p) =>
        update({
          state: 'downloading',
          bytesDone: p.doneBytes,
          bytesTotal: p.totalBytes ?? entry.bytes,
          bytesPerSecond: p.bytesPerSecond,
        }),
    })
      .then((r) => {
        this.last = null;
        update({ state: 'done', bytesDone: r.bytes, bytesTotal: r.bytes, path: r.path, error: null });
      })
      .catch((err) =>
        update(
          controller.signal.aborted
            ? { state: 'cancelled', error: null }
            : { state: 'failed', error: errorMessage(err) },
        ),
      )
      .finally(() => this.downloads.delete(id));
    return job.status;
  }

  cancelDownload(id: string): void {
    this.downloads.get(id)?.controller.abort();
  }

  /** Cancels the downloads still running (the engine is closing); their partial files stay for a resume. */
  close(): void {
    for (const d of this.downloads.values()) d.controller.abort();
  }
}
