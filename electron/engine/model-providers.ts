// The engine's models: which embedder and generator the settings ask for (opened through one pool, so a
// local model loads once), the model files (list, add, catalog, downloads), the servers' model lists and
// the settings page's "Test" button. The Engine routes the models.* methods here.
import type { EventName, EventPayload, HandlerTable, MethodResult, Settings } from '../../shared/api';
import { errorMessage } from '../../shared/errors';
import type { ProviderId } from '../../shared/types';
import { ModelsError, ModelsService } from './models/service';
import { assertLoopbackForLocalOnly, isLoopbackUrl } from './net/loopback';
import {
  embedderSpecFor,
  type EmbedderSpec,
  type GeneratorSpec,
  generatorSpecFor,
  type OpenContext,
  offlineEmbedder,
  parseEmbedderSpec,
  ProviderPool,
  type Secrets,
  StandbyEmbedder,
  serverAway,
} from './providers';
import { UserError } from './rpc';
import type { Embedder, Generator } from './types';

type ModelMethods =
  | 'models.list'
  | 'models.add'
  | 'models.forget'
  | 'models.serverModels'
  | 'models.catalog'
  | 'models.download'
  | 'models.cancelDownload'
  | 'models.test';

export interface ModelProvidersDeps {
  dataDir: string;
  resourcesDir?: string;
  settings(): Settings;
  saveSettings(patch: Partial<Settings>): Settings;
  secrets(): Secrets;
  emit<E extends EventName>(name: E, payload: EventPayload<E>): void;
  log?: (msg: string) => void;
}

/** A short, readable name for a spec in messages ("ollama nomic-embed-text", "local model.gguf"). */
export function describeSpec(spec: EmbedderSpec): string {
  if (spec.kind === 'offline') return 'offline word vectors';
  if (spec.kind === 'gemini') return `Gemini ${spec.model}`;
  if (spec.kind === 'local') return spec.path.split(/[\\/]/).pop() ?? spec.path;
  return `${spec.kind} ${spec.model}`;
}

export class ModelProviders {
  readonly pool: ProviderPool;
  readonly files: ModelsService;

  constructor(private readonly deps: ModelProvidersDeps) {
    this.pool = new ProviderPool(() => this.context());
    this.files = new ModelsService({
      dataDir: deps.dataDir,
      settings: deps.settings,
      saveLocalModels: (patch) => {
        const s = deps.settings();
        deps.saveSettings({ localModels: { ...s.localModels, ...patch } });
      },
      emitDownload: (status) => deps.emit('models.download', status),
    });
  }

  private context(): OpenContext {
    const s = this.deps.settings();
    return {
      secrets: this.deps.secrets(),
      resourcesDir: this.deps.resourcesDir,
      localOnly: s.localOnly,
      idleMs: s.localModels.idleUnloadMinutes * 60_000,
    };
  }

  /** The spec of the embedder `settings` ask for. */
  targetSpec(settings: Settings): EmbedderSpec {
    return embedderSpecFor(settings, this.deps.secrets());
  }

  /** What the pool keeps open: the active and target embedders and the chat model the settings ask for. */
  keptSpecs(active: Embedder, settings: Settings): (EmbedderSpec | GeneratorSpec)[] {
    const embedders = [parseEmbedderSpec(active.spec), this.targetSpec(settings)].filter((s) => s !== null);
    return [...embedders, generatorSpecFor(settings, this.deps.secrets())];
  }

  /** The embedder `settings` ask for. Throws with the reason when it cannot be opened (server down, file gone). */
  embedderFor(settings: Settings): Promise<Embedder> {
    return this.pool.embedder(embedderSpecFor(settings, this.deps.secrets()));
  }

  /**
   * The embedder to open the library with. When the one asked for cannot be opened now, the library keeps
   * the model it was embedded with (rebuilt from its recorded spec) or the offline one, and the reason is
   * returned so the shell can show it: an unreachable server must not stop Lucarne from starting.
   */
  async embedderAtOpen(settings: Settings, activeSpec: unknown): Promise<{ embedder: Embedder; problem: unknown }> {
    try {
      return { embedder: await this.embedderFor(settings), problem: null };
    } catch (problem) {
      const active = await this.fromSpec(activeSpec).catch(() => null);
      return { embedder: active ?? offlineEmbedder(this.deps.resourcesDir), problem };
    }
  }

  /**
   * Rebuilds a recorded embedder (library/active-embedder.ts); null when the spec is not one. A server's
   * model whose server is away now stays the library's model: a stand-in with the id and size it recorded.
   */
  async fromSpec(spec: unknown): Promise<Embedder | null> {
    const parsed = parseEmbedderSpec(spec);
    if (!parsed) return null;
    try {
      return await this.pool.embedder(parsed);
    } catch (err) {
      if ((parsed.kind !== 'ollama' && parsed.kind !== 'openai-compatible') || !parsed.known || !serverAway(err)) {
        throw err;
      }
      const known = parsed.known;
      return new StandbyEmbedder({ ...parsed, known }, isLoopbackUrl(parsed.baseUrl), () => this.pool.embedder(parsed));
    }
  }

