// The one API contract between the renderer and the rest of Lucarne. Every method and event is listed
// here once with zod schemas; the preload bridge, the main-process IPC registration, the browser host's
// WebSocket transport and the renderer client are all derived from these tables.
import { z } from 'zod';
import { type NumberBounds, OCR_CONCURRENCY_BOUNDS, OCR_LANGUAGES, SETTING_BOUNDS } from './setting-bounds';
import {
  CatalogEntrySchema,
  DownloadStatusSchema,
  FoundModelSchema,
  LocalModelSettingsSchema,
  ModelTestSchema,
  ServerModelSchema,
} from './models-api';
import { DOC_STATUSES, FILE_KINDS, PROVIDER_IDS, type PageSpan, type SentenceCheck } from './types';

const id = z.number().int().nonnegative();
const path = z.string().min(1).max(4096);
const shortText = z.string().max(2000);
/** A number within bounds declared in settings.ts. */
const bounded = ({ min, max, integer }: NumberBounds) => (integer ? z.number().int() : z.number()).min(min).max(max);

export const FileKindSchema = z.enum(FILE_KINDS);
export const DocStatusSchema = z.enum(DOC_STATUSES);
export const SearchModeSchema = z.enum(['bm25', 'vector', 'hybrid']);
export const LanguageSchema = z.enum(['fr', 'en']);

export const PromptTemplateSchema = z.object({
  instructions: z.string().max(20_000),
  examples: z.string().max(20_000),
  format: z.string().max(20_000),
});

export const ChromaSettingsSchema = z.object({
  url: z.string().max(2000),
  tenant: z.string().max(200),
  database: z.string().max(200),
  collectionPrefix: z.string().max(100),
});

export const OcrSettingsSchema = z.object({
  enabled: z.boolean(),
  /** Tesseract models, in order of preference; Lucarne ships French and English. */
  languages: z.array(z.enum(OCR_LANGUAGES)).min(1).max(2),
  /** Pages recognised at once (one worker thread of ~100 MB each). */
  concurrency: bounded(OCR_CONCURRENCY_BOUNDS),
});
export type OcrSettings = z.infer<typeof OcrSettingsSchema>;

export const SettingsSchema = z.object({
  language: z.enum(['system', 'fr', 'en']),
  theme: z.enum(['system', 'light', 'dark']),
  provider: z.enum(PROVIDER_IDS),
  localOnly: z.boolean(),
  geminiEmbeddingModel: z.string().min(1).max(200),
  geminiDimensions: bounded(SETTING_BOUNDS.geminiDimensions),
  geminiGenerationModel: z.string().min(1).max(200),
  chunkTokens: bounded(SETTING_BOUNDS.chunkTokens),
  chunkOverlap: bounded(SETTING_BOUNDS.chunkOverlap),
  topK: bounded(SETTING_BOUNDS.topK),
  maxFileMb: bounded(SETTING_BOUNDS.maxFileMb),
  include: z.array(z.string().max(500)).max(100),
  exclude: z.array(z.string().max(500)).max(100),
  promptTemplate: PromptTemplateSchema,
  shortcut: z.string().max(100),
  store: z.enum(['embedded', 'chroma']),
  chroma: ChromaSettingsSchema,
  ocr: OcrSettingsSchema,
  localModels: LocalModelSettingsSchema,
});
export type Settings = z.infer<typeof SettingsSchema>;

export const FolderInfoSchema = z.object({
  id,
  path: z.string(),
  addedAt: z.string(),
  documents: z.number(),
  indexed: z.number(),
  failed: z.number(),
  chunks: z.number(),
});

export const DocumentInfoSchema = z.object({
  id,
  folderId: id,
  path: z.string(),
  relPath: z.string(),
  kind: FileKindSchema.nullable(),
  size: z.number(),
  mtimeMs: z.number(),
  status: DocStatusSchema,
  message: z.string().nullable(),
  flags: z.array(z.string()),
  pages: z.number().nullable(),
  chunks: z.number(),
  indexedAt: z.string().nullable(),
});

