// The provider flags shared by index, search, ask and eval: --provider, --chat-model, --embed-model and
// --base-url, turned into the settings they stand for. The app saves the same choices in its settings;
// here they apply to the run (and `index` saves them, since it decides what the library is embedded with).
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Settings } from '../../shared/api';
import { PROVIDER_IDS, type ProviderId } from '../../shared/types';
import type { Engine } from '../engine/index';
import { listModels } from '../engine/public/models';
import type { ParsedArgs } from './args';

/** Finds a GGUF by name among the models found on this machine (lucarne models); null when none matches. */
export type ModelResolver = (name: string) => Promise<string | null>;

function isProvider(v: string): v is ProviderId {
  return (PROVIDER_IDS as readonly string[]).includes(v);
}

function flag(args: ParsedArgs, name: string): string | undefined | Error {
  const v = args.flags[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || v.trim() === '') return new Error(`--${name} needs a value.`);
  return v.trim();
}

/**
 * The settings with the run's provider flags applied, or an Error whose message says what is wrong.
 * A model given to the in-process kind is a path (made absolute) or a name `lucarne models` lists.
 */
export async function applyProviderFlags(
  settings: Settings,
  args: ParsedArgs,
  findModel: ModelResolver,
): Promise<Settings | Error> {
  const provider = flag(args, 'provider');
  const chat = flag(args, 'chat-model');
  const embed = flag(args, 'embed-model');
  const baseUrl = flag(args, 'base-url');
  for (const v of [provider, chat, embed, baseUrl]) if (v instanceof Error) return v;
  if (provider !== undefined && !isProvider(provider as string)) {
    return new Error(`--provider is one of ${PROVIDER_IDS.join(', ')}.`);
  }
  const kind = (provider as ProviderId | undefined) ?? settings.provider;
  const models = chat !== undefined || embed !== undefined || baseUrl !== undefined;
  if (models && (kind === 'offline' || kind === 'gemini')) {
    return new Error(
      `--chat-model, --embed-model and --base-url are for --provider local, ollama or openai-compatible (the provider is ${kind}).`,
    );
  }
  if (baseUrl !== undefined) {
    if (kind === 'local') return new Error('--base-url is for the ollama and openai-compatible providers.');
    try {
      const u = new URL(baseUrl as string);
      if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error();
    } catch {
      return new Error(`--base-url "${baseUrl}" is not an http(s) address.`);
    }
  }
  const local = structuredClone(settings.localModels);
  const model = async (v: string | undefined): Promise<string | undefined | Error> => {
    if (v === undefined || kind !== 'local') return v;
    if (existsSync(v)) return resolve(v);
    const found = await findModel(v);
    return found ?? new Error(`No GGUF file or model named "${v}" was found (lucarne models lists them).`);
  };
  const chatModel = await model(chat as string | undefined);
  const embedModel = await model(embed as string | undefined);
  if (chatModel instanceof Error) return chatModel;
  if (embedModel instanceof Error) return embedModel;
  const target =
    kind === 'local'
      ? local.gguf
      : kind === 'ollama'
        ? local.ollama
        : kind === 'openai-compatible'
          ? local.openai
          : null;
  if (target) {
    if (chatModel !== undefined) target.chatModel = chatModel;
    if (embedModel !== undefined) target.embedModel = embedModel;
    if (baseUrl !== undefined && 'baseUrl' in target) target.baseUrl = baseUrl as string;
  }
  return { ...settings, provider: kind, localModels: local };
}

/** Resolves a model name against `lucarne models`' list (name, file name with or without .gguf, alias). */
export function modelFinder(dataDir: string): ModelResolver {
  return async (name) => {
    const wanted = name.toLowerCase().replace(/\.gguf$/, '');
    const { models } = await listModels({ dataDir });
    const hit = models.find(
      (m) =>
        !m.error && [m.name, m.fileName.replace(/\.gguf$/i, ''), ...m.aliases].some((n) => n.toLowerCase() === wanted),
    );
    return hit?.path ?? null;
  };
}

/** Whether the run names a provider or a model at all. */
export function hasProviderFlags(args: ParsedArgs): boolean {
  return ['provider', 'chat-model', 'embed-model', 'base-url'].some((f) => args.flags[f] !== undefined);
}

/**
 * Applies the run's provider flags to an open engine. `save`: they become the saved settings (index: a new
 * embedding model then re-embeds the library). Otherwise they hold for this run only, and an --embed-model
 * must be the one the library is searched with (search and ask do not re-embed). Returns an error message.
 */
export async function providerFlagsForRun(
  engine: Engine,
  args: ParsedArgs,
  opts: { dataDir: string; save: boolean },
): Promise<string | null> {
  if (!hasProviderFlags(args)) return null;
  const applied = await applyProviderFlags(engine.settings(), args, modelFinder(opts.dataDir));
  if (applied instanceof Error) return applied.message;
  const patch = { provider: applied.provider, localModels: applied.localModels };
  engine.overrideSettings((saved) => ({ ...saved, ...patch }));
  let wanted: string | null = null;
  if (args.flags['embed-model'] !== undefined || opts.save) {
    // The model must open before anything is saved or searched: a bad file or a server down is said now.
    try {
      wanted = await engine.wantedEmbedderId();
    } catch (error) {
      engine.overrideSettings(undefined);
      return error instanceof Error ? error.message : String(error);
    }
  }
  if (opts.save) {
    engine.overrideSettings(undefined);
    await engine.applySettings(patch);
    return null;
  }
  if (wanted === null) return null;
  const active = engine.activeEmbedderId();
  if (wanted === active) return null;
  return (
    `the library is searched with ${active}, not ${wanted}: re-embed it first with ` +
    `lucarne index <folder> --provider ${applied.provider} --embed-model ${String(args.flags['embed-model'])}`
  );
}
