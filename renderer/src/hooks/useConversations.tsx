// The conversation list, shared by the sidebar, the chat page and the quick-ask window.
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { MethodResult } from '../../../shared/api';
import { api } from '../api';
import { useApiEvent } from './useApiEvent';

export type Conversation = MethodResult<'conversations.list'>[number];

interface ConversationsState {
  conversations: Conversation[] | null;
  refresh(): void;
}

const Ctx = createContext<ConversationsState>({ conversations: null, refresh: () => {} });
export const useConversations = () => useContext(Ctx);

export function ConversationsProvider({ children }: { children: ReactNode }) {
  const [conversations, setConversations] = useState<Conversation[] | null>(null);
  const refresh = useCallback(() => {
    api.call('conversations.list', {}).then(setConversations, () => setConversations((c) => c ?? []));
  }, []);
  useEffect(() => refresh(), [refresh]);
  // A finished answer changes the conversation's title (first question) and its date.
  useApiEvent('chat.done', refresh);
  const value = useMemo(() => ({ conversations, refresh }), [conversations, refresh]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}
