// Bytes a GGUF tensor takes on disk, from its ggml type and element count. node-llama-cpp gives the sizes only
// through its native bindings (loading the library); the header reader needs them without that, to tell a
// complete file from a truncated one, so the block layouts of ggml's types are written down here.
//
// Each entry is [elements per block, bytes per block], from ggml's block_* structs (ggml-common.h): e.g. Q4_K is
// 256 weights in 144 bytes (d, dmin: 2 × fp16; 12 bytes of scales; 128 bytes of 4-bit quants).
const BLOCKS: Record<number, [number, number]> = {
  0: [1, 4], // F32
  1: [1, 2], // F16
  2: [32, 18], // Q4_0
  3: [32, 20], // Q4_1
  6: [32, 22], // Q5_0
  7: [32, 24], // Q5_1
  8: [32, 34], // Q8_0
  9: [32, 36], // Q8_1
  10: [256, 84], // Q2_K
  11: [256, 110], // Q3_K
  12: [256, 144], // Q4_K
  13: [256, 176], // Q5_K
  14: [256, 210], // Q6_K
  15: [256, 292], // Q8_K
  16: [256, 66], // IQ2_XXS
  17: [256, 74], // IQ2_XS
  18: [256, 98], // IQ3_XXS
  19: [256, 50], // IQ1_S
  20: [32, 18], // IQ4_NL
  21: [256, 110], // IQ3_S
  22: [256, 82], // IQ2_S
  23: [256, 136], // IQ4_XS
  24: [1, 1], // I8
  25: [1, 2], // I16
  26: [1, 4], // I32
  27: [1, 8], // I64
  28: [1, 8], // F64
  29: [256, 56], // IQ1_M
  30: [1, 2], // BF16
  34: [256, 54], // TQ1_0
  35: [256, 66], // TQ2_0
  39: [32, 17], // MXFP4
};

/** Elements of a tensor (the product of its dimensions). */
export function tensorElements(dimensions: readonly (number | bigint)[]): number {
  return dimensions.reduce<number>((n, d) => n * Number(d), 1);
}

/** Bytes of a tensor of this ggml type, or null for a type not listed above. */
export function tensorBytes(ggmlType: number, dimensions: readonly (number | bigint)[]): number | null {
  const block = BLOCKS[ggmlType];
  if (!block) return null;
  return Math.ceil(tensorElements(dimensions) / block[0]) * block[1];
}
