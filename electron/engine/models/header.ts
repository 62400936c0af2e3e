// What a GGUF model file is, read from its header without loading the weights: name, architecture, size,
// quantization, context, role (chat or embedding). Parsing is node-llama-cpp's own (readGgufFileInfo), loaded
// on first use so an engine that never touches local models never loads it; what this module adds is the
// judgement (which role, which quantization) and errors a user can act on, including a truncated file, which
// the parser itself does not notice (it reads zeros past the end).
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { ModelFileError } from './errors';
import { prefixesFor } from './prefixes';
import { tensorBytes, tensorElements } from './tensor-bytes';

export type ModelRole = 'chat' | 'embedding';

export interface ModelInfo {
  path: string;
  fileName: string;
  /** general.name, else the file name without `.gguf`. */
  name: string;
  architecture: string;
  /** Weights count: general.parameter_count, else summed from the tensor shapes. */
  parameters: number | null;
  /** 'Q4_K_M', 'Q8_0', 'F16'…: from general.file_type, else the type holding most weights. */
  quantization: string | null;
  contextLength: number | null;
  embeddingLength: number | null;
  /** Bytes on disk (all the parts of a split model). */
  fileBytes: number;
  role: ModelRole;
  hasChatTemplate: boolean;
  /** The embedding family whose query/document prefixes apply (prefixes.ts), or null. */
  family: string | null;
  /** Transformer layers and attention shape, for the memory estimate (null when the header lacks them). */
  blockCount: number | null;
  headCount: number | null;
  headCountKv: number | null;
  keyLength: number | null;
  valueLength: number | null;
}

// Encoder-only architectures: they embed text and cannot generate it (llama.cpp names, general.architecture).
const ENCODER_ARCHITECTURES = new Set([
  'bert',
  'nomic-bert',
  'nomic-bert-moe',
  'jina-bert-v2',
  'jina-bert-v3',
  'neo-bert',
  'modern-bert',
  't5encoder',
  'gemma-embedding',
]);

// The big arrays of the tokenizer are skipped: nothing here needs them and they are most of a header.
const IGNORED_KEYS = [
  'tokenizer.ggml.tokens',
  'tokenizer.ggml.scores',
  'tokenizer.ggml.token_type',
  'tokenizer.ggml.merges',
  'tokenizer.ggml.precompiled_charsmap',
];

const SPLIT_PART = /-(\d{5})-of-(\d{5})\.gguf$/i;
const GGUF_MAGIC = Buffer.from('GGUF', 'ascii');

type Metadata = Record<string, unknown>;

function num(v: unknown): number | null {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'bigint') return Number(v);
  if (Array.isArray(v) && v.length > 0) {
    // Some models give a per-layer array (head_count_kv); the largest is the safe one for memory.
    const ns = v.map(num).filter((n): n is number => n !== null);
    return ns.length ? Math.max(...ns) : null;
  }
  return null;
}

function obj(v: unknown): Metadata {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Metadata) : {};
}

function stem(fileName: string): string {
  return fileName.replace(/\.gguf$/i, '');
}

/** 'MOSTLY_Q4_K_M' → 'Q4_K_M', 'ALL_F32' → 'F32'. */
function fileTypeName(enumNames: Record<number, string>, fileType: number | null): string | null {
  if (fileType === null) return null;
  const name = enumNames[fileType];
  return name ? name.replace(/^(MOSTLY|ALL)_/, '') : null;
}

/** The ggml type holding the most weights among the matrices: the quantization when file_type is absent. */
function dominantTensorType(
  tensors: readonly { dimensions: readonly (number | bigint)[]; ggmlType: number }[],
  typeNames: Record<number, string>,
): string | null {
  const weights = new Map<number, number>();
  for (const t of tensors) {
    if (t.dimensions.length < 2) continue;
    weights.set(t.ggmlType, (weights.get(t.ggmlType) ?? 0) + tensorElements(t.dimensions));
  }
  let best: number | null = null;
  for (const [type, n] of weights) if (best === null || n > (weights.get(best) ?? 0)) best = type;
  return best === null ? null : (typeNames[best] ?? null);
}

