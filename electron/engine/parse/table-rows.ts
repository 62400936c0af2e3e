// Turns table rows into one line of text each. A data row carries its column headers
// ("Header: value | Header: value") so that a row still makes sense when it is cut into a chunk away
// from the table's first line. Ragged rows (missing or extra cells, spans) are tolerated.

export interface TableCell {
  text: string;
  header: boolean;
  colspan: number;
  rowspan: number;
}
export type TableRow = TableCell[];

interface GridCell {
  text: string;
  /** False where the text comes from a rowspan above. */
  own: boolean;
  /** The cell it comes from: a colspan covers several grid cells with the same source. */
  source: TableCell;
}

/** Each row laid on a grid of columns, with row and column spans repeated where they cover. */
function toGrid(rows: TableRow[]): GridCell[][] {
  const grid: GridCell[][] = [];
  const carried: ({ text: string; left: number; source: TableCell } | undefined)[] = []; // by column
  for (const row of rows) {
    const line: GridCell[] = [];
    let col = 0;
    const skipCarried = () => {
      for (let c = carried[col]; c && c.left > 0; c = carried[col]) {
        line[col] = { text: c.text, own: false, source: c.source };
        c.left--;
        col++;
      }
    };
    for (const cell of row) {
      skipCarried();
      for (let k = 0; k < cell.colspan; k++) {
        line[col] = { text: cell.text, own: true, source: cell };
        carried[col] = cell.rowspan > 1 ? { text: cell.text, left: cell.rowspan - 1, source: cell } : undefined;
        col++;
      }
    }
    for (; col < carried.length; col++) {
      const c = carried[col];
      if (c && c.left > 0) {
        line[col] = { text: c.text, own: false, source: c.source };
        c.left--;
      }
    }
    grid.push(line);
  }
  return grid;
}

function looksLikeHeader(rows: TableRow[], first: GridCell[], lineCount: number): boolean {
  if (lineCount < 2) return false;
  const headed = rows.filter((r) => r.some((c) => c.header));
  if (headed.length > 0) return headed[0] === rows.find((r) => r.some((c) => c.text));
  const texts = Array.from(first, (c) => c?.text ?? '');
  // A label row: at least two cells (one cell across the table is a title), every column named, short
  // names, not just figures.
  const firstRow = rows.find((r) => r.some((c) => c.text));
  return (
    (firstRow?.length ?? 0) >= 2 &&
    texts.length >= 2 &&
    texts.every((t) => t.length > 0 && t.length <= 60) &&
    !texts.every((t) => /^[\d\s.,%+-]+$/.test(t))
  );
}

/** One line per row that has text of its own; a detected header row first, as "A | B | C", marked. */
export function tableLines(rows: TableRow[]): { text: string; header: boolean }[] {
  const lines = toGrid(rows).filter((line) => line.some((c) => c?.own && c.text));
  if (lines.length === 0) return [];
  const hasHeader = looksLikeHeader(rows, lines[0], lines.length);
  const headers = hasHeader ? Array.from(lines[0], (c) => c?.text ?? '') : [];
  const out: { text: string; header: boolean }[] = [];
  lines.forEach((line, r) => {
    const parts: string[] = [];
    let previous: TableCell | undefined;
    Array.from(line).forEach((cell, c) => {
      const value = cell?.text ?? '';
      // A colspan repeats the same cell in adjacent columns: say it once. Two cells that hold the same
      // figure ("— | —", "12 | 12") are two values and both stay.
      const same = cell !== undefined && cell.source === previous;
      previous = cell?.source;
      if (!value || same) return;
      const label = headers[c];
      parts.push(r > 0 && label && label !== value ? `${label}: ${value}` : value);
    });
    if (parts.length > 0) out.push({ text: parts.join(' | '), header: hasHeader && out.length === 0 });
  });
  return out;
}