export const ChunkInfoSchema = z.object({
  id,
  documentId: id,
  path: z.string(),
  ordinal: z.number(),
  text: z.string(),
  headingPath: z.array(z.string()),
  pageStart: z.number().nullable(),
  pageEnd: z.number().nullable(),
  pageLabel: z.string().nullable(),
  charStart: z.number(),
  charEnd: z.number(),
  tokens: z.number(),
});

export const ScoreBreakdownSchema = z.object({
  bm25: z.number().nullable(),
  vector: z.number().nullable(),
  fused: z.number(),
  bm25Rank: z.number().nullable(),
  vectorRank: z.number().nullable(),
});

export const SearchHitSchema = z.object({ chunk: ChunkInfoSchema, score: ScoreBreakdownSchema, snippet: z.string() });

export const IndexProgressSchema = z.object({
  state: z.enum(['idle', 'scanning', 'indexing', 'paused']),
  filesDone: z.number(),
  filesTotal: z.number(),
  currentFile: z.string().nullable(),
  chunksDone: z.number(),
  chunksPerSecond: z.number(),
  etaSeconds: z.number().nullable(),
  /** Long work inside the current file: OCR of its scanned pages, page `done` of `total`. */
  fileStep: z.object({ stage: z.enum(['ocr']), done: z.number(), total: z.number() }).nullable(),
});

export const CitationSchema = z.object({
  n: z.number(),
  chunkId: id,
  documentId: id,
  path: z.string(),
  pageStart: z.number().nullable(),
  pageEnd: z.number().nullable(),
  pageLabel: z.string().nullable(),
  charStart: z.number(),
  charEnd: z.number(),
  quote: z.string(),
});

export const PromptReportSchema = z.object({
  sections: z.array(
    z.object({
      name: z.enum(['instructions', 'examples', 'history', 'question', 'context', 'format']),
      text: z.string(),
      tokens: z.number(),
    }),
  ),
  totalTokens: z.number(),
  budgetTokens: z.number(),
  usedChunkIds: z.array(id),
  droppedChunkIds: z.array(id),
});

export const SentenceCheckSchema = z.object({
  text: z.string(),
  start: z.number(),
  end: z.number(),
  citations: z.array(z.number()),
  support: z.enum(['supported', 'partly-supported', 'not-supported', 'no-claim']),
  span: z
    .object({
      n: z.number(),
      start: z.number(),
      end: z.number(),
      charStart: z.number().nullable(),
      charEnd: z.number().nullable(),
    })
    .nullable(),
  missing: z.array(z.string()),
  repaired: z.object({ from: z.array(z.number()), to: z.array(z.number()) }).optional(),
}) satisfies z.ZodType<SentenceCheck>;

/**
 * What the engine found wrong with an answer's citations: numbers matching no passage, or none at all; and,
 * for a written answer, every sentence checked against what it cites (absent for offline answers, which are
 * quoted verbatim, and for answers saved before the check existed).
 */
export const CitationCheckSchema = z.object({
  invalid: z.array(z.number()),
  uncited: z.boolean(),
  sentences: z.array(SentenceCheckSchema).optional(),
});

export const MessageSchema = z.object({
  id,
  conversationId: id,
  role: z.enum(['user', 'assistant']),
  text: z.string(),
  createdAt: z.string(),
  citations: z.array(CitationSchema),
  hits: z.array(SearchHitSchema),
  report: PromptReportSchema.nullable(),
  provider: z.string().nullable(),
  status: z.enum(['streaming', 'done', 'stopped', 'error']),
  error: z.string().nullable(),
  citationCheck: CitationCheckSchema.nullable(),
});

export const ConversationSchema = z.object({
  id,
  title: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  messages: z.number(),
});

/**
 * A page as `source.get` serves it: the PageSpan of shared/types.ts, `label` and `ocr` always present (its
 * running header and footer stay in the store: the viewer shows the indexed text).
 */
