// A small PDF writer: Helvetica text (the standard 14 fonts need no embedding), WinAnsi encoding, wrapped
// with the real Helvetica advance widths, headings in bold, page numbers in the footer, Flate-compressed
// content streams and a correct cross-reference table. Enough for realistic text PDFs that pdf.js and
// poppler read like those produced by office software.
import { deflateSync } from 'node:zlib';
import type { GeneratedDocument } from './document-model';

// Helvetica advance widths (AFM, 1/1000 em) for ASCII 32..126.
const HELVETICA = [
  278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556, 556,
  556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833,
  722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556,
  556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334,
  260, 334, 584,
];

const WIN_ANSI_EXTRA: Record<string, number> = {
  '€': 0x80,
  '‚': 0x82,
  ƒ: 0x83,
  '„': 0x84,
  '…': 0x85,
  '†': 0x86,
  '‡': 0x87,
  ˆ: 0x88,
  '‰': 0x89,
  Š: 0x8a,
  '‹': 0x8b,
  Œ: 0x8c,
  Ž: 0x8e,
  '‘': 0x91,
  '’': 0x92,
  '“': 0x93,
  '”': 0x94,
  '•': 0x95,
  '–': 0x96,
  '—': 0x97,
  '˜': 0x98,
  '™': 0x99,
  š: 0x9a,
  '›': 0x9b,
  œ: 0x9c,
  ž: 0x9e,
  Ÿ: 0x9f,
};

const GREEK: Record<string, string> = {
  α: 'alpha',
  β: 'beta',
  γ: 'gamma',
  δ: 'delta',
  ε: 'epsilon',
  κ: 'kappa',
  λ: 'lambda',
  μ: 'mu',
  σ: 'sigma',
  τ: 'tau',
  ω: 'omega',
  Δ: 'Delta',
  '≥': '>=',
  '≤': '<=',
  '±': '+/-',
  '×': 'x',
  '→': '->',
  '−': '-',
};

/** Text → WinAnsi bytes; characters outside it are transliterated or dropped to '?'. */
export function winAnsi(text: string): number[] {
  const out: number[] = [];
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if ((code >= 32 && code <= 126) || (code >= 160 && code <= 255)) out.push(code);
    else if (WIN_ANSI_EXTRA[ch] !== undefined) out.push(WIN_ANSI_EXTRA[ch]);
    else if (GREEK[ch]) out.push(...winAnsi(GREEK[ch]));
    else if (/\s/.test(ch)) out.push(32);
    else {
      const base = ch.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
      out.push(...(base !== ch && base.length > 0 ? winAnsi(base) : [63]));
    }
  }
  return out;
}

function widthOf(bytes: number[], size: number, bold: boolean): number {
  let w = 0;
  for (const b of bytes) w += b >= 32 && b <= 126 ? HELVETICA[b - 32] : 556;
  return (w * size * (bold ? 1.06 : 1)) / 1000;
}

function pdfString(bytes: number[]): string {
  let s = '(';
  for (const b of bytes) {
    if (b === 0x28 || b === 0x29 || b === 0x5c) s += `\\${String.fromCharCode(b)}`;
    else if (b < 32 || b > 126) s += `\\${b.toString(8).padStart(3, '0')}`;
    else s += String.fromCharCode(b);
  }
  return `${s})`;
}

const PAGE_W = 612;
const PAGE_H = 792;
const MARGIN = 72;
const BOTTOM = 72;

interface Line {
  bytes: number[];
  x: number;
  size: number;
  bold: boolean;
  /** Space above the line (leading). */
  lead: number;
}

function wrap(text: string, size: number, bold: boolean, indent: number, lead: number, first?: string): Line[] {
  const max = PAGE_W - 2 * MARGIN - indent;
  const lines: Line[] = [];
  let current: number[] = first ? winAnsi(first) : [];
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const w = winAnsi(word);
    const candidate = current.length ? [...current, 32, ...w] : w;
    if (current.length && widthOf(candidate, size, bold) > max) {
      lines.push({ bytes: current, x: MARGIN + indent, size, bold, lead });
      current = w;
    } else current = candidate;
  }
  if (current.length) lines.push({ bytes: current, x: MARGIN + indent, size, bold, lead });
  return lines;
}

