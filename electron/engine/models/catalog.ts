// A short list of models to download for users who have none yet: chat and embedding models by machine size
// and language (French matters to our users). Every size and SHA-256 below was checked against public records
// (Hugging Face's "Git LFS details" pages and independent projects that pin the same file; see `checked`);
// where none could be found the hash is null and the download says the file is "not verified".
//
// The URLs follow `resolve/main`: if a publisher re-uploads a file, its hash changes and the download refuses it
// with a checksum error rather than installing something unchecked.

export type CatalogRole = 'chat' | 'embedding';
export type FrenchSupport = 'good' | 'fair' | 'poor';

export interface CatalogEntry {
  id: string;
  name: string;
  role: CatalogRole;
  /** The file name it is saved under in Lucarne's models folder. */
  fileName: string;
  url: string;
  /** Expected size in bytes (exact when `bytesExact`, else an approximation for the disk-space check). */
  bytes: number;
  bytesExact: boolean;
  /** Lower-case hex SHA-256, or null when no public record of it was found: the download is then "not verified". */
  sha256: string | null;
  license: string;
  contextLength: number;
  /** Embedding models: the vector size. */
  embeddingLength: number | null;
  /** Smallest machine (total RAM, GB) this is recommended for: 8, 16 or 32. */
  ramGb: 8 | 16 | 32;
  french: FrenchSupport;
  /** A sentence for the catalog screen. */
  note: string;
  /** Where the size and hash were checked. */
  checked: string;
}

const HF = 'https://huggingface.co';

