// 9. Memory used by the engine with each provider kind: the engine process's resident memory (VmRSS) after
// opening an empty data folder, choosing the kind, indexing a small folder with its embedding model and
// answering one question with its chat model (bench/lib/ask-flow.ts). Kinds: offline (the default),
// in-process GGUF (the tiny generated models; the model process's memory is reported apart), Ollama and an
// OpenAI-compatible server (the project's fake protocol servers, in this process: their memory is not the
// engine's). No goal: the figures are for the closing note of issue #13. The built host is measured (the
// engine as it ships); without a build, the Engine from source in a child (tsx adds its own memory).
import { join } from 'node:path';
import { writeTinyModels } from '../../electron/engine/public/local-models';
import { startFakeOllama } from '../../test-support/fake-ollama/server';
import { startFakeOpenAI } from '../../test-support/fake-openai/server';
import { ensureCorpus } from '../corpus/cache';
import { type AskFlowResult, type KindTargets, openIndexAsk, PROVIDER_KINDS, type ProviderKind } from '../lib/ask-flow';
import { runChild } from '../lib/child';
import type { BenchContext, SectionResult } from '../lib/context';
import { type Figure, figure } from '../lib/figures';
import { openHostSession } from '../lib/host-client';
import { llamaChildPid, procStatusMb } from '../lib/proc';
import { round } from '../lib/stats';

const SECTION = 'memory by kind';
/** Keeps the model process's path to the CPU build (no GPU probing on these machines). */
const ENGINE_ENV = { LUCARNE_LLAMA_GPU: '0' };

interface KindMemory {
  flow: AskFlowResult;
  /** Engine process right after it opened (before any kind was chosen), MB. */
  openedMb: number;
  engineMb: number;
  enginePeakMb: number;
  llamaMb: number | null;
  llamaPeakMb: number | null;
}

const LABEL: Record<ProviderKind, string> = {
  offline: 'offline',
  local: 'in-process GGUF (tiny models)',
  ollama: 'Ollama (fake server)',
  'openai-compatible': 'OpenAI-compatible (fake server)',
};

async function withBuiltHost(dataDir: string, kind: ProviderKind, folder: string, t: KindTargets) {
  const session = await openHostSession(dataDir, ENGINE_ENV);
  try {
    const openedMb = session.rssMb();
    const api = { call: (m: string, a?: unknown) => session.call(m, a), onEvent: session.onEvent };
    const flow = await openIndexAsk(api, kind, folder, t);
    const llama = llamaChildPid(session.host.child.pid ?? -1);
    return {
      flow,
      openedMb,
      engineMb: session.rssMb(),
      enginePeakMb: session.peakRssMb(),
      llamaMb: llama ? procStatusMb(llama, 'VmRSS') : null,
      llamaPeakMb: llama ? procStatusMb(llama, 'VmHWM') : null,
    } satisfies KindMemory;
  } finally {
    await session.stop();
  }
}

export async function providerMemorySection(ctx: BenchContext): Promise<SectionResult> {
  const corpus = await ensureCorpus(ctx.cacheDir, { files: 12, seed: 21 });
  const models = await writeTinyModels({ chatContext: 4096 });
  const ollama = await startFakeOllama();
  const openai = await startFakeOpenAI();
  const targets: KindTargets = {
    gguf: { chat: models.chat, embed: models.embed },
    ollamaUrl: ollama.url,
    openaiUrl: `${openai.url}/v1`,
  };
  const measured = {} as Record<ProviderKind, KindMemory>;
  try {
    for (const kind of PROVIDER_KINDS) {
      ctx.log(`memory by kind: ${LABEL[kind]}…`);
      const dataDir = join(ctx.workDir, `memory-${kind}`);
      measured[kind] =
        ctx.engine === 'built'
          ? await withBuiltHost(dataDir, kind, corpus.dir, targets)
          : (
              await runChild<KindMemory>('provider-memory.ts', [dataDir, kind, corpus.dir, JSON.stringify(targets)], {
                env: ENGINE_ENV,
              })
            ).result;
      const m = measured[kind];
      ctx.log(
        `  ${m.flow.chunks} chunks indexed in ${(m.flow.indexMs / 1000).toFixed(1)} s, answered in ${(m.flow.askMs / 1000).toFixed(1)} s; engine ${m.engineMb.toFixed(0)} MB${m.llamaMb ? `, model process ${m.llamaMb.toFixed(0)} MB` : ''}`,
      );
    }
  } finally {
    await ollama.close();
    await openai.close();
    models.cleanup();
  }

  const where = ctx.engine === 'built' ? 'built host' : 'engine from source (tsx)';
  const offline = measured.offline.engineMb;
  const figures: Figure[] = PROVIDER_KINDS.map((kind) =>
    figure({
      section: SECTION,
      name: `engine RSS after indexing + one answer: ${LABEL[kind]}`,
      value: measured[kind].engineMb,
      unit: 'MB',
      ...(kind === 'offline' ? {} : { baseline: { name: 'offline kind', value: offline, unit: 'MB' } }),
      note: `${where}; peak ${measured[kind].enginePeakMb.toFixed(0)} MB`,
    }),
  );
  const local = measured.local;
  if (local.llamaMb !== null) {
    figures.push(
      figure({
        section: SECTION,
        name: 'model process RSS (in-process GGUF, both tiny models loaded)',
        value: local.llamaMb,
        unit: 'MB',
        note: `peak ${local.llamaPeakMb?.toFixed(0)} MB`,
      }),
      figure({
        section: SECTION,
        name: 'in-process GGUF: engine + model process',
        value: local.engineMb + local.llamaMb,
        unit: 'MB',
        baseline: { name: 'offline kind', value: offline, unit: 'MB' },
      }),
    );
  }
  const details = Object.fromEntries(
    PROVIDER_KINDS.map((kind) => {
      const m = measured[kind];
      return [
        kind,
        {
          openedMb: round(m.openedMb),
          engineMb: round(m.engineMb),
          enginePeakMb: round(m.enginePeakMb),
          llamaMb: m.llamaMb === null ? null : round(m.llamaMb),
          llamaPeakMb: m.llamaPeakMb === null ? null : round(m.llamaPeakMb),
          chunks: m.flow.chunks,
          indexS: round(m.flow.indexMs / 1000),
          askS: round(m.flow.askMs / 1000),
          answerChars: m.flow.answerChars,
        },
      ];
    }),
  );
  return {
    figures,
    details: { engine: where, files: corpus.totals.files, ...details },
    notes: [
      'memory by kind: the fake Ollama and OpenAI-compatible servers compute nothing; a real server holds its model in its own process, outside the engine.',
    ],
  };
}
