// Model process only: what a GGUF file is and what it needs, from its header alone (no weights loaded).
// Runs before every first load so that a file that is not a GGUF, a truncated download or a model too big for
// the memory left is refused with a clear message instead of failing (or crashing) inside llama.cpp.
import { stat } from 'node:fs/promises';
import type { GgufFileInfo, GgufInsights } from 'node-llama-cpp';
import { ggufErrors } from './errors';
import { toGgufError } from './llama-errors';
import { getLlamaOnce, nodeLlamaCpp } from './llama-module';
import type { InspectResult, Role } from './protocol';

/** Reads the header; every failure is a GgufError (not-found, not-gguf, corrupt, unsupported, no-binary). */
export async function inspectModel(path: string, role: Role, contextCap: number): Promise<InspectResult> {
  const size = await fileSize(path);
  const nlc = await nodeLlamaCpp();
  let info: GgufFileInfo;
  try {
    info = await nlc.readGgufFileInfo(path, { sourceType: 'filesystem', logWarnings: false });
  } catch (e) {
    const err = toGgufError(e, { path, what: 'read the model file', nlc });
    // Anything but a wrong magic while parsing the header means the header itself is damaged.
    throw err.code === 'failed' ? ggufErrors.corrupt(path, `its header cannot be read: ${err.message}`) : err;
  }
  const llama = await getLlamaOnce();
  const insights = await nlc.GgufInsights.from(info, llama);
  checkComplete(info, insights, size, path);
  const architecture = String(info.metadata?.general?.architecture ?? 'unknown');
  if (!insights.isSupportedByLlamaCpp) throw ggufErrors.unsupported(path, `unknown architecture "${architecture}"`);

  const trainContextSize = Number(insights.trainContextSize ?? 0);
  const contextSize = Math.max(16, Math.min(trainContextSize || contextCap, contextCap));
  const pooling = (info.architectureMetadata as { pooling_type?: unknown }).pooling_type;
  const template = (info.metadata?.tokenizer as { chat_template?: unknown } | undefined)?.chat_template;
  const { weightsBytes, contextBytes } = await estimateMemory(insights, contextSize, role);
  return {
    architecture,
    name: typeof info.metadata?.general?.name === 'string' ? info.metadata.general.name : null,
    fileBytes: size,
    trainContextSize,
    contextSize,
    embeddingSize: Number(insights.embeddingVectorSize ?? 0),
    poolingType: typeof pooling === 'number' ? pooling : null,
    hasChatTemplate: typeof template === 'string' && template.trim().length > 0,
    hasEncoder: insights.hasEncoder,
    hasDecoder: insights.hasDecoder,
    weightsBytes,
    contextBytes,
  };
}

async function fileSize(path: string): Promise<number> {
  try {
    const s = await stat(path);
    if (s.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    if (s.size < 8) throw ggufErrors.notGguf(path);
    return s.size;
  } catch (e) {
    throw toGgufError(e, { path, what: 'read the model file' });
  }
}

/**
 * A truncated file: node-llama-cpp reads a header cut short without complaint (it returns zeros), so the
 * header's end and the tensors' extent are checked against the file's size. The tensors' total size (padding
 * excluded) is a lower bound of the data section: a file shorter than header + tensors is certainly cut.
 */
function checkComplete(info: GgufFileInfo, insights: GgufInsights, size: number, path: string): void {
  if (info.splicedParts !== 1) return; // split models: llama.cpp checks each part when it loads
  const headerEnd = Number(info.infoEndOffset ?? 0);
  if (headerEnd > size) throw ggufErrors.corrupt(path, `the file ends inside its header, at byte ${size}`);
  const tensors = info.fullTensorInfo ?? info.tensorInfo ?? [];
  const first = tensors[0];
  if (!first || tensors.some((t) => !t.name)) throw ggufErrors.corrupt(path, 'its list of tensors is damaged');
  const dataStart = Number(BigInt(first.fileOffset) - BigInt(first.offset));
  const expected = dataStart + insights.modelSize;
  if (size < expected)
    throw ggufErrors.corrupt(
      path,
      `${(size / 2 ** 20).toFixed(1)} MB of at least ${(expected / 2 ** 20).toFixed(1)} MB are there`,
    );
}

/** node-llama-cpp's estimates, all on the CPU (no GPU offload is assumed: the conservative figure). */
async function estimateMemory(
  insights: GgufInsights,
  contextSize: number,
  role: Role,
): Promise<{ weightsBytes: number; contextBytes: number }> {
  const weights = await insights.estimateModelResourceRequirementsV2({ gpuLayers: 0 });
  const context = await insights.estimateContextResourceRequirementsV2({
    contextSize,
    modelGpuLayers: 0,
    sequences: 1,
    isEmbeddingContext: role === 'embedding',
    batchSize: role === 'embedding' ? contextSize : undefined,
  });
  return { weightsBytes: weights.cpuRam + weights.gpuVram, contextBytes: context.cpuRam + context.gpuVram };
}
