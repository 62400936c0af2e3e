// The Engine facade: the one object every host (Electron's utility process, the browser host, the CLI,
// tests) talks to. It owns the open library and routes the contract's engine-side methods to the modules
// that do the work. It never imports `electron`.
import { readFile } from 'node:fs/promises';
import type { EventName, EventPayload, HandlerTable, MethodResult, Settings } from '../../shared/api';
import type { FolderInfo, ProviderId, SearchFilters, SearchHit } from '../../shared/types';
import type { AnswerEvent, AnswerResult } from './answer/answer';
import { runAnswer } from './chat/run-answer';
import { ConversationService } from './chat/conversations';
import { makeStarterProbe, starterProviderKey } from './chat/starter-check';
import { StarterService } from './chat/starters';
import { buildEmbeddingMap } from './inspect/embedding-map';
import { previewPrompt } from './inspect/prompt-preview';
import { type OpenLibrary, type OpenLibraryOptions, openLibrary } from './library/open-library';
import { type IndexSummary, indexSummary } from './library/report';
import { EmbedderProblem } from './embedder-problem';
import { ModelProviders } from './model-providers';
import { chooseProvider, type ProviderChoice, type Secrets } from './providers';
import { errorMessage } from '../../shared/errors';
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
  /** This run's settings over the saved ones (the CLI's --provider, --chat-model…); nothing is saved. */
  settingsOverride?: (saved: Settings) => Settings;
}

type Listener = <E extends EventName>(name: E, payload: EventPayload<E>) => void;

const MAX_PDF_BYTES = 200 * 1024 * 1024;

export class Engine {
  private listeners = new Set<Listener>();
  private secrets: Secrets;
  private chat: ConversationService;
  private readonly starters: StarterService;

  private constructor(
    readonly options: EngineOptions,
    private lib: OpenLibrary,
    private readonly models: ModelProviders,
    secrets: Secrets,
  ) {
    this.secrets = secrets;
    this.override = options.settingsOverride;
    // Built here, not as a field: the models' handlers need `models`, assigned just above.
    this.handle = tableHandler({ ...this.table, ...models.handlers() } as HandlerTable<'engine'>);
    this.chat = new ConversationService(
      () => this.lib,
      () => this.settings(),
      () => this.secrets,
      (provider) => this.models.generatorFor(this.settings(), provider),
      (n, p) => this.emit(n, p),
    );
    this.starters = new StarterService({
      store: () => this.lib.store,
      providerKey: () => starterProviderKey(this.lib, this.settings(), this.secrets),
      probe: () => {
        const settings = this.settings();
        const generatorFor = (p: ProviderId) => this.models.generatorFor(settings, p);
        return makeStarterProbe({ lib: this.lib, settings, secrets: this.secrets, generatorFor });
      },
      onUpdate: (s) => this.emit('chat.starters', s),
      log: (m) => options.log?.(m, 'info'),
    });
  }

  static async open(options: EngineOptions): Promise<Engine> {
    let secrets: Secrets = { geminiKey: options.geminiKey ?? null, env: options.env ?? process.env };
    const log = options.log;
    const override = options.settingsOverride ?? ((s: Settings) => s);
    // The engine and its models share the settings and secrets; the models exist before the library
    // (they open its embedder), so they read them through the holder the engine fills in below.
    let engine: Engine | null = null;
    let problem: unknown = null;
    let openingSettings: Settings | null = null;
    const models = new ModelProviders({
      dataDir: options.dataDir,
      resourcesDir: options.resourcesDir,
      settings: () => (engine ? engine.settings() : (openingSettings as Settings)),
      saveSettings: (patch) => (engine as Engine).saveSettings(patch),
      secrets: () => (engine ? engine.secrets : secrets),
      emit: (n, p) => engine?.emit(n, p),
    });
    const lib = await openLibrary(options.dataDir, {
      embedderFor: async (saved: Settings, activeSpec?: unknown) => {
        openingSettings = override(saved);
        const opened = await models.embedderAtOpen(openingSettings, activeSpec);
        problem = opened.problem;
        return opened.embedder;
      },
      embedderFromSpec: (spec) => models.fromSpec(spec),
      resourcesDir: options.resourcesDir,
      storeFlags: options.storeFlags,
      library: {
        // The library's warnings (a full disk, a file that failed) reach the host's log.
        log: log && { warn: (m) => log(m, 'warn'), info: (m) => log(m, 'info') },
        watch: options.run === 'once' ? false : undefined,
      },
    });
    engine = new Engine(options, lib, models, secrets);
    secrets = engine.secrets;
    if (problem) {
      log?.(`the embedding model could not be opened: ${errorMessage(problem)}`, 'warn');
      engine.problem.set(problem);
    }
    engine.wireLibraryEvents();
    if (options.run !== 'once') await lib.library.start();
    return engine;
  }

