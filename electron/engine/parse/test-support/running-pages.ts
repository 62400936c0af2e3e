// Test documents with running headers and footers, made at test time: a text PDF (pdf-lib, text placed by
// position as a typesetter would) and a scanned PDF (pages drawn on a canvas like a scanner sees them, then
// embedded as images, so only OCR can read them).
import { createCanvas } from '@napi-rs/canvas';
import { PDFDocument, StandardFonts } from 'pdf-lib';

/** A short review of the Technology Acceptance Model, one entry per page; '' separates paragraphs. */
export const REVIEW_PAGES: string[][] = [
  [
    'The Technology Acceptance Model explains why people',
    'adopt a new information system at work. Davis proposed',
    'it in 1989, building on the theory of reasoned action.',
    '',
    'Perceived usefulness is the degree to which a person',
    'believes that a system would enhance job performance.',
  ],
  [
    'Perceived ease of use is the degree to which a person',
    'believes that using a system would be free of effort.',
    '',
    'Both beliefs shape the attitude toward using a system,',
    'and that attitude shapes the intention to use it.',
  ],
  [
    'Later studies extended the model with social influence',
    'and facilitating conditions, and named it TAM2.',
    '',
    'Critics note that the model says little about how to',
    'design systems that people find useful.',
  ],
  [
    'Venkatesh and colleagues merged eight models into a',
    'unified theory of acceptance and use of technology.',
    '',
    'The Technology Acceptance Model remains the most cited',
    'model of user acceptance in information systems research.',
  ],
];

export const REVIEW_HEADER = 'Overview of the Technology Acceptance Model';
export const REVIEW_AUTHOR = 'M Y Chuttur';

const A4 = { width: 595, height: 842 };

/**
 * A text PDF: the review title as running header on even pages and the author's name on odd pages (as books
 * alternate them), "Page n of N" as footer, body text in between.
 */
export async function reviewTextPdf(pages = [...REVIEW_PAGES, ...REVIEW_PAGES.slice(0, 2)]): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  pages.forEach((lines, i) => {
    const page = pdf.addPage([A4.width, A4.height]);
    const n = i + 1;
    page.drawText(n % 2 === 0 ? REVIEW_HEADER : REVIEW_AUTHOR, { x: 72, y: 790, size: 9, font });
    let y = 740;
    for (const line of lines) {
      if (line) page.drawText(line, { x: 72, y, size: 11, font });
      y -= line ? 15 : 10;
    }
    page.drawText(`Page ${n} of ${pages.length}`, { x: 270, y: 40, size: 9, font });
  });
  return pdf.save();
}

/**
 * A scanned PDF at ~200 DPI: each page an image with the header "title … author" one line above the body,
 * set close to it as in the review that showed the problem (OCR reads it into the first paragraph), and the
 * page number below.
 */
export async function reviewScannedPdf(pages = REVIEW_PAGES): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  for (const [i, lines] of pages.entries()) {
    const canvas = createCanvas(1654, 2339);
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = '#f6f5f1';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.fillStyle = '#1d1d1d';
    ctx.font = '30px "DejaVu Serif"';
    ctx.fillText(`${REVIEW_HEADER}… ${REVIEW_AUTHOR}`, 120, 150);
    ctx.font = '34px "DejaVu Serif"';
    let y = 205;
    for (const line of lines) {
      if (line) ctx.fillText(line, 120, y);
      y += line ? 50 : 40;
    }
    ctx.font = '30px "DejaVu Serif"';
    ctx.fillText(String(i + 1), 810, 2200);
    const jpeg = await pdf.embedJpg(canvas.toBuffer('image/jpeg', 85));
    const page = pdf.addPage([A4.width, A4.height]);
    page.drawImage(jpeg, { x: 0, y: 0, width: A4.width, height: A4.height });
  }
  return pdf.save();
}
