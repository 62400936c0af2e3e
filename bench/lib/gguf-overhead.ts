// Lucarne's overhead over node-llama-cpp called directly, on the tiny generated models: embedding N texts
// (GgufEmbedder: batches sent to the model process, vectors normalised) and writing N tokens (GgufGenerator:
// tokens streamed back over IPC) against the same calls made in this process with the same model, context
// size, threads and prompt. Used by bench/sections/local-models.ts and bench/standalone/gguf-overhead.ts.
// The tiny model computes almost nothing per token, so the ratio here is an upper bound: with a real model
// the same fixed costs weigh far less.
import type { LlamaChatSession, LlamaEmbeddingContext } from 'node-llama-cpp';
import { GgufEmbedder, GgufGenerator, LlamaClient, writeTinyModels } from '../../electron/engine/public/local-models';
import { summarize } from './stats';

export interface GgufOverheadOptions {
  texts: number;
  tokens: number;
  runs: number;
  threads?: number;
  log?: (message: string) => void;
}

export interface GgufOverheadResult {
  embed: { texts: number; directMs: number; oursMs: number; ratio: number };
  generate: {
    tokens: { direct: number; ours: number };
    directMsPerToken: number;
    oursMsPerToken: number;
    ratio: number;
  };
  /** The model process's resident memory with both tiny models loaded (MB). */
  processRssMb: number;
}

const PREFIX = 'search_document: ';
const SYSTEM = 'Be brief.';
const PROMPT = 'What does the library say about the river?';

function corpus(n: number): string[] {
  const words = ['the', 'river', 'of', 'a', 'le', 'la', 'de', 'et', 'library', 'is', 'est', 'water', 'stone'];
  return Array.from({ length: n }, (_, i) =>
    Array.from({ length: 30 }, (_, j) => words[(i * 7 + j * 3) % words.length]).join(' '),
  );
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

export async function measureGgufOverhead(opts: GgufOverheadOptions): Promise<GgufOverheadResult> {
  const log = opts.log ?? (() => {});
  const threads = opts.threads ?? 1;
  // A longer trained context than the tests' model, so that answers of `tokens` tokens fit.
  const contextSize = Math.max(512, 4 * opts.tokens);
  const models = await writeTinyModels({ chatContext: contextSize });
  const client = new LlamaClient({ env: { LUCARNE_LLAMA_GPU: '0' } });
  const nlc = await import('node-llama-cpp');
  const llama = await nlc.getLlama({ gpu: false, build: 'never', logLevel: nlc.LlamaLogLevel.warn });
  try {
    const texts = corpus(opts.texts);

    // Embeddings: the same model, context (the embedder caps it at the trained 512) and threads.
    const direct = await (await llama.loadModel({ modelPath: models.embed })).createEmbeddingContext({
      contextSize: 512,
      batchSize: 512,
      threads,
    });
    const embedder = await GgufEmbedder.open({
      modelPath: models.embed,
      queryPrefix: '',
      documentPrefix: PREFIX,
      threads,
      client,
    });
    const embedDirect = async (ctx: LlamaEmbeddingContext) => {
      for (const t of texts) await ctx.getEmbeddingFor(PREFIX + t);
    };
    await embedDirect(direct); // warm both: models loaded, caches filled
    await embedder.embedDocuments(texts.slice(0, 16));
    const embedRuns = { direct: [] as number[], ours: [] as number[] };
    for (let r = 0; r < opts.runs; r++) {
      embedRuns.direct.push(await timed(() => embedDirect(direct)));
      embedRuns.ours.push(
        await timed(async () => {
          // A timing of fewer vectors than texts would flatter Lucarne: count them.
          const got = (await embedder.embedDocuments(texts)).length;
          if (got !== texts.length) throw new Error(`GgufEmbedder returned ${got} vectors for ${texts.length} texts`);
        }),
      );
    }
    const directMs = summarize(embedRuns.direct).p50;
    const oursMs = summarize(embedRuns.ours).p50;
    log(`embedding ${texts.length} texts: direct ${directMs.toFixed(0)} ms, GgufEmbedder ${oursMs.toFixed(0)} ms`);

    // Generation: greedy (temperature 0) on both sides, so both write the same tokens.
    const chatModel = await llama.loadModel({ modelPath: models.chat });
    const sequence = (await chatModel.createContext({ contextSize, threads, sequences: 1 })).getSequence();
    const generator = await GgufGenerator.open({
      modelPath: models.chat,
      threads,
      client,
      contextSize,
      maxOutputTokens: opts.tokens,
      temperature: 0,
    });
    const generateDirect = async () => {
      const session: LlamaChatSession = new nlc.LlamaChatSession({
        contextSequence: sequence,
        autoDisposeSequence: false,
      });
      session.setChatHistory([{ type: 'system', text: SYSTEM }]);
      const before = sequence.tokenMeter.getState();
      await session.promptWithMeta(PROMPT, { maxTokens: opts.tokens, temperature: 0, onTextChunk: () => {} });
      session.dispose({ disposeSequence: false });
      return sequence.tokenMeter.diff(before).usedOutputTokens;
    };
    const generateOurs = async () => {
      let tokens = 0;
      const req = {
        question: PROMPT,
        history: [],
        passages: [],
        system: SYSTEM,
        prompt: PROMPT,
        language: 'en' as const,
      };
      for await (const ev of generator.generate(req)) if (ev.type === 'done') tokens = ev.usage?.outputTokens ?? 0;
      return tokens;
    };
    await generateDirect();
    await generateOurs();
    const gen = { direct: [] as number[], ours: [] as number[], directTokens: 0, oursTokens: 0 };
    for (let r = 0; r < opts.runs; r++) {
      let t0 = performance.now();
      gen.directTokens = await generateDirect();
      gen.direct.push((performance.now() - t0) / Math.max(1, gen.directTokens));
      t0 = performance.now();
      gen.oursTokens = await generateOurs();
      gen.ours.push((performance.now() - t0) / Math.max(1, gen.oursTokens));
    }
    const directMsPerToken = summarize(gen.direct).p50;
    const oursMsPerToken = summarize(gen.ours).p50;
    log(
      `writing ~${gen.directTokens} tokens: direct ${directMsPerToken.toFixed(2)} ms/token, GgufGenerator ${oursMsPerToken.toFixed(2)} ms/token`,
    );
    const info = await client.info();
    return {
      embed: { texts: texts.length, directMs, oursMs, ratio: oursMs / directMs },
      generate: {
        tokens: { direct: gen.directTokens, ours: gen.oursTokens },
        directMsPerToken,
        oursMsPerToken,
        ratio: oursMsPerToken / directMsPerToken,
      },
      processRssMb: (info?.rssBytes ?? 0) / 2 ** 20,
    };
  } finally {
    await client.dispose();
    await llama.dispose();
    models.cleanup();
  }
}
