// The Engine facade: the one object every host (Electron's utility process, the browser host, the CLI,
// tests) talks to. It owns the open library and routes the contract's engine-side methods to the modules
// that do the work. It never imports `electron`.
import { readFile } from 'node:fs/promises';
import type { EventName, EventPayload, HandlerTable, MethodResult, Settings } from '../../shared/api';
import type { FolderInfo, ProviderId, SearchFilters, SearchHit } from '../../shared/types';
import type { AnswerEvent, AnswerResult } from './answer/answer';
import { runAnswer } from './chat/run-answer';
import { ConversationService } from './chat/conversations';
import { buildEmbeddingMap } from './inspect/embedding-map';
import { previewPrompt } from './inspect/prompt-preview';
import { type OpenLibrary, type OpenLibraryOptions, openLibrary } from './library/open-library';
import { type IndexSummary, indexSummary } from './library/report';
import { chooseProvider, makeEmbedder, type ProviderChoice, type Secrets } from './providers';
import { type MethodHandler, tableHandler, UserError } from './rpc';
import { searchAnyBackend } from './search';
import { loadSettings, saveSettings } from './settings';
import { tokenize } from './tokens';

// What the CLI's `ask` reports of an answer, besides the Engine itself.
export type { AnswerResult } from './answer/answer';
export { LocalOnlyError } from './answer/local-only';
export type { ProviderChoice } from './providers';

export interface EngineOptions {
  dataDir: string;
  resourcesDir?: string;
  env?: NodeJS.ProcessEnv;
  /** The library's messages; the level lets a quiet shell (the CLI without --verbose) keep only warnings. */
  log?: (msg: string, level: 'warn' | 'info') => void;
  /**
   * 'app' (default): a long-lived shell (Electron, the browser host): the library starts at once and
   * watches its folders. 'once': a one-shot command (the CLI): everything opens but nothing runs until
   * indexOnce() asks, and nothing is watched. (Reads of the database alone use catalog.ts instead.)
   */
  run?: 'app' | 'once';
  /**
   * A Gemini key the shell holds before opening (the CLI reads the browser host's key file). Given here,
   * the library opens with the right embedder at once; setApiKey() later would first open the offline
   * one's vector index, then switch.
   */
  geminiKey?: string | null;
  /** This run's backend over the saved settings: the CLI's --store and --chroma-* flags (see open-library.ts). */
  storeFlags?: OpenLibraryOptions['storeFlags'];
}

type Listener = <E extends EventName>(name: E, payload: EventPayload<E>) => void;

const MAX_PDF_BYTES = 200 * 1024 * 1024;

export class Engine {
  private listeners = new Set<Listener>();
  private secrets: Secrets;
  private chat: ConversationService;

  private constructor(
    readonly options: EngineOptions,
    private lib: OpenLibrary,
  ) {
    this.secrets = { geminiKey: options.geminiKey ?? null, env: options.env ?? process.env };
    this.chat = new ConversationService(
      () => this.lib,
      () => this.settings(),
      () => this.secrets,
      (n, p) => this.emit(n, p),
    );
  }

  static async open(options: EngineOptions): Promise<Engine> {
    const secrets: Secrets = { geminiKey: options.geminiKey ?? null, env: options.env ?? process.env };
    const log = options.log;
    const lib = await openLibrary(options.dataDir, {
      embedderFor: (settings: Settings) => makeEmbedder(settings, secrets, options.resourcesDir),
      resourcesDir: options.resourcesDir,
      storeFlags: options.storeFlags,
      library: {
        // The library's warnings (a full disk, a file that failed) reach the host's log.
        log: log && { warn: (m) => log(m, 'warn'), info: (m) => log(m, 'info') },
        watch: options.run === 'once' ? false : undefined,
      },
    });
    const engine = new Engine(options, lib);
    engine.wireLibraryEvents();
    if (options.run !== 'once') await lib.library.start();
    return engine;
  }

  private wireLibraryEvents(): void {
    this.lib.library.onProgress = (p) => this.emit('library.progress', p);
    this.lib.library.onChanged = (folderId) => this.emit('library.changed', { folderId });
    this.lib.onReembed = (s) => this.emit('library.reembed', s);
  }

