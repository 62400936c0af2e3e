// The seams between the engine's stages: parse → chunk → embed → store → search → answer.
import type { DocFlag, FileKind, PageSpan } from '../../shared/types';

/** A structural block of a parsed document; offsets index into ParsedDocument.text. */
export interface Block {
  kind: 'heading' | 'paragraph' | 'list-item' | 'table-row' | 'code' | 'caption' | 'footnote';
  level?: number; // headings: 1..6
  /** table-row only: which table of the document (0, 1, ...) and whether the row is that table's header. */
  table?: number;
  header?: boolean;
  start: number;
  end: number;
}

/** A physical page of a paged document (shared/types.ts); offsets index into ParsedDocument.text. */
export type { PageOcr, PageSpan } from '../../shared/types';

/** What every parser returns. `text` is the whole document; everything else points into it. */
export interface ParsedDocument {
  kind: FileKind;
  text: string;
  blocks: Block[]; // in document order, non-overlapping; may be empty (the chunker then splits paragraphs itself)
  pages: PageSpan[]; // empty for unpaged formats
  pageCount: number | null;
  title?: string;
  flags: DocFlag[];
  /** Document-level verdict when there is nothing to index. */
  verdict: 'ok' | 'empty' | 'no-text-layer' | 'garbage-text';
  /** Pages (or images) OCR was run on, and how many of them gave text; absent when OCR did not run. */
  ocr?: { attempted: number; recognised: number; error?: string };
}

export type ParseErrorCode =
  | 'needs-password'
  | 'wrong-password'
  | 'corrupt'
  | 'timeout'
  | 'out-of-memory'
  | 'unsupported'
  | 'unreadable'
  | 'too-large';

export class ParseError extends Error {
  constructor(
    readonly code: ParseErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ParseError';
  }
}

/** A chunk as produced by the chunker, before it has an id in the store. */
export interface ChunkDraft {
  ordinal: number;
  text: string;
  headingPath: string[];
  pageStart: number | null;
  pageEnd: number | null;
  pageLabel: string | null;
  charStart: number;
  charEnd: number;
  tokens: number;
  sha256: string; // of `text`; the embedding cache key (with the model id)
}

export interface ChunkOptions {
  targetTokens: number; // default: the chunkTokens setting's (shared/settings.ts)
  overlapTokens: number; // default: the chunkOverlap setting's
}

export interface EmbedOptions {
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

/** Turns text into vectors. Implementations: offline (GloVe SIF), Gemini; deterministic fakes in tests only. */
export interface Embedder {
  /** Stable id of model + settings: the cache key and the FAISS index's identity. */
  readonly id: string;
  readonly dim: number;
  /** True when no text leaves the machine. */
  readonly local: boolean;
  /**
   * What the provider needs to build this embedder again after a restart (kind, model path or name, base
   * URL...), JSON-serialisable and opaque to the library, which stores it with the active model so that an
   * interrupted re-embed resumes with the old model still answering searches. Never a key or a token:
   * secrets come from the shell at each start. Absent: the embedder cannot be rebuilt from the store.
   */
  readonly spec?: unknown;
  embedDocuments(texts: string[], opts?: EmbedOptions): Promise<Float32Array[]>;
  embedQuery(text: string, opts?: EmbedOptions): Promise<Float32Array>;
}

/** A numbered passage given to the generator. */
export interface ContextPassage {
  n: number;
  chunkId: number;
  documentId: number;
  path: string;
  pageStart: number | null;
  pageEnd: number | null;
  pageLabel: string | null;
  charStart: number;
  charEnd: number;
  text: string;
  /** The chunk's heading path (sections, and a table's caption and header row when not in its text). */
  headingPath?: readonly string[];
}

export interface ChatTurn {
  role: 'user' | 'assistant';
  text: string;
}

export interface GenerationRequest {
  question: string;
  history: ChatTurn[];
  passages: ContextPassage[];
  /** The assembled prompt text (system instructions separately) for model-based generators. */
  system: string;
  prompt: string;
  language: 'fr' | 'en';
}

export type GenerationEvent =
  | { type: 'text'; text: string }
  | { type: 'done'; finishReason: string; usage?: { promptTokens?: number; outputTokens?: number } };

/** Writes the answer. Implementations: extractive (offline), Gemini. */
export interface Generator {
  readonly id: string;
  readonly local: boolean;
  /** Tokens the model accepts in its prompt; the prompt builder fits the context into it. */
  readonly contextWindow: number;
  generate(req: GenerationRequest, opts?: { signal?: AbortSignal }): AsyncIterable<GenerationEvent>;
}
