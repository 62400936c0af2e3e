// Model process only: loads node-llama-cpp (an ES module, imported dynamically so that it stays outside the
// bundles and is never loaded by the engine itself) and its prebuilt llama.cpp binary, once. Never builds
// llama.cpp from source: with no prebuilt binary for this machine the error says so.
import type { Llama } from 'node-llama-cpp';
import { GgufError, ggufErrors } from './errors';

export type NodeLlamaCpp = typeof import('node-llama-cpp');

/** The last llama.cpp warnings and errors: load failures are explained there, not in the thrown error. */
const recentLog: string[] = [];
const LOG_KEEP = 8;

export function recentLlamaLog(): string[] {
  return [...recentLog];
}

export function clearLlamaLog(): void {
  recentLog.length = 0;
}

/**
 * GPU where the platform offers one ('auto': CUDA, Vulkan or Metal, else CPU), the CPU when
 * LUCARNE_LLAMA_GPU=0 or under tests (probing GPU back-ends costs time and CPU on the shared test machines).
 */
export function gpuSetting(env: NodeJS.ProcessEnv = process.env): false | 'auto' {
  if (env.LUCARNE_LLAMA_GPU === '0' || env.VITEST || env.NODE_ENV === 'test') return false;
  return 'auto';
}

let module: Promise<NodeLlamaCpp> | null = null;
let llama: Promise<Llama> | null = null;

export function nodeLlamaCpp(): Promise<NodeLlamaCpp> {
  module ??= import('node-llama-cpp');
  return module;
}

export function getLlamaOnce(): Promise<Llama> {
  llama ??= start().catch((e) => {
    llama = null; // a later request may try again (and report the same error)
    throw e;
  });
  return llama;
}

async function start(): Promise<Llama> {
  const nlc = await nodeLlamaCpp();
  try {
    return await nlc.getLlama({
      gpu: gpuSetting(),
      build: 'never',
      // Tests only: simulates a machine for which no prebuilt binary exists (nothing else would be found).
      usePrebuiltBinaries: process.env.LUCARNE_LLAMA_NO_PREBUILT !== '1',
      logLevel: nlc.LlamaLogLevel.warn,
      logger: (level, message) => {
        if (level !== nlc.LlamaLogLevel.warn && level !== nlc.LlamaLogLevel.error) return;
        recentLog.push(message.trim());
        if (recentLog.length > LOG_KEEP) recentLog.shift();
      },
    });
  } catch (e) {
    if (e instanceof GgufError) throw e;
    const detail = e instanceof nlc.NoBinaryFoundError || (e as Error)?.name === 'NoBinaryFoundError';
    throw ggufErrors.noBinary(
      detail ? `${process.platform}-${process.arch}` : `${process.platform}-${process.arch}: ${(e as Error)?.message}`,
    );
  }
}

/** Releases the binary's resources (the process is about to exit). */
export async function disposeLlama(): Promise<void> {
  const current = llama;
  llama = null;
  await (await current?.catch(() => null))?.dispose();
}
