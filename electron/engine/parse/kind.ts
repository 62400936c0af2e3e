// Which parser reads a file, by its extension.
import path from 'node:path';
import type { FileKind } from '../../../shared/types';

const KINDS: Record<string, FileKind> = {
  '.pdf': 'pdf',
  '.docx': 'docx',
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.txt': 'text',
  '.text': 'text',
  '.csv': 'text',
  '.log': 'text',
  '.html': 'html',
  '.htm': 'html',
};

/** The kind of document at `filePath`, or null when Lucarne does not parse that extension. */
export function kindOf(filePath: string): FileKind | null {
  return KINDS[path.extname(filePath).toLowerCase()] ?? null;
}