  private override: ((saved: Settings) => Settings) | undefined;

  /** Why the embedding model asked for is not the one in use (a server down, a file gone); null when it is. */
  private readonly problem = new EmbedderProblem();

  /** Why the embedding model asked for is not the one in use (a server down, a file gone); null when it is. */
  get embedderProblem(): string | null {
    return this.problem.message;
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
    const saved = loadSettings(this.lib.store);
    return this.override ? this.override(saved) : saved;
  }

  /**
   * Saves a change to the settings as the app's settings page does: a change of embedding model starts the
   * background re-embed (the CLI's `index --provider … --embed-model …`).
   */
  applySettings(patch: Partial<Settings>): Promise<Settings> {
    return this.table['settings.set'](patch as Parameters<Engine['table']['settings.set']>[0]) as Promise<Settings>;
  }

  /** This run's settings over the saved ones, not saved (the CLI's provider flags on search, ask). */
  overrideSettings(override: ((saved: Settings) => Settings) | undefined): void {
    this.override = override;
  }

  /** The embedding model search uses now. */
  activeEmbedderId(): string {
    return this.lib.embedder.id;
  }

  /** The embedding model the settings (with this run's override) ask for; throws when it cannot be opened. */
  async wantedEmbedderId(): Promise<string> {
    return (await this.models.embedderFor(this.settings())).id;
  }

  /** Saves a change to the settings (this run's overrides stay on top of them). */
  saveSettings(patch: Partial<Settings>): Settings {
    saveSettings(this.lib.store, patch);
    const next = this.settings();
    // Every window hears of it, whoever changed it (the settings page, or the engine adding a model file).
    this.emit('settings.changed', next);
    return next;
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
    let embedder: Awaited<ReturnType<ModelProviders['embedderFor']>>;
    try {
      embedder = await this.models.embedderFor(this.settings());
    } catch (err) {
      // The model asked for cannot be opened now (server down, file gone, not allowed in local-only mode):
      // the library keeps its model, and the reason shows where the re-embed progress would.
      this.problem.set(err);
      this.emit('library.reembed', this.problem.status(this.lib.embedder.id) as EventPayload<'library.reembed'>);
      return;
    }
    this.problem.clear();
    await this.lib.changeEmbedder(embedder);
    await this.models.pool.prune(this.models.keptSpecs(this.lib.embedder, this.settings()));
  }

  async testGeminiKey(): Promise<{ ok: boolean; message: string }> {
    const { testGeminiKey } = await import('./embed/gemini');
    return testGeminiKey(this.secrets.geminiKey ?? this.secrets.env.GEMINI_API_KEY ?? null, {
      baseUrl: this.secrets.env.GEMINI_BASE_URL,
      model: this.settings().geminiEmbeddingModel,
    });
  }

  /** Every engine-side method of the contract, typed by it: args arrive validated by dispatch(). */
  private readonly table: Omit<HandlerTable<'engine'>, keyof ReturnType<ModelProviders['handlers']>> = {
    'settings.get': () => this.settings(),
    'settings.set': async (patch) => {
      const next = this.saveSettings(patch);
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
    'chat.ask': ({ conversationId, question }) => {
      // The user's question comes first: checking suggestions would only slow its answer down.
      this.starters.cancel();
      return this.chat.ask(conversationId, question, runAnswer);
    },
    'chat.starters': ({ language }) => this.starters.get(language),
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
    'library.reembedStatus': () => this.problem.status(this.lib.embedder.id) ?? this.lib.reembedStatus(),
  };

  readonly handle: MethodHandler;

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
        generatorFor: (provider) => this.models.generatorFor(settings, provider),
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
    this.starters.cancel();
    await this.starters.settled();
    try {
      await this.lib.close();
    } finally {
      await this.models.close();
    }
  }
}
