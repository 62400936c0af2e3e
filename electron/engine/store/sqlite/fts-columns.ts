// What the FTS5 title and heading columns of a chunk hold (chunks_fts indexes title, heading and text, with
// the title weighted highest). Written when chunks are stored and when their document is renamed.
import { basename, extname } from 'node:path';

/** The text the title column indexes: the parsed title (if any) and the file name without extension. */
export function chunkTitle(relPath: string, parsedTitle: string | null): string {
  const name = basename(relPath.replace(/\\/g, '/'));
  const stem = name.slice(0, name.length - extname(name).length) || name;
  const title = parsedTitle?.trim();
  if (!title || title.toLowerCase() === stem.toLowerCase()) return stem;
  return `${title} — ${stem}`;
}

/** The text the heading column indexes. */
export const headingText = (headingPath: string[]) => headingPath.join(' › ');
