// Domain types shared by the engine, the API contract and the renderer. No Node, no DOM here.

/** Where a document stands. Every file in a watched folder has exactly one. */
export const DOC_STATUSES = [
  'queued', // waiting in the job queue
  'indexing', // being parsed / embedded right now
  'indexed', // searchable
  'empty', // parsed fine, but there is no text (blank page, empty document)
  'no-text-layer', // scanned / image-only PDF: needs OCR, nothing indexed
  'garbage-text', // the text layer is unusable (fonts without a Unicode map); not indexed
  'needs-password', // encrypted; the user can supply a password
  'wrong-password', // a password was supplied and did not open the file
  'too-large', // above the configured size limit
  'unsupported', // a type we do not parse
  'failed', // corrupt, timed out, ran out of memory, unreadable: `message` says which
] as const;
export type DocStatus = (typeof DOC_STATUSES)[number];

/** Page-level or document-level warnings that do not stop indexing. */
export type DocFlag =
  | 'no-text-layer-pages' // some pages have no text layer
  | 'garbage-pages' // some pages had unusable text and were skipped
  | 'ocr-pages' // some pages' text was recognised by OCR (PageSpan.ocr says which, with its confidence)
  | 'truncated' // text beyond the configured maximum was not indexed
  | 'encoding-guessed' // legacy 8-bit encoding detected, not declared
  | 'set-aside' // the engine kept stopping while reading this file: not indexed until the user retries it
  | 'update-failed'; // as set-aside, for a newer version: the version indexed before stays searchable

/** The formats Lucarne reads (docs/formats.md); the API contract's FileKindSchema is built from this list. */
export const FILE_KINDS = [
  'pdf',
  'docx',
  'markdown',
  'text',
  'html',
  'image', // PNG, JPEG, TIFF: text by OCR
  'pptx',
  'xlsx',
  'odt',
  'epub',
  'rtf',
  'csv',
  'email', // .eml
  'code', // source files, by extension
] as const;
export type FileKind = (typeof FILE_KINDS)[number];

/** A page's text recognised by OCR: mean word confidence 0–100 and the Tesseract models used. */
export interface PageOcr {
  confidence: number;
  languages: string[];
}

/**
 * A physical page of a paged document: its character range in the document's text. The one page shape:
 * parsers make it, the store keeps it with the document's text (without `flags`), `source.get` serves it
 * (with `label` and `ocr` always present, null when absent).
 */
export interface PageSpan {
  number: number; // 1-based physical page
  label?: string | null; // printed label ("iv", "12") where the PDF defines page labels
  start: number;
  end: number;
  /** While parsing: why the page's text layer is missing or unusable (not stored). */
  flags?: ('no-text-layer' | 'garbage')[];
  /** Set when the page's text was recognised by OCR. */
  ocr?: PageOcr | null;
  /** Running header and footer lines found on the page and kept out of the text (parse/running-lines.ts). */
  running?: PageRunning | null;
}

/** A page's running header lines (top) and footer lines (bottom), each in reading order. */
export interface PageRunning {
  top: string[];
  bottom: string[];
}

export interface FolderInfo {
  id: number;
  path: string;
  addedAt: string;
  documents: number;
  indexed: number;
  failed: number;
  chunks: number;
}

export interface DocumentInfo {
  id: number;
  folderId: number;
  path: string; // absolute
  relPath: string; // relative to its folder
  kind: FileKind | null;
  size: number;
  mtimeMs: number;
  status: DocStatus;
  message: string | null; // human-readable reason for the status, in English (the UI maps codes)
  flags: DocFlag[];
  pages: number | null;
  chunks: number;
  indexedAt: string | null;
}

/** A passage of a document: what is embedded, searched and cited. */
export interface ChunkInfo {
  id: number;
  documentId: number;
  path: string;
  ordinal: number;
  text: string;
  headingPath: string[];
  pageStart: number | null; // 1-based physical page
  pageEnd: number | null;
  pageLabel: string | null; // printed page label where the PDF has one
  charStart: number; // offsets into the document's full text
  charEnd: number;
  tokens: number;
}

export interface ScoreBreakdown {
  bm25: number | null; // raw BM25 (higher is better) or null if not in the keyword list
  vector: number | null; // cosine similarity or null if not in the vector list
  fused: number; // final fused score
  bm25Rank: number | null; // 1-based rank in the keyword list
  vectorRank: number | null; // 1-based rank in the vector list
}

export interface SearchHit {
  chunk: ChunkInfo;
  score: ScoreBreakdown;
  snippet: string; // short excerpt with the matching terms, for lists
}

export type SearchMode = 'bm25' | 'vector' | 'hybrid';

export interface SearchFilters {
  folderIds?: number[];
  kinds?: FileKind[];
  pathGlob?: string;
}

export interface IndexProgress {
  state: 'idle' | 'scanning' | 'indexing' | 'paused';
  filesDone: number;
  filesTotal: number;
  currentFile: string | null;
  chunksDone: number;
  chunksPerSecond: number;
  etaSeconds: number | null;
  fileStep: { stage: 'ocr'; done: number; total: number } | null;
}

export interface Citation {
  n: number; // the [n] used in the answer
  chunkId: number;
  documentId: number;
  path: string;
  pageStart: number | null;
  pageEnd: number | null;
  pageLabel: string | null;
  charStart: number;
  charEnd: number;
  quote: string; // the passage text (or the cited sentence for extractive answers)
}

/** The citation checker's verdict on one sentence of a written answer (engine/verify). */
export type SentenceSupport = 'supported' | 'partly-supported' | 'not-supported' | 'no-claim';

export interface SentenceCheck {
  text: string;
  /** Offsets in the answer's text as stored (after any repaired citation number). */
  start: number;
  end: number;
  citations: number[];
  support: SentenceSupport;
  /**
   * Where the claim is said: offsets in passage [n]'s text, and in its document (charStart/charEnd, null when
   * the passage is not the document's text character for character).
   */
  span: { n: number; start: number; end: number; charStart: number | null; charEnd: number | null } | null;
  /** What was not found: figures, names, "not"/"¬word" (a negation that differs), "[n]" (no such passage), "citation" (none), or content words. */
  missing: string[];
  /** The citation numbers the engine corrected: those written (none: one was added) and those now shown. */
  repaired?: { from: number[]; to: number[] };
}

export interface PromptSection {
  name: 'instructions' | 'examples' | 'history' | 'question' | 'context' | 'format';
  text: string;
  tokens: number;
}

export interface PromptReport {
  sections: PromptSection[];
  totalTokens: number;
  budgetTokens: number;
  usedChunkIds: number[];
  droppedChunkIds: number[];
}

/** Who answers and embeds: the offline default, Gemini, or one of the three local kinds. */
export const PROVIDER_IDS = ['offline', 'gemini', 'local', 'ollama', 'openai-compatible'] as const;
export type ProviderId = (typeof PROVIDER_IDS)[number];
