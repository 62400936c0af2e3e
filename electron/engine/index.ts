// The Engine facade: the one object every host (Electron's utility process, the browser host, tests)
// talks to. It owns the open library and routes the contract's engine-side methods to the modules that
// do the work. It never imports `electron`.
import { readFile } from 'node:fs/promises';
import type { EventName, EventPayload, MethodName, MethodResult, Settings } from '../../shared/api';
import type { SearchHit } from '../../shared/types';
import { runAnswer } from './chat/run-answer';
import { ConversationService } from './chat/conversations';
import { buildEmbeddingMap } from './inspect/embedding-map';
import { previewPrompt } from './inspect/prompt-preview';
import { type OpenLibrary, openLibrary } from './library/open-library';
import { makeEmbedder, type Secrets } from './providers';
import { UserError } from './rpc';
import { hybridSearch } from './search';
import { loadSettings, saveSettings } from './settings';
import { tokenize } from './tokens';

export interface EngineOptions {
  dataDir: string;
  resourcesDir?: string;
  env?: NodeJS.ProcessEnv;
  log?: (msg: string) => void;
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
    this.secrets = { geminiKey: null, env: options.env ?? process.env };
    this.chat = new ConversationService(() => this.lib, () => this.settings(), () => this.secrets, (n, p) => this.emit(n, p));
  }

  static async open(options: EngineOptions): Promise<Engine> {
    const env = options.env ?? process.env;
    const lib = await openLibrary(options.dataDir, {
      embedderFor: (settings: Settings) => makeEmbedder(settings, { geminiKey: null, env }, options.resourcesDir),
      resourcesDir: options.resourcesDir,
    });
    const engine = new Engine(options, lib);
    engine.wireLibraryEvents();
    await lib.library.start();
    return engine;
  }

  private wireLibraryEvents(): void {
    this.lib.library.onProgress = (p) => this.emit('library.progress', p);
    this.lib.library.onChanged = (folderId) => this.emit('library.changed', { folderId });
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

  /** Re-opens the vector side of the library when the provider (hence the embedding model) changes. */
  private async applyProvider(): Promise<void> {
    const embedder = makeEmbedder(this.settings(), this.secrets, this.options.resourcesDir);
    if (embedder.id === this.lib.embedder.id) return;
    await this.lib.switchEmbedder(embedder);
    this.wireLibraryEvents();
  }

  async testGeminiKey(): Promise<{ ok: boolean; message: string }> {
    const { testGeminiKey } = await import('./embed/gemini');
    return testGeminiKey(this.secrets.geminiKey ?? this.secrets.env.GEMINI_API_KEY ?? null, {
      baseUrl: this.secrets.env.GEMINI_BASE_URL,
      model: this.settings().geminiEmbeddingModel,
    });
  }

  readonly handle = async (name: MethodName, args: unknown): Promise<unknown> => {
    const a = args as Record<string, never>;
    const { store, library } = this.lib;
    switch (name) {
      case 'settings.get':
        return this.settings();
      case 'settings.set': {
        const next = saveSettings(store, a as Partial<Settings>);
        this.emit('settings.changed', next);
        await this.applyProvider();
        return next;
      }
      case 'library.addFolder': {
        const folder = await library.addFolder(String((a as { path: string }).path));
        return folder;
      }
      case 'library.removeFolder':
        await library.removeFolder((a as { folderId: number }).folderId);
        return null;
      case 'library.listFolders':
        return store.listFolders();
      case 'library.listDocuments':
        return store.listDocuments(a);
      case 'library.retry':
        await library.retry(this.requireDocument((a as { documentId: number }).documentId).id);
        return null;
      case 'library.setPassword': {
        const { documentId, password } = a as { documentId: number; password: string };
        await library.setPassword(this.requireDocument(documentId).id, password);
        return null;
      }
      case 'library.reindexAll':
        await library.reindexAll();
        return null;
      case 'library.pause':
        library.pause();
        return library.progress();
      case 'library.resume':
        library.resume();
        return library.progress();
      case 'library.progress':
        return library.progress();
      case 'search.query': {
        const q = a as { query: string; k: number; mode: 'bm25' | 'vector' | 'hybrid'; folderIds?: number[]; kinds?: never; pathGlob?: string };
        return this.search(q.query, q.k, q.mode, { folderIds: q.folderIds, kinds: q.kinds, pathGlob: q.pathGlob });
      }
      case 'chat.ask': {
        const { conversationId, question } = a as { conversationId: number | null; question: string };
        return this.chat.ask(conversationId, question, runAnswer);
      }
      case 'chat.stop':
        this.chat.stop((a as { messageId: number }).messageId);
        return null;
      case 'conversations.list':
        return this.chat.list();
      case 'conversations.get':
        return this.chat.get((a as { conversationId: number }).conversationId);
      case 'conversations.rename': {
        const { conversationId, title } = a as { conversationId: number; title: string };
        this.chat.rename(conversationId, title);
        return null;
      }
      case 'conversations.delete':
        this.chat.remove((a as { conversationId: number }).conversationId);
        return null;
      case 'conversations.export':
        return this.chat.exportMarkdown((a as { conversationId: number }).conversationId);
      case 'source.get':
        return this.source((a as { documentId: number }).documentId);
      case 'source.pdf':
        return this.pdfBytes((a as { documentId: number }).documentId);
      case 'inspect.tokens':
        return tokenize((a as { text: string }).text, { max: 20_000 });
      case 'inspect.promptPreview': {
        const { question, template } = a as { question: string; template?: Settings['promptTemplate'] };
        return previewPrompt(this.lib, this.settings(), question, template);
      }
      case 'inspect.embeddingMap': {
        const { query, limit } = a as { query?: string; limit: number };
        return buildEmbeddingMap(this.lib, query, limit);
      }
      default:
        throw new UserError(`${name} is handled by the app shell, not the engine.`, 'unavailable');
    }
  };

  async search(
    query: string,
    k: number,
    mode: 'bm25' | 'vector' | 'hybrid',
    filters: { folderIds?: number[]; kinds?: never; pathGlob?: string } = {},
  ): Promise<SearchHit[]> {
    const { store, vectors, embedder } = this.lib;
    return hybridSearch({ store, vectors, embedder }, { query, k, mode, filters });
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
      pageSpans: (text?.pages ?? []).map((p) => ({ number: p.number, label: p.label ?? null, start: p.start, end: p.end })),
    };
  }

  private async pdfBytes(documentId: number): Promise<MethodResult<'source.pdf'>> {
    const doc = this.requireDocument(documentId);
    if (doc.kind !== 'pdf') throw new UserError('This document is not a PDF.', 'invalid-arguments');
    if (doc.size > MAX_PDF_BYTES) throw new UserError('This PDF is too large to display here; open it in your PDF reader.');
    try {
      const bytes = await readFile(doc.path);
      return { base64: bytes.toString('base64') };
    } catch {
      throw new UserError('The file could not be read: it may have been moved or deleted. Lucarne will update the library.');
    }
  }

  async close(): Promise<void> {
    this.chat.stopAll();
    await this.lib.close();
  }
}
