// Writes the OCR test fixtures in test-support/fixtures/ocr/ (committed; run again only to change them):
// text drawn into images the way a scanner or a camera would see it (grey paper, slight tilt, noise),
// then saved as PNG, JPEG, a two-page CCITT Group 4 TIFF (ImageMagick's `convert`, like a fax or a
// document scanner) and image-only PDFs (pdf-lib), one of them French, one mixing a text page and a scan.
// Needs: npm ci, and ImageMagick for the TIFF (apt-get install imagemagick). Fonts: Liberation (Debian).
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCanvas } from '@napi-rs/canvas';
import { PDFDocument, StandardFonts } from 'pdf-lib';

const out = join(import.meta.dirname, '..', 'test-support', 'fixtures', 'ocr');
mkdirSync(out, { recursive: true });

/** A deterministic pseudo-random sequence, so the files are the same each run. */
function random(seed) {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

/** Lines of text on a page-like canvas at ~200 DPI: grey paper, a small tilt, speckles. */
function scannedPage({ width, height, lines, seed, tilt = 0.006, size = 34 }) {
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#f3f1ec';
  ctx.fillRect(0, 0, width, height);
  ctx.save();
  ctx.translate(width / 2, height / 2);
  ctx.rotate(tilt);
  ctx.translate(-width / 2, -height / 2);
  ctx.fillStyle = '#1d1d1d';
  let y = 110;
  for (const line of lines) {
    const heading = line.startsWith('# ');
    ctx.font = `${heading ? 'bold ' : ''}${heading ? size + 10 : size}px "Liberation Serif"`;
    if (line) ctx.fillText(heading ? line.slice(2) : line, 100, y);
    y += heading ? size * 2.2 : size * 1.45;
  }
  ctx.restore();
  const rnd = random(seed);
  ctx.fillStyle = 'rgba(60,60,60,0.5)';
  for (let i = 0; i < (width * height) / 4000; i++) ctx.fillRect(rnd() * width, rnd() * height, 1.5, 1.5);
  return canvas;
}

const FRENCH_PAGES = [
  [
    '# Compte rendu du conseil municipal',
    '',
    'Le maire a présenté le budget prévisionnel de l’année.',
    'Les élus ont approuvé à l’unanimité la rénovation de',
    'l’école élémentaire, dont les travaux débuteront en été.',
    'La piscine intercommunale sera réouverte après les',
    'réparations de la toiture, prévues début décembre.',
  ],
  [
    '# Questions diverses',
    '',
    'La bibliothèque sera fermée pendant les congés de février.',
    'Une fête du quartier aura lieu près de l’église le',
    'dimanche 14 juin ; les bénévoles sont les bienvenus.',
    'Prochaine séance : jeudi 12 mars à 18 h 30.',
  ],
];

const INVOICE = [
  '# Lighthouse Hardware',
  '',
  'Invoice number 4471, issued to Marguerite Dubois.',
  'Twelve brass hinges and four oak shelves were delivered',
  'on Tuesday. The total due is 128 dollars and 40 cents,',
  'payable within thirty days by bank transfer.',
];

const NOTICE = [
  '# Library notice',
  '',
  'The reading room closes early on Friday because the',
  'heating engineers replace the boiler in the basement.',
  'Borrowed atlases must be returned before the weekend.',
];

const FAX = [
  [
    '# Facsimile transmission',
    '',
    'To: the warehouse manager. From: accounts payable.',
    'Please confirm the delivery of seventeen pallets of',
    'recycled cardboard to the Rotterdam depot.',
  ],
  [
    '# Page two of the transmission',
    '',
    'The customs reference for the shipment is QX-5521.',
    'Call the harbour office if the lorry is delayed.',
  ],
];

async function imagePdf(pages, textPages = []) {
  const pdf = await PDFDocument.create();
  // Fixed dates: the same fixtures byte for byte on every run.
  pdf.setCreationDate(new Date(Date.UTC(2026, 10, 26)));
  pdf.setModificationDate(new Date(Date.UTC(2026, 10, 26)));
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  for (const page of [...textPages.map((t) => ({ text: t })), ...pages.map((canvas) => ({ canvas }))]) {
    const p = pdf.addPage([595, 842]);
    if (page.text) {
      for (const [i, line] of page.text.entries()) p.drawText(line, { x: 60, y: 760 - i * 22, size: 14, font });
      continue;
    }
    const jpeg = await pdf.embedJpg(page.canvas.toBuffer('image/jpeg', 80));
    p.drawImage(jpeg, {
      x: 0,
      y: 842 - (595 * page.canvas.height) / page.canvas.width,
      width: 595,
      height: (595 * page.canvas.height) / page.canvas.width,
    });
  }
  return Buffer.from(await pdf.save());
}

const A4 = { width: 1654, height: 2339 }; // 200 DPI
const french = FRENCH_PAGES.map((lines, i) => scannedPage({ ...A4, lines, seed: 11 + i }));
writeFileSync(join(out, 'scan-fr.pdf'), await imagePdf(french));

const mixed = scannedPage({ ...A4, lines: NOTICE, seed: 5 });
writeFileSync(
  join(out, 'mixed-text-and-scan.pdf'),
  await imagePdf([mixed], [['Annual report of the lending library', 'Page one has a real text layer.']]),
);

writeFileSync(
  join(out, 'invoice.png'),
  scannedPage({ width: 1654, height: 520, lines: INVOICE, seed: 3 }).toBuffer('image/png'),
);
writeFileSync(
  join(out, 'notice.jpg'),
  scannedPage({ width: 1654, height: 460, lines: NOTICE, seed: 4, tilt: -0.01 }).toBuffer('image/jpeg', 85),
);

/** The canvas turned `degrees` clockwise: a page fed sideways or upside down. */
function turned(canvas, degrees) {
  const sideways = degrees % 180 !== 0;
  const out = createCanvas(sideways ? canvas.height : canvas.width, sideways ? canvas.width : canvas.height);
  const ctx = out.getContext('2d');
  ctx.translate(out.width / 2, out.height / 2);
  ctx.rotate((degrees * Math.PI) / 180);
  ctx.drawImage(canvas, -canvas.width / 2, -canvas.height / 2);
  return out;
}

const SIDEWAYS = [
  '# Delivery note',
  '',
  'Three crates of Bordeaux glasses left the Lyon depot on',
  'Monday morning; the driver signed for eleven pallets.',
];
writeFileSync(
  join(out, 'sideways.png'),
  turned(scannedPage({ width: 1654, height: 440, lines: SIDEWAYS, seed: 7 }), 90).toBuffer('image/png'),
);
writeFileSync(
  join(out, 'upside-down.pdf'),
  await imagePdf([turned(scannedPage({ ...A4, lines: FRENCH_PAGES[1], seed: 9 }), 180)]),
);

const tmp = join(tmpdir(), `lucarne-ocr-fixtures-${process.pid}`);
mkdirSync(tmp, { recursive: true });
const faxPngs = FAX.map((lines, i) => {
  const file = join(tmp, `fax-${i + 1}.png`);
  writeFileSync(file, scannedPage({ width: 1728, height: 700, lines, seed: 21 + i }).toBuffer('image/png'));
  return file;
});
execFileSync('convert', [
  ...faxPngs,
  '-colorspace',
  'Gray',
  '-threshold',
  '60%',
  '-compress',
  'Group4',
  join(out, 'fax-2-pages.tiff'),
]);
rmSync(tmp, { recursive: true, force: true });
console.log(`OCR fixtures written to ${out}`);