function layout(doc: GeneratedDocument): Line[][] {
  const lines: (Line | 'gap')[] = [];
  lines.push(...wrap(doc.title, 18, true, 0, 22), 'gap');
  for (const s of doc.sections) {
    lines.push('gap', ...wrap(s.heading, s.level === 1 ? 14 : 12, true, 0, s.level === 1 ? 18 : 16));
    for (const b of s.blocks) {
      if (b.type === 'paragraph') lines.push(...wrap(b.text, 10.5, false, 0, 13.5), 'gap');
      else if (b.type === 'list') {
        for (const item of b.items) lines.push(...wrap(item, 10.5, false, 14, 13.5, '• '));
        lines.push('gap');
      } else {
        const colW = (PAGE_W - 2 * MARGIN) / b.rows[0].length;
        for (const row of b.rows) {
          row.forEach((cell, c) => {
            const bytes = winAnsi(cell);
            while (bytes.length > 3 && widthOf(bytes, 9.5, false) > colW - 6) bytes.pop();
            lines.push({ bytes, x: MARGIN + c * colW, size: 9.5, bold: false, lead: c === 0 ? 12.5 : 0 });
          });
        }
        lines.push('gap');
      }
    }
  }
  const pages: Line[][] = [[]];
  let y = PAGE_H - MARGIN;
  for (const l of lines) {
    if (l === 'gap') {
      y -= 6;
      continue;
    }
    if (y - l.lead < BOTTOM && l.lead > 0) {
      pages.push([]);
      y = PAGE_H - MARGIN;
    }
    y -= l.lead;
    pages[pages.length - 1].push({ ...l, lead: y });
  }
  return pages.filter((p) => p.length > 0);
}

export interface PdfOutput {
  bytes: Buffer;
  pages: number;
}

/** Renders `doc` as a PDF (letter size). `lead` of the laid-out lines holds their baseline y. */
export function writePdf(doc: GeneratedDocument, opts: { compress?: boolean } = {}): PdfOutput {
  const compress = opts.compress ?? true;
  const pages = layout(doc);
  const objects: (string | Buffer)[] = [];
  const add = (body: string | Buffer) => {
    objects.push(body);
    return objects.length;
  };
  const catalog = add('');
  const pagesObj = add('');
  const regular = add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>');
  const bold = add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>');
  const kids: number[] = [];
  pages.forEach((lines, i) => {
    let content = '';
    for (const l of lines) {
      content += `BT /${l.bold ? 'F2' : 'F1'} ${l.size} Tf ${l.x.toFixed(2)} ${l.lead.toFixed(2)} Td ${pdfString(l.bytes)} Tj ET\n`;
    }
    const footer = winAnsi(String(i + 1));
    content += `BT /F1 9 Tf ${(PAGE_W / 2 - widthOf(footer, 9, false) / 2).toFixed(2)} 40 Td ${pdfString(footer)} Tj ET\n`;
    const raw = Buffer.from(content, 'latin1');
    const data = compress ? deflateSync(raw) : raw;
    const stream = Buffer.concat([
      Buffer.from(`<< /Length ${data.length}${compress ? ' /Filter /FlateDecode' : ''} >>\nstream\n`, 'latin1'),
      data,
      Buffer.from('\nendstream', 'latin1'),
    ]);
    const contentObj = add(stream);
    kids.push(
      add(
        `<< /Type /Page /Parent ${pagesObj} 0 R /MediaBox [0 0 ${PAGE_W} ${PAGE_H}] /Resources << /Font << /F1 ${regular} 0 R /F2 ${bold} 0 R >> >> /Contents ${contentObj} 0 R >>`,
      ),
    );
  });
  objects[catalog - 1] = `<< /Type /Catalog /Pages ${pagesObj} 0 R >>`;
  objects[pagesObj - 1] = `<< /Type /Pages /Kids [${kids.map((k) => `${k} 0 R`).join(' ')}] /Count ${kids.length} >>`;
  const info = add(`<< /Title ${pdfString(winAnsi(doc.title))} /Producer (Lucarne bench corpus) >>`);

  const chunks: Buffer[] = [Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  let offset = chunks[0].length;
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(offset);
    const b = Buffer.concat([
      Buffer.from(`${i + 1} 0 obj\n`, 'latin1'),
      typeof body === 'string' ? Buffer.from(body, 'latin1') : body,
      Buffer.from('\nendobj\n', 'latin1'),
    ]);
    chunks.push(b);
    offset += b.length;
  });
  let xref = `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) xref += `${String(o).padStart(10, '0')} 00000 n \n`;
  xref += `trailer\n<< /Size ${objects.length + 1} /Root ${catalog} 0 R /Info ${info} 0 R >>\nstartxref\n${offset}\n%%EOF\n`;
  chunks.push(Buffer.from(xref, 'latin1'));
  return { bytes: Buffer.concat(chunks), pages: pages.length };
}