export const PageSpanSchema = z.object({
  number: z.number(),
  label: z.string().nullable(),
  start: z.number(),
  end: z.number(),
  /** Set when the page's text was recognised by OCR (mean confidence 0–100, models used). */
  ocr: z.object({ confidence: z.number(), languages: z.array(z.string()) }).nullable(),
}) satisfies z.ZodType<Required<Omit<PageSpan, 'flags' | 'running'>>>;

export const SourceSchema = z.object({
  documentId: id,
  path: z.string(),
  kind: FileKindSchema.nullable(),
  pages: z.number().nullable(),
  /** The document's extracted text (offsets of chunks and citations index into it). */
  text: z.string(),
  /** Character ranges of each physical page in `text` (paged formats). */
  pageSpans: z.array(PageSpanSchema),
});

export const TokenViewSchema = z.object({
  tokenizer: z.string(),
  count: z.number(),
  characters: z.number(),
  tokens: z.array(z.object({ id: z.number(), text: z.string() })),
  truncated: z.boolean(),
});

export const EmbeddingMapSchema = z.object({
  method: z.enum(['pca']),
  model: z.string(),
  points: z.array(
    z.object({ chunkId: id, documentId: id, path: z.string(), x: z.number(), y: z.number(), preview: z.string() }),
  ),
  query: z.object({ x: z.number(), y: z.number(), text: z.string() }).nullable(),
  neighbours: z.array(id),
  total: z.number(),
});

export const AppInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  host: z.enum(['electron', 'browser']),
  platform: z.string(),
  dataDir: z.string(),
  osLanguage: z.string(),
  electron: z.string().nullable(),
  storeBackend: z.enum(['embedded', 'chroma']),
});

export const SecretStatusSchema = z.object({
  hasKey: z.boolean(),
  masked: z.string().nullable(), // e.g. "AIza…x9Q"; the key itself never travels back
  source: z.enum(['env', 'settings', 'none']),
  encryption: z.enum(['os-keychain', 'file-0600', 'none']),
});

export type SecretStatus = z.infer<typeof SecretStatusSchema>;

const empty = z.object({}).strict();

/** A background re-embed after a change of embedding model (electron/engine/library/reembed-progress.ts). */
export const ReembedStatusSchema = z.object({
  targetId: z.string(),
  activeId: z.string(),
  done: z.number(),
  total: z.number(),
  etaSeconds: z.number().nullable(),
  rate: z.number(),
  state: z.enum(['running', 'switching', 'done', 'failed', 'cancelled']),
  error: z.string().optional(),
  /** The failure's code when it has one ('local-only', 'not-running', 'model-missing', 'not-gguf'…): the UI says it in its language. */
  errorCode: z.string().max(100).optional(),
});

/** What a starter question asks for (electron/engine/chat/starter-candidates.ts). */
export const STARTER_KINDS = ['summary', 'dates', 'value', 'document-topic', 'topic'] as const;

/** A suggested first question, made from the user's library and checked to get an answer. */
export const StarterQuestionSchema = z.object({
  text: z.string(),
  kind: z.enum(STARTER_KINDS),
  /** The document the question is about, when it names one. */
  documentId: id.nullable(),
});

/** The welcome screen's suggestions in one language; `pending` while newer ones are being checked. */
export const StartersSchema = z.object({
  language: LanguageSchema,
  questions: z.array(StarterQuestionSchema),
  pending: z.boolean(),
});

/** Which process answers a method: `engine` (the plain-Node engine) or `shell` (needs Electron, or its browser-host stand-in). */
export type Handler = 'engine' | 'shell';

function method<H extends Handler, A extends z.ZodType, R extends z.ZodType>(handler: H, args: A, result: R) {
  return { handler, args, result };
}

