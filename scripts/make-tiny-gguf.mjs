#!/usr/bin/env node
// Writes a tiny random-weight GGUF that node-llama-cpp loads: a llama-architecture chat model, or with
// --embedding a variant whose header declares mean pooling (what embedding models such as bge or e5 declare).
// Its output is nonsense; it exists so the local-model paths (header reading, loading, embedding, streaming,
// cancel, unload) are tested for real without downloading anything.
//
//   node scripts/make-tiny-gguf.mjs OUT.gguf [--embedding] [--seed N] [--context N] [--name NAME]
//
// Format: GGUF v3 (https://github.com/ggml-org/ggml/blob/master/docs/gguf.md), little-endian, F32 tensors,
// ggml dimension order [in, out]. Sizes: 64-d, 2 blocks, 4 heads, a SentencePiece-style byte vocabulary.
import { writeFileSync } from 'node:fs';
import { argv, exit } from 'node:process';

const T = { UINT32: 4, INT32: 5, FLOAT32: 6, BOOL: 7, STRING: 8, ARRAY: 9 };
const GGML_F32 = 0;
const ALIGN = 32;

/** Builds the file in memory; exported shape is the CLI below. */
export function tinyGguf({ embedding = false, seed = 1, context = 512, name } = {}) {
  const nEmbd = 64;
  const nFf = 128;
  const nBlocks = 2;
  const nHead = 4;

  // Vocabulary: specials, chat-template markers, the 256 byte fallbacks, a few words (SentencePiece "▁").
  const tokens = ['<unk>', '<s>', '</s>', '<|im_start|>', '<|im_end|>'];
  const types = [2, 3, 3, 3, 3]; // unknown, control ×4
  for (let b = 0; b < 256; b++) {
    tokens.push(`<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`);
    types.push(6); // byte
  }
  for (const w of ['▁the', '▁a', '▁of', '▁and', '▁le', '▁la', '▁de', '▁et', '▁is', '▁est', 'e', 's', '▁']) {
    tokens.push(w);
    types.push(1); // normal
  }
  const scores = tokens.map((_t, i) => (types[i] === 1 ? -i / 100 : 0));
  const nVocab = tokens.length;

  const kv = [];
  const str = (k, v) => kv.push([k, T.STRING, v]);
  const u32 = (k, v) => kv.push([k, T.UINT32, v]);
  const f32 = (k, v) => kv.push([k, T.FLOAT32, v]);
  str('general.architecture', 'llama');
  str('general.name', name ?? (embedding ? 'tiny-embed' : 'tiny-chat'));
  u32('general.alignment', ALIGN);
  u32('general.file_type', 0); // ALL_F32
  u32('llama.context_length', context);
  u32('llama.embedding_length', nEmbd);
  u32('llama.block_count', nBlocks);
  u32('llama.feed_forward_length', nFf);
  u32('llama.attention.head_count', nHead);
  u32('llama.attention.head_count_kv', nHead);
  u32('llama.rope.dimension_count', nEmbd / nHead);
  f32('llama.attention.layer_norm_rms_epsilon', 1e-5);
  if (embedding) u32('llama.pooling_type', 1); // mean
  str('tokenizer.ggml.model', 'llama');
  kv.push(['tokenizer.ggml.tokens', T.ARRAY, { type: T.STRING, values: tokens }]);
  kv.push(['tokenizer.ggml.scores', T.ARRAY, { type: T.FLOAT32, values: scores }]);
  kv.push(['tokenizer.ggml.token_type', T.ARRAY, { type: T.INT32, values: types }]);
  u32('tokenizer.ggml.unknown_token_id', 0);
  u32('tokenizer.ggml.bos_token_id', 1);
  u32('tokenizer.ggml.eos_token_id', 2);
  if (!embedding) {
    // ChatML, the template many small chat models ship: node-llama-cpp picks its chat wrapper from it.
    str(
      'tokenizer.chat_template',
      "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\n' + message['content'] + '<|im_end|>' + '\n'}}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}",
    );
  }

  // Tensors, [in, out] order. Norm weights are ones; the rest small deterministic noise.
  const tensors = [
    ['token_embd.weight', [nEmbd, nVocab]],
    ['output_norm.weight', [nEmbd]],
    ['output.weight', [nEmbd, nVocab]],
  ];
  for (let i = 0; i < nBlocks; i++) {
    const p = `blk.${i}.`;
    tensors.push(
      [`${p}attn_norm.weight`, [nEmbd]],
      [`${p}attn_q.weight`, [nEmbd, nEmbd]],
      [`${p}attn_k.weight`, [nEmbd, nEmbd]],
      [`${p}attn_v.weight`, [nEmbd, nEmbd]],
      [`${p}attn_output.weight`, [nEmbd, nEmbd]],
      [`${p}ffn_norm.weight`, [nEmbd]],
      [`${p}ffn_gate.weight`, [nEmbd, nFf]],
      [`${p}ffn_down.weight`, [nFf, nEmbd]],
      [`${p}ffn_up.weight`, [nEmbd, nFf]],
    );
  }

  let state = seed >>> 0 || 1;
  const rand = () => {
    // xorshift32: the same seed writes the same bytes.
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 0x100000000;
  };

  const parts = [];
  const pushU32 = (v) => {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(v);
    parts.push(b);
  };
  const pushI32 = (v) => {
    const b = Buffer.alloc(4);
    b.writeInt32LE(v);
    parts.push(b);
  };
  const pushU64 = (v) => {
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(BigInt(v));
    parts.push(b);
  };
  const pushF32 = (v) => {
    const b = Buffer.alloc(4);
    b.writeFloatLE(v);
    parts.push(b);
  };
  const pushStr = (s) => {
    const b = Buffer.from(s, 'utf8');
    pushU64(b.length);
    parts.push(b);
  };
  const pushValue = (type, v) => {
    if (type === T.STRING) pushStr(v);
    else if (type === T.UINT32) pushU32(v);
    else if (type === T.INT32) pushI32(v);
    else if (type === T.FLOAT32) pushF32(v);
    else if (type === T.ARRAY) {
      pushU32(v.type);
      pushU64(v.values.length);
      for (const x of v.values) pushValue(v.type, x);
    } else throw new Error(`unsupported type ${type}`);
  };

  parts.push(Buffer.from('GGUF', 'ascii'));
  pushU32(3);
  pushU64(tensors.length);
  pushU64(kv.length);
  for (const [k, type, v] of kv) {
    pushStr(k);
    pushU32(type);
    pushValue(type, v);
  }
  let offset = 0;
  const datas = [];
  for (const [tname, dims] of tensors) {
    pushStr(tname);
    pushU32(dims.length);
    for (const d of dims) pushU64(d);
    pushU32(GGML_F32);
    pushU64(offset);
    const n = dims.reduce((a, b) => a * b, 1);
    const data = Buffer.alloc(n * 4);
    const isNorm = dims.length === 1;
    for (let i = 0; i < n; i++) data.writeFloatLE(isNorm ? 1 : (rand() - 0.5) * 0.2, i * 4);
    const padded = Math.ceil(data.length / ALIGN) * ALIGN;
    datas.push(Buffer.concat([data, Buffer.alloc(padded - data.length)]));
    offset += padded;
  }
  const header = Buffer.concat(parts);
  const pad = Buffer.alloc((ALIGN - (header.length % ALIGN)) % ALIGN);
  return Buffer.concat([header, pad, ...datas]);
}

function main() {
  const args = argv.slice(2);
  const out = args.find((a, i) => !a.startsWith('--') && !['--seed', '--context', '--name'].includes(args[i - 1]));
  if (!out) {
    console.error(
      'usage: node scripts/make-tiny-gguf.mjs OUT.gguf [--embedding] [--seed N] [--context N] [--name NAME]',
    );
    exit(2);
  }
  const opt = (flag) => {
    const i = args.indexOf(flag);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const buf = tinyGguf({
    embedding: args.includes('--embedding'),
    seed: opt('--seed') ? Number(opt('--seed')) : 1,
    context: opt('--context') ? Number(opt('--context')) : 512,
    name: opt('--name'),
  });
  writeFileSync(out, buf);
  console.log(`${out}: ${buf.length} bytes`);
}

if (import.meta.url === `file://${argv[1]}`) main();