/** Why the path cannot be read, as a ModelFileError (missing, a folder, permissions). */
function unreadable(path: string, err: unknown): ModelFileError {
  const code = (err as NodeJS.ErrnoException)?.code;
  const why =
    code === 'ENOENT'
      ? 'does not exist (moved or deleted?)'
      : code === 'EACCES' || code === 'EPERM'
        ? 'cannot be read: permission denied. Check the file permissions'
        : code === 'EISDIR'
          ? 'is a folder, not a model file'
          : `cannot be read (${code ?? (err instanceof Error ? err.message : String(err))})`;
  return new ModelFileError('unreadable', `${path} ${why}.`, path);
}

/** The paths of every part of a split model ("-00001-of-00003.gguf"), or just `path`. */
export function splitParts(path: string): string[] {
  const m = SPLIT_PART.exec(path);
  if (!m) return [path];
  const count = Number(m[2]);
  if (!Number.isFinite(count) || count < 1 || count > 999) return [path];
  const base = path.slice(0, m.index);
  return Array.from({ length: count }, (_v, i) => `${base}-${String(i + 1).padStart(5, '0')}-of-${m[2]}.gguf`);
}

/** Size of each part, or a ModelFileError when one cannot be read. */
async function partSizes(parts: string[]): Promise<number[]> {
  const sizes: number[] = [];
  for (const p of parts) {
    let s: Awaited<ReturnType<typeof stat>>;
    try {
      s = await stat(p);
    } catch (err) {
      throw unreadable(p, err);
    }
    if (s.isDirectory()) throw unreadable(p, Object.assign(new Error('folder'), { code: 'EISDIR' }));
    sizes.push(s.size);
  }
  return sizes;
}

/** A file too short to hold the 4-byte magic: truncated if what is there could be the start of "GGUF". */
async function tooShortError(path: string, size: number): Promise<ModelFileError> {
  const { readFile } = await import('node:fs/promises');
  const head = size > 0 ? await readFile(path).catch(() => Buffer.alloc(0)) : Buffer.alloc(0);
  if (head.equals(GGUF_MAGIC.subarray(0, head.length))) {
    return new ModelFileError(
      'truncated',
      `${path} is ${size === 0 ? 'empty (0 bytes)' : `only ${size} bytes`}: the download or copy did not finish. Download or copy it again.`,
      path,
    );
  }
  return notGguf(path);
}

function notGguf(path: string): ModelFileError {
  return new ModelFileError(
    'not-gguf',
    `${path} is not a GGUF model file (it does not start with "GGUF"). Choose a .gguf file, e.g. from LM Studio, Ollama or Hugging Face.`,
    path,
  );
}

function truncated(path: string, have: number, need: number): ModelFileError {
  return new ModelFileError(
    'truncated',
    `${path} is incomplete: its header describes ${need.toLocaleString('en-US')} bytes but the file has ${have.toLocaleString('en-US')}. The download or copy was interrupted; download it again.`,
    path,
  );
}

export interface ReadModelOptions {
  signal?: AbortSignal;
  /** Give up on a header that takes longer than this to parse (a damaged one can). Default 20 s. */
  timeoutMs?: number;
}

/**
 * Reads a GGUF header (all parts of a split model) without loading the weights.
 * Throws ModelFileError: 'unreadable', 'not-gguf', 'truncated', 'corrupt'.
 */