export const methods = {
  'app.info': method('shell', empty, AppInfoSchema),
  'app.openExternal': method('shell', z.object({ url: z.string().url().max(4096) }).strict(), z.null()),

  'settings.get': method('engine', empty, SettingsSchema),
  'settings.set': method('engine', SettingsSchema.partial().strict(), SettingsSchema),
  'secrets.status': method('shell', empty, SecretStatusSchema),
  'secrets.setApiKey': method('shell', z.object({ key: z.string().max(500) }).strict(), SecretStatusSchema),
  'secrets.testKey': method('shell', empty, z.object({ ok: z.boolean(), message: z.string() })),

  'library.chooseFolder': method('shell', empty, z.string().nullable()),
  'library.addFolder': method('engine', z.object({ path }).strict(), FolderInfoSchema),
  'library.removeFolder': method('engine', z.object({ folderId: id }).strict(), z.null()),
  'library.listFolders': method('engine', empty, z.array(FolderInfoSchema)),
  'library.listDocuments': method(
    'engine',
    z
      .object({
        folderId: id.optional(),
        statuses: z.array(DocStatusSchema).max(20).optional(),
        query: shortText.optional(),
        offset: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(1000).default(200),
      })
      .strict(),
    z.object({ total: z.number(), items: z.array(DocumentInfoSchema) }),
  ),
  'library.retry': method('engine', z.object({ documentId: id }).strict(), z.null()),
  'library.setPassword': method(
    'engine',
    z.object({ documentId: id, password: z.string().max(1000) }).strict(),
    z.null(),
  ),
  'library.reindexAll': method('engine', empty, z.null()),
  'library.pause': method('engine', empty, IndexProgressSchema),
  'library.resume': method('engine', empty, IndexProgressSchema),
  'library.progress': method('engine', empty, IndexProgressSchema),
  'library.openFile': method('shell', z.object({ documentId: id }).strict(), z.null()),
  'library.showInFolder': method('shell', z.object({ documentId: id }).strict(), z.null()),

  'search.query': method(
    'engine',
    z
      .object({
        query: z.string().min(1).max(2000),
        k: z.number().int().min(1).max(100).default(10),
        mode: SearchModeSchema.default('hybrid'),
        folderIds: z.array(id).max(100).optional(),
        kinds: z.array(FileKindSchema).max(5).optional(),
        pathGlob: z.string().max(500).optional(),
      })
      .strict(),
    z.array(SearchHitSchema),
  ),

  'chat.ask': method(
    'engine',
    z.object({ conversationId: id.nullable(), question: z.string().min(1).max(4000) }).strict(),
    z.object({ conversationId: id, messageId: id }),
  ),
  'chat.stop': method('engine', z.object({ messageId: id }).strict(), z.null()),
  /** The current suggestions at once; newer ones, when the library changed, follow as a `chat.starters` event. */
  'chat.starters': method('engine', z.object({ language: LanguageSchema }).strict(), StartersSchema),
  'conversations.list': method('engine', empty, z.array(ConversationSchema)),
  'conversations.get': method(
    'engine',
    z.object({ conversationId: id }).strict(),
    z.object({ conversation: ConversationSchema, messages: z.array(MessageSchema) }),
  ),
  'conversations.rename': method(
    'engine',
    z.object({ conversationId: id, title: z.string().min(1).max(200) }).strict(),
    z.null(),
  ),
  'conversations.delete': method('engine', z.object({ conversationId: id }).strict(), z.null()),
  'conversations.export': method(
    'engine',
    z.object({ conversationId: id }).strict(),
    z.object({ filename: z.string(), markdown: z.string() }),
  ),

  'source.get': method('engine', z.object({ documentId: id }).strict(), SourceSchema),
  /** The original PDF bytes, base64, for pdf.js in the renderer. Only documents of indexed folders. */
  'source.pdf': method('engine', z.object({ documentId: id }).strict(), z.object({ base64: z.string() })),

  'inspect.tokens': method('engine', z.object({ text: z.string().max(2_000_000) }).strict(), TokenViewSchema),
  'inspect.promptPreview': method(
    'engine',
    z.object({ question: z.string().max(4000), template: PromptTemplateSchema.optional() }).strict(),
    PromptReportSchema,
  ),
  'inspect.embeddingMap': method(
    'engine',
    z
      .object({ query: z.string().max(2000).optional(), limit: z.number().int().min(10).max(20_000).default(3000) })
      .strict(),
    EmbeddingMapSchema,
  ),
  'quickAsk.continue': method('shell', z.object({ conversationId: id }).strict(), z.null()),

  /** GGUF files in the well-known model folders, Lucarne's own and the ones the user added. */
  'models.list': method(
    'engine',
    z.object({ refresh: z.boolean().default(false) }).strict(),
    z.object({ models: z.array(FoundModelSchema), freeBytes: z.number(), folders: z.array(z.string()) }),
  ),
  /** Adds a GGUF file (dropped or picked); its header is read and checked first. */
  'models.add': method('engine', z.object({ path }).strict(), FoundModelSchema),
  'models.forget': method('engine', z.object({ path }).strict(), z.null()),
  'models.chooseFile': method('shell', empty, z.string().nullable()),
  'models.serverModels': method(
    'engine',
    z.object({ kind: z.enum(['ollama', 'openai-compatible']), baseUrl: z.string().max(2000) }).strict(),
    z.array(ServerModelSchema),
  ),
  'models.catalog': method('engine', empty, z.array(CatalogEntrySchema)),
  'models.download': method('engine', z.object({ id: z.string().max(200) }).strict(), DownloadStatusSchema),
  'models.cancelDownload': method('engine', z.object({ id: z.string().max(200) }).strict(), z.null()),
  'models.test': method('engine', empty, ModelTestSchema),
  'library.reembedStatus': method('engine', empty, ReembedStatusSchema.nullable()),
} as const;

