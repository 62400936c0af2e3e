// The conversation both chat protocols take (Ollama /api/chat and OpenAI /chat/completions share the shape):
// the system instructions, the earlier turns, then the assembled prompt as the last user message.
import type { GenerationRequest } from '../../types';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export function toChatMessages(req: GenerationRequest): ChatMessage[] {
  const messages: ChatMessage[] = [];
  if (req.system.trim()) messages.push({ role: 'system', content: req.system });
  for (const turn of req.history) if (turn.text.trim()) messages.push({ role: turn.role, content: turn.text });
  messages.push({ role: 'user', content: req.prompt || req.question });
  return messages;
}
