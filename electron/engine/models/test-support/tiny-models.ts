// Tiny GGUF models for the tests, written by the project's own script (scripts/make-tiny-gguf.mjs) exactly as a
// user or CI would run it: a llama-architecture chat model, or with `embedding` a variant declaring mean pooling.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
export const MAKE_TINY_GGUF = join(REPO, 'scripts', 'make-tiny-gguf.mjs');

/** Writes a tiny model at `out` (folders created) and returns `out`. */
export function writeTinyModel(
  out: string,
  opts: { embedding?: boolean; name?: string; context?: number } = {},
): string {
  mkdirSync(dirname(out), { recursive: true });
  const args = [MAKE_TINY_GGUF, out];
  if (opts.embedding) args.push('--embedding');
  if (opts.name) args.push('--name', opts.name);
  if (opts.context) args.push('--context', String(opts.context));
  execFileSync(process.execPath, args, { stdio: 'ignore' });
  return out;
}

/** The tiny model's shape (make-tiny-gguf.mjs): 64-d, 2 blocks, 4 heads, FFN 128, a 274-token vocabulary. */
export const TINY = { embedding: 64, blocks: 2, heads: 4, ffn: 128, vocab: 5 + 256 + 13 } as const;

/** Its weights count, from the tensor shapes the script writes (token_embd, output_norm, output, 2 blocks). */
export function tinyParameterCount(): number {
  const { embedding: e, blocks, ffn, vocab } = TINY;
  const perBlock = e /* attn_norm */ + 4 * e * e /* q, k, v, o */ + e /* ffn_norm */ + 3 * e * ffn; /* gate, down, up */
  return vocab * e /* token_embd */ + e /* output_norm */ + vocab * e /* output */ + blocks * perBlock;
}