export type Methods = typeof methods;
export type MethodName = keyof Methods;
export type MethodArgs<M extends MethodName> = z.input<Methods[M]['args']>;
export type MethodResult<M extends MethodName> = z.output<Methods[M]['result']>;
/** Arguments as handlers receive them: validated, defaults applied. */
export type MethodParsedArgs<M extends MethodName> = z.output<Methods[M]['args']>;
export type MethodsOf<H extends Handler> = {
  [K in MethodName]: Methods[K]['handler'] extends H ? K : never;
}[MethodName];
/** A table of handlers for one side of the contract, typed method by method. */
export type HandlerTable<H extends Handler> = {
  [K in MethodsOf<H>]: (args: MethodParsedArgs<K>) => Promise<MethodResult<K>> | MethodResult<K>;
};

export const events = {
  'library.progress': IndexProgressSchema,
  'library.changed': z.object({ folderId: id.nullable() }),
  'chat.retrieved': z.object({ messageId: id, hits: z.array(SearchHitSchema), report: PromptReportSchema }),
  'chat.delta': z.object({ messageId: id, text: z.string() }),
  'chat.done': z.object({
    messageId: id,
    status: z.enum(['done', 'stopped', 'error']),
    citations: z.array(CitationSchema),
    error: z.string().nullable(),
    citationCheck: CitationCheckSchema.nullable(),
  }),
  'chat.starters': StartersSchema,
  'settings.changed': SettingsSchema,
  'app.navigate': z.object({ route: z.string().max(200) }),
  'models.download': DownloadStatusSchema,
  'library.reembed': ReembedStatusSchema,
} as const;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;

export const CHANNEL_PREFIX = 'lucarne:';
export const EVENT_CHANNEL = 'lucarne:event';

export type ApiError = {
  code: 'invalid-arguments' | 'unknown-method' | 'forbidden' | 'failed' | 'unavailable';
  message: string;
};
export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiError };

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.hasOwn(methods, name);
}

/** Validates a call's arguments; the single gate every transport goes through. */
export function parseArgs<M extends MethodName>(name: M, raw: unknown): ApiResult<z.output<Methods[M]['args']>> {
  const parsed = methods[name].args.safeParse(raw ?? {});
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    return { ok: false, error: { code: 'invalid-arguments', message: `${name}: ${detail}` } };
  }
  return { ok: true, value: parsed.data as z.output<Methods[M]['args']> };
}

/** The renderer-facing API surface, as exposed on window.lucarne and by the WebSocket client. */
export interface LucarneApi {
  call<M extends MethodName>(name: M, args: MethodArgs<M>): Promise<ApiResult<MethodResult<M>>>;
  on<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): () => void;
}