  /** The generator for `provider` (default: the saved one), after chooseProvider's checks. */
  generatorFor(settings: Settings, provider?: ProviderId): Promise<Generator> {
    return this.pool.generator(generatorSpecFor(settings, this.deps.secrets(), provider));
  }

  /** One embedding and one short answer with the chosen models, timed: the settings page's "Test" button. */
  async test(): Promise<MethodResult<'models.test'>> {
    const settings = this.deps.settings();
    const secrets = this.deps.secrets();
    const eSpec = embedderSpecFor(settings, secrets);
    const gSpec = generatorSpecFor(settings, secrets);
    const embed = {
      ok: false,
      ms: null as number | null,
      detail: '',
      dim: null as number | null,
      model: describeSpec(eSpec),
    };
    let t0 = performance.now();
    try {
      const e = await this.pool.embedder(eSpec);
      const v = await e.embedQuery('Quel est le budget 2024 ? What is the 2024 budget?');
      embed.ok = v.length === e.dim && v.every(Number.isFinite);
      embed.ms = Math.round(performance.now() - t0);
      embed.dim = v.length;
      embed.model = e.id;
      embed.detail = embed.ok ? `${v.length} dimensions` : 'the model returned an unusable vector';
    } catch (err) {
      embed.detail = errorMessage(err);
    }
    const chat = {
      ok: false,
      ms: null as number | null,
      detail: '',
      firstTokenMs: null as number | null,
      model: gSpec.kind === 'offline' ? 'extractive' : 'model' in gSpec ? gSpec.model : gSpec.path,
    };
    t0 = performance.now();
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), 60_000);
    try {
      const g = await this.pool.generator(gSpec);
      chat.model = g.id;
      let text = '';
      const passage = 'Le budget 2024 est de 120 000 euros.';
      for await (const ev of g.generate(
        {
          question: 'Quel est le budget 2024 ?',
          history: [],
          passages: [
            {
              n: 1,
              chunkId: 0,
              documentId: 0,
              path: 'test.txt',
              pageStart: null,
              pageEnd: null,
              pageLabel: null,
              charStart: 0,
              charEnd: passage.length,
              text: passage,
            },
          ],
          system: 'Answer in one short sentence and cite [1].',
          prompt: `[1] ${passage}\n\nQuestion: Quel est le budget 2024 ?`,
          language: 'fr',
        },
        { signal: abort.signal },
      )) {
        if (ev.type !== 'text') continue;
        chat.firstTokenMs ??= Math.round(performance.now() - t0);
        text += ev.text;
        if (text.length > 200) abort.abort();
      }
      chat.ok = text.trim().length > 0;
      chat.detail = chat.ok ? text.trim().slice(0, 200) : 'the model wrote nothing';
    } catch (err) {
      if (abort.signal.aborted && chat.firstTokenMs !== null) chat.ok = true;
      else chat.detail = errorMessage(err);
    } finally {
      clearTimeout(timer);
      chat.ms = Math.round(performance.now() - t0);
    }
    return { provider: settings.provider, embed, chat };
  }

  async serverModels(
    kind: 'ollama' | 'openai-compatible',
    baseUrl: string,
  ): Promise<MethodResult<'models.serverModels'>> {
    assertLoopbackForLocalOnly(baseUrl, this.deps.settings().localOnly);
    const list =
      kind === 'ollama'
        ? await new (await import('./local/ollama/client')).OllamaClient({ baseUrl }).listModels()
        : await new (await import('./local/openai/client')).OpenAICompatClient({
            baseUrl,
            apiKey: this.deps.secrets().env.LUCARNE_OPENAI_API_KEY,
          }).listModels();
    return list.map((m) => ({
      name: m.name,
      role: m.role,
      contextLength: m.contextLength ?? null,
      bytes: m.bytes ?? null,
    }));
  }

  /** The models.* methods; a model error reaches the UI as its own message. */
  handlers(): Pick<HandlerTable<'engine'>, ModelMethods> {
    const user = async <T>(f: () => Promise<T> | T): Promise<T> => {
      try {
        return await f();
      } catch (err) {
        if (err instanceof ModelsError || (err instanceof Error && 'code' in err)) throw new UserError(err.message);
        throw err;
      }
    };
    return {
      'models.list': ({ refresh }) => user(() => this.files.list(refresh)),
      'models.add': ({ path }) => user(() => this.files.add(path)),
      'models.forget': async ({ path }) => {
        await this.files.forget(path);
        return null;
      },
      'models.serverModels': ({ kind, baseUrl }) => user(() => this.serverModels(kind, baseUrl)),
      'models.catalog': () => this.files.catalog(),
      'models.download': ({ id }) => user(() => this.files.download(id)),
      'models.cancelDownload': ({ id }) => {
        this.files.cancelDownload(id);
        return null;
      },
      'models.test': () => this.test(),
    };
  }

  async close(): Promise<void> {
    this.files.close();
    await this.pool.dispose();
    const { closeSharedLlamaClient } = await import('./local/gguf/shared-client');
    await closeSharedLlamaClient();
  }
}
