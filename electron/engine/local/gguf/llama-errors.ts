// Model process only: turns what node-llama-cpp and llama.cpp throw (often a bare "Failed to load model",
// with the reason only in llama.cpp's log) into a GgufError whose message the user can act on.
import { errorMessage } from '../../../../shared/errors';
import { GgufError, ggufErrors } from './errors';
import { type NodeLlamaCpp, recentLlamaLog } from './llama-module';

const FS_CODES: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'it is a folder',
  ENOTDIR: 'a folder in its path is a file',
  EIO: 'input/output error',
};

/** The llama.cpp log line that explains the failure, when there is one. */
function logReason(): string | undefined {
  const lines = recentLlamaLog().filter((l) => /error|failed|invalid|not within|unknown/i.test(l));
  const line = lines.find((l) => /error loading model/i.test(l)) ?? lines.at(-1);
  return line?.replace(/^llama_model_load:\s*/, '').replace(/^error loading model:\s*/, '');
}

export interface ErrorContext {
  path: string;
  /** What was being done, for the generic message: "load the model", "write the answer"… */
  what: string;
  contextSize?: number;
  nlc?: NodeLlamaCpp;
}

export function toGgufError(e: unknown, { path, what, contextSize, nlc }: ErrorContext): GgufError {
  if (e instanceof GgufError) return e;
  const code = (e as NodeJS.ErrnoException)?.code;
  if (typeof code === 'string' && FS_CODES[code]) return ggufErrors.notFound(path, FS_CODES[code]);
  const message = errorMessage(e);
  const name = (e as Error)?.constructor?.name ?? '';
  if (name === 'InvalidGgufMagicError' || /Invalid GGUF magic/i.test(message)) return ggufErrors.notGguf(path);
  if ((nlc && e instanceof nlc.InsufficientMemoryError) || name === 'InsufficientMemoryError')
    return ggufErrors.tooBigForLlama(path, message);
  if ((nlc && e instanceof nlc.NoBinaryFoundError) || name === 'NoBinaryFoundError')
    return ggufErrors.noBinary(`${process.platform}-${process.arch}`);
  if (/Failed to load model/i.test(message)) {
    const reason = logReason() ?? 'llama.cpp could not read it';
    if (/not within the file bounds|incomplete|corrupt|truncat|unexpected end/i.test(reason))
      return ggufErrors.corrupt(path, reason);
    if (/unknown model architecture|unsupported/i.test(reason)) return ggufErrors.unsupported(path, reason);
    if (/alloc|out of memory|memory/i.test(reason)) return ggufErrors.tooBigForLlama(path, reason);
    return ggufErrors.unsupported(path, reason);
  }
  if (/not supported for encoder-decoder/i.test(message)) return ggufErrors.unsupported(path, message);
  if (/Failed to compress chat history|context size is too small|longer than the (usable )?context/i.test(message))
    return ggufErrors.promptTooLong(contextSize);
  return ggufErrors.failed(what, message);
}
