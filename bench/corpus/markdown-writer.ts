// Markdown as people write it: ATX headings, paragraphs, bullet lists, pipe tables.
import type { GeneratedDocument } from './document-model';

export function writeMarkdown(doc: GeneratedDocument): string {
  const out: string[] = [`# ${doc.title}`, ''];
  for (const s of doc.sections) {
    out.push(`${s.level === 1 ? '##' : '###'} ${s.heading}`, '');
    for (const b of s.blocks) {
      if (b.type === 'paragraph') out.push(b.text, '');
      else if (b.type === 'list') out.push(...b.items.map((i) => `- ${i}`), '');
      else {
        const [head, ...rows] = b.rows.map((r) => `| ${r.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`);
        out.push(head, `|${' --- |'.repeat(b.rows[0].length)}`, ...rows, '');
      }
    }
  }
  return out.join('\n');
}
