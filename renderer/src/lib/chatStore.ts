// Live answers, keyed by message id. The store listens to the answer events from the moment the app starts,
// so no delta is lost between 'chat.ask' resolving and a view subscribing, and any view (chat, quick-ask,
// inspector) can read the same stream.
import { useSyncExternalStore } from 'react';
import type { EventPayload, MethodResult } from '../../../shared/api';
import type { SentenceCheck } from '../../../shared/types';
import { api } from '../api';

export type Message = MethodResult<'conversations.get'>['messages'][number];
export type SearchHit = EventPayload<'chat.retrieved'>['hits'][number];
export type PromptReport = EventPayload<'chat.retrieved'>['report'];
export type Citation = EventPayload<'chat.done'>['citations'][number];

export interface LiveAnswer {
  messageId: number;
  text: string;
  hits: SearchHit[] | null;
  report: PromptReport | null;
  status: 'streaming' | 'done' | 'stopped' | 'error';
  citations: Citation[];
  error: string | null;
}

/** What the inspector shows: one answer's retrieval and prompt, with the question that produced it. */
export interface InspectTarget {
  messageId: number | null;
  question: string;
  hits: SearchHit[];
  report: PromptReport | null;
  /** The answer's citation check, sentence by sentence (null: not checked, or not known yet). */
  check?: SentenceCheck[] | null;
}

const answers = new Map<number, LiveAnswer>();
const questions = new Map<number, string>();
const listeners = new Set<() => void>();
let inspectTarget: InspectTarget | null = null;
let version = 0;
let started = false;

function emit() {
  version++;
  for (const l of listeners) l();
}

function upsert(messageId: number, patch: Partial<LiveAnswer>) {
  const prev = answers.get(messageId) ?? {
    messageId,
    text: '',
    hits: null,
    report: null,
    status: 'streaming' as const,
    citations: [],
    error: null,
  };
  const next = { ...prev, ...patch };
  answers.set(messageId, next);
  return next;
}

/** Starts listening to the answer events; idempotent. */
export function startChatStore(): void {
  if (started) return;
  started = true;
  api.on('chat.retrieved', ({ messageId, hits, report }) => {
    upsert(messageId, { hits, report });
    inspectTarget = { messageId, question: questions.get(messageId) ?? '', hits, report };
    emit();
  });
  api.on('chat.delta', ({ messageId, text }) => {
    const prev = answers.get(messageId);
    upsert(messageId, { text: (prev?.text ?? '') + text });
    emit();
  });
  api.on('chat.done', ({ messageId, status, citations, error, citationCheck }) => {
    upsert(messageId, { status, citations, error });
    if (inspectTarget?.messageId === messageId)
      inspectTarget = { ...inspectTarget, check: citationCheck?.sentences ?? null };
    emit();
  });
}

/** Remembers which question an answer is for (the events only carry the message id). */
export function noteQuestion(messageId: number, question: string): void {
  questions.set(messageId, question);
  if (inspectTarget?.messageId === messageId) inspectTarget = { ...inspectTarget, question };
  emit();
}

export function setInspectTarget(target: InspectTarget): void {
  inspectTarget = target;
  emit();
}

export function getInspectTarget(): InspectTarget | null {
  return inspectTarget;
}

export function getLiveAnswer(messageId: number): LiveAnswer | undefined {
  return answers.get(messageId);
}

const subscribe = (cb: () => void) => {
  listeners.add(cb);
  return () => listeners.delete(cb);
};

/** Re-renders on every change in the store; pick what you need with the getters. */
export function useChatStoreVersion(): number {
  return useSyncExternalStore(subscribe, () => version);
}

/**
 * A persisted message with its live stream laid over it while it is being written. Once the stored copy
 * is final it wins: the engine may tidy the text (citation numbers) when it saves it.
 */
export function withLive(message: Message): Message {
  const live = answers.get(message.id);
  if (!live || message.role !== 'assistant' || message.status !== 'streaming') return message;
  return {
    ...message,
    text: live.text,
    status: live.status,
    citations: live.citations,
    hits: live.hits ?? message.hits,
    report: live.report ?? message.report,
    error: live.error,
  };
}
