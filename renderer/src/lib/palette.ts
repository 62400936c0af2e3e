// Stable colours for documents (embedding map, legends) and tokens (token view), readable in both themes.

const DOC_HUES = [220, 12, 145, 280, 35, 190, 330, 95, 255, 60, 0, 170];

export function documentColor(documentId: number, dark: boolean, alpha = 1): string {
  const hue = DOC_HUES[documentId % DOC_HUES.length];
  const round = Math.floor(documentId / DOC_HUES.length) % 3;
  const light = dark ? 62 + round * 8 : 46 - round * 8;
  const sat = dark ? 70 : 68;
  return `hsl(${hue} ${sat}% ${light}% / ${alpha})`;
}

const TOKEN_HUES = [210, 40, 140, 300, 175, 20, 260, 90];

/** Background for the n-th token: alternating hues so neighbouring tokens are always distinct. */
export function tokenBackground(index: number, dark: boolean): string {
  const hue = TOKEN_HUES[index % TOKEN_HUES.length];
  return dark ? `hsl(${hue} 45% 28%)` : `hsl(${hue} 80% 88%)`;
}