  onEvent(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
    for (const l of this.listeners) l(name, payload);
  }

  settings(): Settings {
    return loadSettings(this.lib.store);
  }

  /** The API key arrives from the shell (Electron safeStorage or the host's key file), never from the renderer. */
  async setApiKey(key: string | null): Promise<void> {
    this.secrets = { ...this.secrets, geminiKey: key };
    await this.applyProvider();
  }

  /**
   * When the provider (hence the embedding model) changes, re-embeds the library in the background and
   * switches when done (search keeps the old model meanwhile); choosing the active model again cancels it.
   */
  private async applyProvider(): Promise<void> {
    const embedder = makeEmbedder(this.settings(), this.secrets, this.options.resourcesDir);
    await this.lib.changeEmbedder(embedder);
  }

  async testGeminiKey(): Promise<{ ok: boolean; message: string }> {
    const { testGeminiKey } = await import('./embed/gemini');
    return testGeminiKey(this.secrets.geminiKey ?? this.secrets.env.GEMINI_API_KEY ?? null, {
      baseUrl: this.secrets.env.GEMINI_BASE_URL,
      model: this.settings().geminiEmbeddingModel,
    });
  }

  /** Every engine-side method of the contract, typed by it: args arrive validated by dispatch(). */
  private readonly table: HandlerTable<'engine'> = {
    'settings.get': () => this.settings(),
    'settings.set': async (patch) => {
      const next = saveSettings(this.lib.store, patch);
      this.emit('settings.changed', next);
      await this.applyProvider();
      this.lib.library.applyOcrSettings();
      return next;
    },
    'library.addFolder': ({ path }) => this.lib.library.addFolder(path),
    'library.removeFolder': async ({ folderId }) => {
      await this.lib.library.removeFolder(folderId);
      return null;
    },
    'library.listFolders': () => this.lib.store.listFolders(),
    'library.listDocuments': (q) => this.lib.store.listDocuments(q),
    'library.retry': async ({ documentId }) => {
      await this.lib.library.retry(this.requireDocument(documentId).id);
      return null;
    },
    'library.setPassword': async ({ documentId, password }) => {
      await this.lib.library.setPassword(this.requireDocument(documentId).id, password);
      return null;
    },
    'library.reindexAll': async () => {
      await this.lib.library.reindexAll();
      return null;
    },
    'library.pause': () => {
      this.lib.library.pause();
      return this.lib.library.progress();
    },
    'library.resume': () => {
      this.lib.library.resume();
      return this.lib.library.progress();
    },
    'library.progress': () => this.lib.library.progress(),
    'search.query': (q) =>
      this.search(q.query, q.k, q.mode, { folderIds: q.folderIds, kinds: q.kinds, pathGlob: q.pathGlob }),
    'chat.ask': ({ conversationId, question }) => this.chat.ask(conversationId, question, runAnswer),
    'chat.stop': ({ messageId }) => {
      this.chat.stop(messageId);
      return null;
    },
    'conversations.list': () => this.chat.list(),
    'conversations.get': ({ conversationId }) => this.chat.get(conversationId),
    'conversations.rename': ({ conversationId, title }) => {
      this.chat.rename(conversationId, title);
      return null;
    },
    'conversations.delete': ({ conversationId }) => {
      this.chat.remove(conversationId);
      return null;
    },
    'conversations.export': ({ conversationId }) => this.chat.exportMarkdown(conversationId),
    'source.get': ({ documentId }) => this.source(documentId),
    'source.pdf': ({ documentId }) => this.pdfBytes(documentId),
    'inspect.tokens': ({ text }) => tokenize(text, { max: 20_000 }),
    'inspect.promptPreview': ({ question, template }) => previewPrompt(this.lib, this.settings(), question, template),
    'inspect.embeddingMap': ({ query, limit }) => buildEmbeddingMap(this.lib, query, limit),
    'library.reembedStatus': () => this.lib.reembedStatus(),
  };

  readonly handle: MethodHandler = tableHandler(this.table);

  async search(
    query: string,
    k: number,
    mode: 'bm25' | 'vector' | 'hybrid',
    filters: SearchFilters = {},
  ): Promise<SearchHit[]> {
    const { store, vectors, embedder } = this.lib;
    return searchAnyBackend({ store, vectors, embedder }, { query, k, mode, filters });
  }

