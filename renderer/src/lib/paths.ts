import type { Translate } from '../i18n';

/**
 * A path for a box that truncates on the left (direction: rtl, so the file end stays visible): the marks
 * keep the path's own slashes in left-to-right order.
 */
export function ltrPath(path: string): string {
  return `\u200E${path}\u200E`;
}

/** Last segment of a path, whatever the platform's separator. */
export function fileName(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] || path;
}

export function dirName(path: string): string {
  const i = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return i > 0 ? path.slice(0, i) : '';
}

/** "p. 3", "p. 3–4" or the printed label "p. iv" when the PDF has one. */
export function pageText(
  t: Translate,
  where: { pageStart: number | null; pageEnd: number | null; pageLabel?: string | null },
): string {
  if (where.pageStart === null) return '';
  if (where.pageLabel && where.pageLabel !== String(where.pageStart))
    return t('source.pageLabel', { label: where.pageLabel });
  if (where.pageEnd !== null && where.pageEnd !== where.pageStart)
    return t('source.pages', { from: where.pageStart, to: where.pageEnd });
  return t('source.page', { n: where.pageStart });
}
