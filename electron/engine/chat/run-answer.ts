// Binds answerQuestion to the open library, the settings and the key: which provider answers, with
// which embedder, within which token budget.
import type { Settings } from '../../../shared/api';
import { type AnswerEvent, type AnswerResult, answerQuestion } from '../answer/answer';
import type { OpenLibrary } from '../library/open-library';
import { makeGenerator, type Secrets, wantsGemini } from '../providers';
import { countTokens } from '../tokens';
import type { ChatTurn } from '../types';

export interface RunAnswerInput {
  lib: OpenLibrary;
  settings: Settings;
  secrets: Secrets;
  question: string;
  history: ChatTurn[];
  signal?: AbortSignal;
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
  const provider = wantsGemini(settings, secrets) ? 'gemini' : 'offline';
  return answerQuestion(
    {
      store: lib.store,
      vectors: lib.vectors,
      embedder: lib.embedder,
      countTokens,
      makeGenerator: () => makeGenerator(settings, secrets),
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
      },
      signal: input.signal,
    },
    onEvent,
  );
};
