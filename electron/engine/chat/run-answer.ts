// Binds answerQuestion to the open library, the settings and the key: which provider answers, with
// which embedder, within which token budget. The app's conversations and the CLI's one-off questions
// both answer through here, so the provider is chosen the same way (providers.ts: chooseProvider).
import type { Settings } from '../../../shared/api';
import type { ProviderId, SearchMode } from '../../../shared/types';
import { type AnswerEvent, type AnswerResult, answerQuestion } from '../answer/answer';
import type { OpenLibrary } from '../library/open-library';
import { chooseProvider, type Secrets } from '../providers';
import { countTokens } from '../tokens';
import type { ChatTurn, Generator } from '../types';

/** Opens (or reuses) the generator of a provider, with the engine's settings and secrets. */
export type GeneratorFor = (provider: ProviderId) => Promise<Generator>;

export interface RunAnswerInput {
  lib: OpenLibrary;
  settings: Settings;
  /** Who answers is decided here (chooseProvider); generatorFor opens it. */
  secrets: Secrets;
  generatorFor: GeneratorFor;
  question: string;
  history: ChatTurn[];
  signal?: AbortSignal;
  /** The provider asked for (the CLI's --provider); default: the saved setting. Local-only and the key still decide. */
  provider?: ProviderId;
  /** Retrieval mode; default hybrid. Starter checks use keywords alone when the query would cost a model call. */
  mode?: SearchMode;
}

export type RunAnswer = (input: RunAnswerInput, onEvent: (e: AnswerEvent) => void) => Promise<AnswerResult>;

/** A follow-up like "and for 2023?" retrieves poorly alone: short questions borrow the previous one. */
export function retrievalQuestion(question: string, history: ChatTurn[]): string {
  const previous = [...history].reverse().find((t) => t.role === 'user');
  const words = question.trim().split(/\s+/).length;
  return previous && words <= 6 ? `${previous.text} ${question}` : question;
}

export const runAnswer: RunAnswer = (input, onEvent) => {
  const { lib, settings, secrets } = input;
  const { provider } = chooseProvider(input.provider ?? settings.provider, settings, secrets);
  return answerQuestion(
    {
      store: lib.store,
      vectors: lib.vectors,
      embedder: lib.embedder,
      countTokens,
      makeGenerator: input.generatorFor,
    },
    {
      question: input.question,
      retrievalQuery: retrievalQuestion(input.question, input.history),
      history: input.history,
      provider,
      settings: {
        topK: settings.topK,
        promptTemplate: settings.promptTemplate,
        localOnly: settings.localOnly,
        language: settings.language,
        mode: input.mode,
      },
      signal: input.signal,
    },
    onEvent,
  );
};
