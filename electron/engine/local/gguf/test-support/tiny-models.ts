// Test helper: writes the project's tiny random-weight GGUF models (scripts/make-tiny-gguf.mjs) and a few
// broken files into a temporary folder, so that the local-model tests load real files with real llama.cpp.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

type TinyGguf = (opts?: { embedding?: boolean; seed?: number; context?: number; name?: string }) => Buffer;

export interface TinyModels {
  dir: string;
  /** A llama-architecture chat model with a ChatML template (64-d, context 512). */
  chat: string;
  /** The embedding variant: declares mean pooling, has no chat template. */
  embed: string;
  /** The chat model cut in the middle of its weights, and inside its header. */
  truncated: string;
  truncatedHeader: string;
  /** Text with a .gguf name; an empty file; a folder named like a model. */
  notGguf: string;
  empty: string;
  folder: string;
  missing: string;
  cleanup(): void;
}

/** `chatContext`: the chat model's trained context (default 512; the benchmark wants longer answers). */
export async function writeTinyModels(opts: { chatContext?: number } = {}): Promise<TinyModels> {
  const script = resolve(import.meta.dirname, '../../../../../scripts/make-tiny-gguf.mjs');
  const { tinyGguf } = (await import(pathToFileURL(script).href)) as { tinyGguf: TinyGguf };
  const dir = mkdtempSync(join(tmpdir(), 'lucarne-gguf-'));
  const chatBytes = tinyGguf({ context: opts.chatContext ?? 512 });
  const files = {
    chat: join(dir, 'tiny-chat.gguf'),
    embed: join(dir, 'tiny-embed.gguf'),
    truncated: join(dir, 'truncated.gguf'),
    truncatedHeader: join(dir, 'truncated-header.gguf'),
    notGguf: join(dir, 'notes.gguf'),
    empty: join(dir, 'empty.gguf'),
    folder: join(dir, 'folder.gguf'),
    missing: join(dir, 'missing.gguf'),
  };
  writeFileSync(files.chat, chatBytes);
  writeFileSync(files.embed, tinyGguf({ embedding: true }));
  writeFileSync(files.truncated, chatBytes.subarray(0, Math.floor(chatBytes.length * 0.6)));
  writeFileSync(files.truncatedHeader, chatBytes.subarray(0, 2000));
  writeFileSync(files.notGguf, 'These are my notes, not a model.\n'.repeat(20));
  writeFileSync(files.empty, '');
  mkdirSync(files.folder);
  return { dir, ...files, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