export const MODEL_CATALOG: readonly CatalogEntry[] = [
  {
    id: 'multilingual-e5-small-q8_0',
    name: 'multilingual-e5-small (Q8_0)',
    role: 'embedding',
    fileName: 'multilingual-e5-small-q8_0.gguf',
    url: `${HF}/ggml-org/multilingual-e5-small-Q8_0-GGUF/resolve/main/multilingual-e5-small-q8_0.gguf`,
    bytes: 130_000_000,
    bytesExact: false,
    sha256: null,
    license: 'MIT',
    contextLength: 512,
    embeddingLength: 384,
    ramGb: 8,
    french: 'good',
    note: 'Small multilingual search model (about 100 languages): the choice for French documents. SciFact nDCG@10 0.676 (MTEB).',
    checked:
      'not verified: no public record of this file’s size or SHA-256 was found, and its file name follows ggml-org’s usual naming without confirmation',
  },
  {
    id: 'nomic-embed-text-v1.5-q8_0',
    name: 'nomic-embed-text v1.5 (Q8_0)',
    role: 'embedding',
    fileName: 'nomic-embed-text-v1.5.Q8_0.gguf',
    url: `${HF}/nomic-ai/nomic-embed-text-v1.5-GGUF/resolve/main/nomic-embed-text-v1.5.Q8_0.gguf`,
    bytes: 146_146_432,
    bytesExact: true,
    sha256: '3e24342164b3d94991ba9692fdc0dd08e3fd7362e0aacc396a9a5c54a544c3b7',
    license: 'Apache-2.0',
    contextLength: 2048,
    embeddingLength: 768,
    ramGb: 8,
    french: 'poor',
    note: 'English search model with long passages; needs its "search_query: " / "search_document: " prefixes. SciFact nDCG@10 0.703 (MTEB).',
    checked:
      'size and SHA-256 pinned identically by several independent projects (nomic-ai/nomic-embed-text-v1.5-GGUF)',
  },
  {
    id: 'bge-small-en-v1.5-q8_0',
    name: 'bge-small-en v1.5 (Q8_0)',
    role: 'embedding',
    fileName: 'bge-small-en-v1.5-q8_0.gguf',
    url: `${HF}/CompendiumLabs/bge-small-en-v1.5-gguf/resolve/main/bge-small-en-v1.5-q8_0.gguf`,
    bytes: 36_806_944,
    bytesExact: true,
    sha256: 'ec38e8da142596baa913124ae50550de284b6916bf59577ef2f0cb9660c2f514',
    license: 'MIT',
    contextLength: 512,
    embeddingLength: 384,
    ramGb: 8,
    french: 'poor',
    note: 'Tiny, fast English search model; the best SciFact score of the three (nDCG@10 0.713, MTEB).',
    checked: 'SHA-256 on Hugging Face’s LFS page for the same file; size and hash pinned by several projects',
  },
  {
    id: 'qwen2.5-1.5b-instruct-q4_k_m',
    name: 'Qwen2.5 1.5B Instruct (Q4_K_M)',
    role: 'chat',
    fileName: 'qwen2.5-1.5b-instruct-q4_k_m.gguf',
    url: `${HF}/Qwen/Qwen2.5-1.5B-Instruct-GGUF/resolve/main/qwen2.5-1.5b-instruct-q4_k_m.gguf`,
    bytes: 1_117_320_736,
    bytesExact: true,
    sha256: '6a1a2eb6d15622bf3c96857206351ba97e1af16c30d7a74ee38970e434e9407e',
    license: 'Apache-2.0',
    contextLength: 32_768,
    embeddingLength: null,
    ramGb: 8,
    french: 'good',
    note: 'Small multilingual answer model (French included) for 8 GB machines; short, plain answers.',
    checked: 'SHA-256 on Hugging Face’s LFS page (Qwen/Qwen2.5-1.5B-Instruct-GGUF); exact size from independent pins',
  },
  {
    id: 'qwen2.5-3b-instruct-q4_k_m',
    name: 'Qwen2.5 3B Instruct (Q4_K_M)',
    role: 'chat',
    fileName: 'qwen2.5-3b-instruct-q4_k_m.gguf',
    url: `${HF}/Qwen/Qwen2.5-3B-Instruct-GGUF/resolve/main/qwen2.5-3b-instruct-q4_k_m.gguf`,
    bytes: 2_104_932_768,
    bytesExact: true,
    sha256: '626b4a6678b86442240e33df819e00132d3ba7dddfe1cdc4fbb18e0a9615c62d',
    license: 'Qwen Research License (non-commercial)',
    contextLength: 32_768,
    embeddingLength: null,
    ramGb: 16,
    french: 'good',
    note: 'Better multilingual answers (French included); note its licence is non-commercial.',
    checked: 'size and SHA-256 pinned identically by several independent projects (Qwen/Qwen2.5-3B-Instruct-GGUF)',
  },
  {
    id: 'llama-3.2-3b-instruct-q4_k_m',
    name: 'Llama 3.2 3B Instruct (Q4_K_M)',
    role: 'chat',
    fileName: 'Llama-3.2-3B-Instruct-Q4_K_M.gguf',
    url: `${HF}/bartowski/Llama-3.2-3B-Instruct-GGUF/resolve/main/Llama-3.2-3B-Instruct-Q4_K_M.gguf`,
    bytes: 2_019_377_696,
    bytesExact: true,
    sha256: '6c1a2b41161032677be168d354123594c0e6e67d2b9227c84f296ad037c728ff',
    license: 'Llama 3.2 Community License',
    contextLength: 131_072,
    embeddingLength: null,
    ramGb: 16,
    french: 'fair',
    note: 'Good general answers in English; French is officially supported but weaker than Qwen at this size.',
    checked:
      'SHA-256 on Hugging Face’s LFS page (bartowski/Llama-3.2-3B-Instruct-GGUF); exact size from independent pins',
  },
  {
    id: 'mistral-7b-instruct-v0.3-q4_k_m',
    name: 'Mistral 7B Instruct v0.3 (Q4_K_M)',
    role: 'chat',
    fileName: 'Mistral-7B-Instruct-v0.3-Q4_K_M.gguf',
    url: `${HF}/bartowski/Mistral-7B-Instruct-v0.3-GGUF/resolve/main/Mistral-7B-Instruct-v0.3-Q4_K_M.gguf`,
    bytes: 4_372_812_000,
    bytesExact: true,
    sha256: '1270d22c0fbb3d092fb725d4d96c457b7b687a5f5a715abe1e818da303e562b6',
    license: 'Apache-2.0',
    contextLength: 32_768,
    embeddingLength: null,
    ramGb: 16,
    french: 'good',
    note: 'The strongest answers here, French included; wants 16 GB or more (32 GB for long contexts).',
    checked: 'size and SHA-256 pinned identically by several independent projects (bartowski, revision 61fd416)',
  },
];

/** A catalog entry by id, or undefined. */
export function catalogEntry(id: string): CatalogEntry | undefined {
  return MODEL_CATALOG.find((e) => e.id === id);
}

/**
 * What to suggest for a machine: the entries that fit its RAM, French-capable first when the library is French,
 * then the larger (better) models first.
 */
export function recommendedModels(opts: { totalRamGb: number; french?: boolean }): {
  chat: CatalogEntry[];
  embedding: CatalogEntry[];
} {
  const rank: Record<FrenchSupport, number> = { good: 0, fair: 1, poor: 2 };
  const fits = MODEL_CATALOG.filter((e) => e.ramGb <= opts.totalRamGb);
  const order = (a: CatalogEntry, b: CatalogEntry) =>
    (opts.french ? rank[a.french] - rank[b.french] : 0) || b.ramGb - a.ramGb || b.bytes - a.bytes;
  return {
    chat: fits.filter((e) => e.role === 'chat').sort(order),
    embedding: fits.filter((e) => e.role === 'embedding').sort(order),
  };
}
