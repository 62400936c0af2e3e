// A conversation as a Markdown file: questions, answers, and the numbered sources of each answer.
import type { MethodResult } from '../../../shared/api';

type Conversation = MethodResult<'conversations.get'>['conversation'];
type Message = MethodResult<'conversations.get'>['messages'][number];

function basename(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

function pageOf(c: { pageStart: number | null; pageEnd: number | null; pageLabel: string | null }): string {
  if (c.pageStart === null) return '';
  const label = c.pageLabel ?? String(c.pageStart);
  return c.pageEnd !== null && c.pageEnd !== c.pageStart ? `, p. ${label}–${c.pageEnd}` : `, p. ${label}`;
}

export function exportConversationMarkdown(
  conversation: Conversation,
  messages: Message[],
): { filename: string; markdown: string } {
  const lines = [`# ${conversation.title}`, '', `_${conversation.createdAt.slice(0, 10)} · Lucarne_`, ''];
  for (const m of messages) {
    if (m.role === 'user') {
      lines.push(`## ${m.text.replace(/\n+/g, ' ')}`, '');
      continue;
    }
    lines.push(m.text.trim() || '_(no answer)_', '');
    if (m.citations.length > 0) {
      lines.push('**Sources**', '');
      const seen = new Set<number>();
      for (const c of m.citations) {
        if (seen.has(c.n)) continue;
        seen.add(c.n);
        lines.push(`${c.n}. ${basename(c.path)}${pageOf(c)} — \`${c.path}\``);
      }
      lines.push('');
    }
  }
  const slug = conversation.title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-zA-Z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .toLowerCase()
    .slice(0, 60);
  return { filename: `${slug || 'conversation'}.md`, markdown: lines.join('\n') };
}
