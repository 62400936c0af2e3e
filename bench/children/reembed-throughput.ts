// Child: re-embedding throughput. A copy of a chunk library (embedded with the offline model) is re-embedded
// with the tiny GGUF embedding model through the library's real background re-embed (openLibrary's
// changeEmbedder: batches from the store, vectors into the embedding cache, then the switch: the new FAISS
// index built and swapped in), against the same texts embedded by the same GgufEmbedder in one call, before
// and after (the baseline: the model's own speed, nothing of the library around it).
// Usage: reembed-throughput.ts LIBRARY_DIR WORK_DIR ROUNDS
import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { GgufEmbedder, LlamaClient, writeTinyModels } from '../../electron/engine/public/local-models';
import { openLibrary } from '../../electron/engine/public/pipeline';
import { OfflineEmbedder } from '../../electron/engine/public/retrieval';
import { SqliteStore } from '../../electron/engine/public/store';
import { sendResult } from '../lib/child';

const [libraryDir, workDir, roundsArg] = process.argv.slice(2);
const rounds = Number(roundsArg ?? 1);

const models = await writeTinyModels();
const client = new LlamaClient({ env: { LUCARNE_LLAMA_GPU: '0' } });
const embedder = await GgufEmbedder.open({ modelPath: models.embed, queryPrefix: '', documentPrefix: '', client });

/** The distinct chunk texts the re-embed will send (it embeds each distinct text once). */
function libraryTexts(dir: string): { texts: string[]; chunks: number } {
  const store = SqliteStore.open(dir);
  try {
    const chunks = store.chunksMissingVectors(embedder.id, Number.MAX_SAFE_INTEGER);
    const byText = new Map<string, string>();
    for (const c of chunks) if (!byText.has(c.sha256)) byText.set(c.sha256, c.text);
    return { texts: [...byText.values()], chunks: chunks.length };
  } finally {
    store.close();
  }
}

async function direct(texts: string[]): Promise<number> {
  const t0 = performance.now();
  await embedder.embedDocuments(texts);
  return performance.now() - t0;
}

const runs: { directMs: number[]; embedMs: number; switchMs: number; done: number }[] = [];
let size = { texts: 0, chunks: 0 };
try {
  // The model loaded and warm before anything is timed.
  await embedder.embedDocuments(['warm up the model', 'and its context']);
  for (let r = 0; r < rounds; r++) {
    const dir = join(workDir, `reembed-round-${r}`);
    rmSync(dir, { recursive: true, force: true });
    cpSync(libraryDir, dir, { recursive: true });
    const { texts, chunks } = libraryTexts(dir);
    size = { texts: texts.length, chunks };
    const before = await direct(texts);

    // The library is not started: its folder does not exist (the chunks were written straight into the
    // store), and a scan would remove them. The re-embed needs only the store.
    const lib = await openLibrary(dir, { embedder: new OfflineEmbedder(), library: { watch: false } });
    let switchingAt = 0;
    lib.onReembed = (s) => {
      if (s.state === 'switching' && !switchingAt) switchingAt = performance.now();
    };
    const t0 = performance.now();
    await lib.changeEmbedder(embedder);
    const status = await lib.whenReembedSettled();
    const t1 = performance.now();
    if (status?.state !== 'done' || lib.embedder.id !== embedder.id)
      throw new Error(`the re-embed ended ${status?.state}: ${status?.error ?? ''}`);
    await lib.close();
    const after = await direct(texts);
    runs.push({
      directMs: [before, after],
      embedMs: (switchingAt || t1) - t0,
      switchMs: switchingAt ? t1 - switchingAt : 0,
      done: status.done,
    });
    rmSync(dir, { recursive: true, force: true });
  }
} finally {
  await client.dispose();
  models.cleanup();
}
sendResult({ ...size, runs });
process.exit(0);