  // ---- one-shot runs: what the CLI calls besides search() (the app goes through the contract above) ----

  /** Who answers when `requested` (default: the saved setting) is asked for, and why it is offline. */
  providerFor(requested?: ProviderId): ProviderChoice {
    const settings = this.settings();
    return chooseProvider(requested ?? settings.provider, settings, this.secrets);
  }

  /** A question outside any conversation (`lucarne ask`): streamed to onEvent, nothing is saved. */
  askOnce(
    question: string,
    opts: { provider?: ProviderId; topK?: number; signal?: AbortSignal },
    onEvent: (e: AnswerEvent) => void,
  ): Promise<AnswerResult> {
    const settings = this.settings();
    return runAnswer(
      {
        lib: this.lib,
        settings: { ...settings, topK: opts.topK ?? settings.topK },
        secrets: this.secrets,
        question,
        history: [],
        provider: opts.provider,
        signal: opts.signal,
      },
      onEvent,
    );
  }

  /**
   * One pass of indexing (`lucarne index`): adds the folder (or reuses it), then scans every folder once,
   * without watching. Resolves when the scan has queued its work; whenIdle() waits for the rest.
   */
  async indexOnce(path: string): Promise<FolderInfo> {
    const folder = await this.lib.library.addFolder(path);
    // Asking for the folder explicitly gives its set-aside files one more try (a start alone does not).
    this.lib.library.retrySetAside(folder.id);
    await this.lib.library.start({ watch: false });
    return folder;
  }

  /** Stores a file's password and queues the file again; false when none of `paths` is a document. */
  async setPasswordAt(paths: string[], password: string): Promise<boolean> {
    const doc = paths.map((p) => this.lib.store.getDocumentByPath(p)).find((d) => d !== null);
    if (!doc) return false;
    await this.lib.library.setPassword(doc.id, password);
    return true;
  }

  /** Resolves when nothing is left to do; rejects once stopIndexing() has run with files still queued. */
  whenIdle(): Promise<void> {
    return this.lib.library.whenIdle();
  }

  /** Ctrl-C: the file being read goes back to the queue, which the next run resumes. */
  stopIndexing(): Promise<void> {
    return this.lib.library.stop();
  }

  /** This run's work and the folder's state after it (`lucarne index`'s summary). */
  indexSummary(folder: { id: number; path: string }, seconds: number): IndexSummary {
    return indexSummary(this.lib.store, folder, this.lib.library.stats(), seconds, this.options.dataDir);
  }

  /** Only documents the store knows (so inside an indexed folder) can be read back by the renderer. */
  requireDocument(documentId: number) {
    const doc = this.lib.store.getDocument(documentId);
    if (!doc) throw new UserError('This document is not in your library (it may have been removed).', 'forbidden');
    return doc;
  }

  private source(documentId: number): MethodResult<'source.get'> {
    const doc = this.requireDocument(documentId);
    const text = this.lib.store.getDocumentText(documentId);
    return {
      documentId,
      path: doc.path,
      kind: doc.kind,
      pages: doc.pages,
      text: text?.text ?? '',
      pageSpans: (text?.pages ?? []).map((p) => ({
        number: p.number,
        label: p.label ?? null,
        start: p.start,
        end: p.end,
        ocr: p.ocr ?? null,
      })),
    };
  }

  private async pdfBytes(documentId: number): Promise<MethodResult<'source.pdf'>> {
    const doc = this.requireDocument(documentId);
    if (doc.kind !== 'pdf') throw new UserError('This document is not a PDF.', 'invalid-arguments');
    if (doc.size > MAX_PDF_BYTES)
      throw new UserError('This PDF is too large to display here; open it in your PDF reader.');
    try {
      const bytes = await readFile(doc.path);
      return { base64: bytes.toString('base64') };
    } catch {
      throw new UserError(
        'The file could not be read: it may have been moved or deleted. Lucarne will update the library.',
      );
    }
  }

  async close(): Promise<void> {
    this.chat.stopAll();
    await this.lib.close();
  }
}