export async function readModelInfo(path: string, opts: ReadModelOptions = {}): Promise<ModelInfo> {
  const parts = splitParts(path);
  const sizes = await partSizes(parts);
  if (sizes[0] < 4) throw await tooShortError(path, sizes[0]);

  const llama = await import('node-llama-cpp');
  // A damaged header can declare absurd lengths; the parser then keeps reading zeros past the end. A time limit
  // turns that into an error instead of a hang.
  const timeout = AbortSignal.timeout(opts.timeoutMs ?? 20_000);
  const signal = opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout;
  let info: Awaited<ReturnType<typeof llama.readGgufFileInfo>>;
  try {
    info = await llama.readGgufFileInfo(path, {
      logWarnings: false,
      ignoreKeys: IGNORED_KEYS,
      sourceType: 'filesystem',
      signal,
    });
  } catch (err) {
    if (opts.signal?.aborted) throw opts.signal.reason;
    if (/GGUF magic/i.test(String(err))) throw notGguf(path);
    const code = (err as NodeJS.ErrnoException)?.code;
    if (code === 'ENOENT' || code === 'EACCES' || code === 'EPERM' || code === 'EISDIR') throw unreadable(path, err);
    if (code === 'EIO') {
      throw new ModelFileError(
        'truncated',
        `${path} could not be read to the end (${code}). Copy or download it again.`,
        path,
      );
    }
    const why = timeout.aborted ? 'reading it took too long' : err instanceof Error ? err.message : String(err);
    throw new ModelFileError(
      'corrupt',
      `${path} has a GGUF header that cannot be read (${why}). The file is damaged or too new for this version of Lucarne.`,
      path,
    );
  }

  // The parser reads zeros past the end of a short file, so truncation is checked here: the header must fit,
  // and every tensor must end within its part.
  const headerEnd = info.infoEndOffset ?? 0;
  if (headerEnd > sizes[0]) throw truncated(path, sizes[0], headerEnd);
  const tensors = info.fullTensorInfo ?? info.tensorInfo ?? [];
  const needed = sizes.map(() => 0);
  for (const t of tensors) {
    const part = (t.filePart ?? 1) - 1;
    const end = Number(t.fileOffset) + (tensorBytes(t.ggmlType, t.dimensions) ?? 0);
    if (part >= 0 && part < needed.length && end > needed[part]) needed[part] = end;
  }
  for (let i = 0; i < parts.length; i++) if (needed[i] > sizes[i]) throw truncated(parts[i], sizes[i], needed[i]);

  const metadata = obj(info.metadata as unknown);
  const general = obj(metadata.general);
  const architecture = typeof general.architecture === 'string' ? general.architecture : '';
  if (!architecture) {
    throw new ModelFileError(
      'corrupt',
      `${path} has no general.architecture in its header: it is not a usable model.`,
      path,
    );
  }
  const arch = obj(metadata[architecture]);
  const attention = obj(arch.attention);
  const tokenizer = obj(metadata.tokenizer);
  const fileName = basename(path);
  const name = typeof general.name === 'string' && general.name.trim() ? general.name.trim() : stem(fileName);
  const hasChatTemplate = typeof tokenizer.chat_template === 'string' && tokenizer.chat_template.trim() !== '';
  const pooling = num(arch.pooling_type);

  const embeddingByName = /embed/i.test(`${name} ${fileName}`);
  const role: ModelRole =
    ENCODER_ARCHITECTURES.has(architecture) ||
    (pooling !== null && pooling !== 0) ||
    (!hasChatTemplate && embeddingByName)
      ? 'embedding'
      : 'chat';

  const enumNames = llama.GgufFileType as unknown as Record<number, string>;
  const typeNames = llama.GgmlType as unknown as Record<number, string>;
  const declaredParams = num(general.parameter_count);
  const counted = tensors.reduce((n, t) => n + tensorElements(t.dimensions), 0);

  const family = prefixesFor(`${name} ${fileName}`).family;
  return {
    path,
    fileName,
    name,
    architecture,
    parameters: declaredParams ?? (tensors.length ? counted : null),
    quantization: fileTypeName(enumNames, num(general.file_type)) ?? dominantTensorType(tensors, typeNames),
    contextLength: num(arch.context_length),
    embeddingLength: num(arch.embedding_length),
    fileBytes: sizes.reduce((a, b) => a + b, 0),
    role,
    hasChatTemplate,
    family: role === 'embedding' ? family : null,
    blockCount: num(arch.block_count),
    headCount: num(attention.head_count),
    headCountKv: num(attention.head_count_kv),
    keyLength: num(attention.key_length),
    valueLength: num(attention.value_length),
  };
}
