// PowerPoint, Excel, OpenDocument text and EPUB on real files made by LibreOffice and pandoc
// (test-support/fixtures/formats/README.md), plus broken, misnamed and protected copies made here.
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoFixture } from '../../../test-support/fixture-paths';
import type { Block, ParsedDocument } from '../types';
import { ParseError } from '../types';
import { closeParsers, parseFile, parseInProcess } from './index';
import { expectWellFormed, fixture } from './test-support/helpers';
import { parseXlsx } from './xlsx';

const FORMATS = repoFixture('formats');
const sample = (name: string) => path.join(FORMATS, name);

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'lucarne-office-'));
});
afterAll(async () => {
  await closeParsers();
  await rm(dir, { recursive: true, force: true });
});

async function parsed(file: string, viaWorker = false): Promise<ParsedDocument> {
  const doc = viaWorker ? await parseFile(file) : await parseInProcess(file);
  expectWellFormed(doc);
  return doc;
}

function blocks(doc: ParsedDocument, kind?: Block['kind']): string[] {
  return doc.blocks.filter((b) => !kind || b.kind === kind).map((b) => doc.text.slice(b.start, b.end));
}

function headings(doc: ParsedDocument): [string, number | undefined][] {
  return doc.blocks.filter((b) => b.kind === 'heading').map((b) => [doc.text.slice(b.start, b.end), b.level]);
}

/** Writes `bytes` under a new name in the temporary folder and returns its path. */
async function temp(name: string, bytes: Uint8Array | string): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, bytes);
  return file;
}

/** A copy of a sample with some of its parts rewritten. */
async function edited(name: string, as: string, edit: (zip: JSZip) => Promise<void>): Promise<string> {
  const zip = await JSZip.loadAsync(await readFile(sample(name)));
  await edit(zip);
  return temp(as, await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' }));
}

async function rewrite(zip: JSZip, part: string, change: (xml: string) => string): Promise<void> {
  const xml = await zip.file(part)?.async('string');
  if (xml === undefined) throw new Error(`${part} is missing`);
  zip.file(part, change(xml));
}

async function parseError(file: string): Promise<ParseError> {
  const err = await parseInProcess(file).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ParseError);
  return err as ParseError;
}

describe('pptx', () => {
  it('reads each slide as a page, through the worker pool', async () => {
    const doc = await parsed(sample('presentation.pptx'), true);
    expect(doc.kind).toBe('pptx');
    expect(doc.title).toBe('Bilan du projet Lucarne');
    expect(doc.pageCount).toBe(3);
    expect(doc.pages.map((p) => p.number)).toEqual([1, 2, 3]);
    expect(headings(doc)).toEqual([
      ['Bilan du projet Lucarne', 1],
      ['Résultats du trimestre', 1],
      ['Budget par poste', 1],
    ]);
    // Slide 2's text and notes lie within page 2's span.
    const page2 = doc.text.slice(doc.pages[1].start, doc.pages[1].end);
    expect(page2.startsWith('Résultats du trimestre')).toBe(true);
    expect(page2).toContain('Recherche hybride plus rapide');
    expect(page2).toContain('Insister sur la vitesse : deux fois plus rapide qu’en janvier.');
    expect(doc.text.slice(doc.pages[0].start, doc.pages[0].end)).not.toContain('Recherche hybride');
  });

  it('keeps bullets as list items, notes as paragraphs, and reading order within a slide', async () => {
    const doc = await parsed(sample('presentation.pptx'));
    expect(blocks(doc, 'list-item')).toEqual([
      'Indexation des fichiers PowerPoint',
      'Recherche hybride plus rapide',
      'Interface traduite en allemand',
    ]);
    expect(blocks(doc).slice(0, 3)).toEqual([
      'Bilan du projet Lucarne',
      'Réunion de l’équipe, Besançon',
      'Remercier les participants venus de Genève.',
    ]);
  });

  it('reads tables row by row with their header, on their slide', async () => {
    const doc = await parsed(sample('presentation.pptx'));
    const rows = doc.blocks.filter((b) => b.kind === 'table-row');
    expect(rows.map((b) => doc.text.slice(b.start, b.end))).toEqual([
      'Poste | Montant',
      'Poste: Salaires | Montant: 120 000 €',
      'Poste: Matériel | Montant: 15 000 €',
      'Poste: Déplacements | Montant: 4 500 €',
    ]);
    expect(rows[0].header).toBe(true);
    for (const row of rows) expect(row.start).toBeGreaterThanOrEqual(doc.pages[2].start);
  });

  it('orders slides as the presentation lists them, not by part name', async () => {
    const file = await edited('presentation.pptx', 'reordered.pptx', (zip) =>
      rewrite(zip, 'ppt/presentation.xml', (xml) =>
        xml.replace(/(<p:sldIdLst>)(.*?)(<\/p:sldIdLst>)/, (_m, open: string, list: string, close: string) => {
          const ids = list.match(/<p:sldId [^>]*\/>/g) ?? [];
          return open + ids.reverse().join('') + close;
        }),
      ),
    );
    const doc = await parsed(file);
    expect(headings(doc).map(([text]) => text)).toEqual([
      'Budget par poste',
      'Résultats du trimestre',
      'Bilan du projet Lucarne',
    ]);
    expect(doc.text.slice(doc.pages[0].start, doc.pages[0].end)).toContain('Chiffres arrêtés au 30 septembre.');
  });
});

describe('xlsx', () => {
  it('reads each sheet as a heading and one table', async () => {
    const doc = await parsed(sample('tarifs.xlsx'));
    expect(doc.kind).toBe('xlsx');
    expect(doc.title).toBe('Tarifs de la boulangerie');
    expect(doc.pages).toEqual([]);
    expect(doc.pageCount).toBeNull();
    expect(headings(doc)).toEqual([
      ['Tarifs', 1],
      ['Personnel', 1],
    ]);
    const tables = new Set(doc.blocks.filter((b) => b.kind === 'table-row').map((b) => b.table));
    expect([...tables]).toEqual([0, 1]);
    // Reading order: the sheet's heading, then its rows.
    expect(blocks(doc)[0]).toBe('Tarifs');
    expect(blocks(doc)[1]).toBe('Produit | Prix unitaire | Quantité | Total | Mise à jour');
  });

  it('shows values as the sheet does: ISO dates, formula results, decimals, percentages, link text', async () => {
    const doc = await parsed(sample('tarifs.xlsx'));
    const rows = blocks(doc, 'table-row');
    expect(rows).toContain(
      'Produit: Croissant au beurre | Prix unitaire: 1.20 | Quantité: 12 | Total: 14.40 | Mise à jour: 2024-03-15',
    );
    expect(rows).toContain('Produit: Remise fidélité | Prix unitaire: 12.5% | Total: Site de la boulangerie');
    expect(doc.blocks.find((b) => b.kind === 'table-row')?.header).toBe(true);
  });

  it('says a merged cell once and leaves out empty rows and columns', async () => {
    const doc = await parsed(sample('tarifs.xlsx'));
    const rows = blocks(doc, 'table-row');
    expect(rows).toContain('Produit: Total général | Total: 44.90');
    expect(doc.text.split('Total général').length).toBe(2);
    // Column B of "Personnel" is empty: the rows go straight from the name to the job.
    expect(rows.slice(-3)).toEqual([
      'Nom | Poste | Arrivée',
      'Nom: Amélie Poulain | Poste: Vendeuse | Arrivée: 2021-09-01',
      'Nom: Gérard Boulanger | Poste: Pâtissier | Arrivée: 2019-01-07',
    ]);
    expect(rows.some((r) => r.trim() === '')).toBe(false);
  });
});

describe('xlsx limits', () => {
  it('stops at the cell limit and flags the document truncated', async () => {
    const bytes = await readFile(sample('tarifs.xlsx'));
    const whole = await parseXlsx(bytes);
    expect(whole.flags).toEqual([]);
    // The first sheet has 31 non-empty cells: a limit of 12 keeps its header row and one more row.
    const cut = await parseXlsx(bytes, { maxCells: 12 });
    expectWellFormed(cut);
    expect(cut.flags).toEqual(['truncated']);
    expect(headings(cut)).toEqual([['Tarifs', 1]]);
    expect(blocks(cut, 'table-row')).toHaveLength(3);
    expect(cut.text).not.toContain('Amélie');
  });
});

describe('xlsx values written by exceljs', () => {
  /** A workbook exercising what LibreOffice's sample does not: written by exceljs, read back. */
  async function workbook(date1904: boolean): Promise<string> {
    const book = new ExcelJS.Workbook();
    book.properties.date1904 = date1904;
    const sheet = book.addWorksheet('Valeurs');
    sheet.addRow(['Libellé', 'Valeur']);
    sheet.addRow(['riche', { richText: [{ text: 'Texte ' }, { text: 'enrichi', font: { bold: true } }] }]);
    sheet.addRow(['erreur', { error: '#DIV/0!' }]);
    sheet.addRow(['booléen', true]);
    sheet.addRow(['heure', new Date(Date.UTC(1899, 11, 30, 14, 30))]);
    sheet.getCell('B5').numFmt = 'hh:mm';
    sheet.addRow(['horodatage', new Date(Date.UTC(2024, 1, 29, 8, 5, 9))]);
    sheet.getCell('B6').numFmt = 'yyyy-mm-dd hh:mm:ss';
    sheet.addRow(['flottant', 0.1 + 0.2]);
    sheet.addRow(['lien', { text: 'Lucarne', hyperlink: 'https://example.com/' }]);
    sheet.addRow([]);
    sheet.addRow(['fusion verticale', 'A']);
    sheet.addRow([]);
    sheet.addRow(['suite', 'B']);
    sheet.mergeCells('A10:A12');
    const hidden = book.addWorksheet('Cachée', { state: 'hidden' });
    hidden.addRow(['Dans une feuille masquée']);
    return temp(`values-${date1904}.xlsx`, new Uint8Array(await book.xlsx.writeBuffer()));
  }

  it('flattens rich text, keeps errors, booleans, times, timestamps, links and rounding as shown', async () => {
    const doc = await parsed(await workbook(false));
    const rows = blocks(doc, 'table-row');
    expect(rows).toEqual(
      expect.arrayContaining([
        'Libellé: riche | Valeur: Texte enrichi',
        'Libellé: erreur | Valeur: #DIV/0!',
        'Libellé: booléen | Valeur: TRUE',
        'Libellé: heure | Valeur: 14:30',
        'Libellé: horodatage | Valeur: 2024-02-29 08:05:09',
        'Libellé: flottant | Valeur: 0.3',
        'Libellé: lien | Valeur: Lucarne',
      ]),
    );
    // A vertical merge over an empty row spans the two rows kept (the table repeats a row span's text in
    // each row it covers, so each row still says what it is about); the covered cell's own value is gone,
    // as in Excel.
    expect(rows.slice(-3)).toEqual([
      'Libellé: fusion verticale | Valeur: A',
      'Libellé: fusion verticale | Valeur: B',
      'Dans une feuille masquée',
    ]);
    expect(doc.text).not.toContain('suite');
    expect(headings(doc).map(([text]) => text)).toEqual(['Valeurs', 'Cachée']);
  });

  it('reads dates of the 1904 date system', async () => {
    const doc = await parsed(await workbook(true));
    expect(blocks(doc, 'table-row')).toContain('Libellé: horodatage | Valeur: 2024-02-29 08:05:09');
  });
});

describe('odt', () => {
  it('reads headings with their levels, paragraphs, lists and text boxes in order', async () => {
    const doc = await parsed(sample('rapport.odt'));
    expect(doc.kind).toBe('odt');
    expect(doc.title).toBe('Rapport annuel de la Société Lucarne');
    expect(headings(doc)).toEqual([
      ['Rapport d’activité 2024', 1],
      ['Équipe', 2],
      ['Objectifs', 3],
      ['Conclusion', 2],
    ]);
    expect(blocks(doc, 'list-item')).toEqual([
      'Ouvrir un bureau à Zürich',
      'Recruter deux développeurs',
      'dont un stagiaire',
    ]);
    const all = blocks(doc);
    expect(all).toContain('Voici l’annuaire du personnel :\nmis à jour en décembre.');
    expect(all.indexOf('Encadré : la cantine ferme en août.')).toBe(all.indexOf('Un encadré suit.') + 1);
  });

  it('reads tables with their header rows and merged cells', async () => {
    const doc = await parsed(sample('rapport.odt'));
    const rows = doc.blocks.filter((b) => b.kind === 'table-row');
    expect(rows.map((b) => doc.text.slice(b.start, b.end))).toEqual([
      'Nom | Fonction | Bureau',
      'Nom: Hélène Dupré | Fonction: Directrice | Bureau: Besançon',
      'Nom: François Lefèvre | Fonction: Ingénieur | Bureau: Genève',
      'Nom: Poste vacant | Bureau: Lyon',
    ]);
    expect(rows[0].header).toBe(true);
  });

  it('moves footnotes out of the sentence into footnote blocks at the end', async () => {
    const doc = await parsed(sample('rapport.odt'));
    expect(blocks(doc, 'footnote')).toEqual(['Chiffres non audités, publiés sous réserve.']);
    expect(blocks(doc)).toContain(
      'L’année a été marquée par une forte croissance à Besançon et à Genève. Les équipes ont déménagé au printemps.',
    );
    expect(doc.blocks.filter((b) => b.kind !== 'paragraph').at(-1)?.kind).toBe('footnote');
  });

  it('adds the page header once, after the text, without the page-number footer', async () => {
    const doc = await parsed(sample('rapport.odt'));
    expect(blocks(doc).slice(-2)).toEqual([
      'Chiffres non audités, publiés sous réserve.',
      'Société Lucarne — document interne',
    ]);
    expect(doc.text).not.toMatch(/\bPage\b/);
  });

  it('refuses a password-protected document', async () => {
    const file = await edited('rapport.odt', 'protected.odt', (zip) =>
      rewrite(zip, 'META-INF/manifest.xml', (xml) =>
        xml.replace(
          /(<manifest:file-entry manifest:full-path="content.xml"[^>]*)\/>/,
          '$1><manifest:encryption-data manifest:checksum-type="SHA1/1K" manifest:checksum="x"/></manifest:file-entry>',
        ),
      ),
    );
    const err = await parseError(file);
    expect(err.code).toBe('needs-password');
    expect(err.message).toContain('password-protected');
  });
});

describe('epub', () => {
  it('reads the spine in order with the book title, through the worker pool', async () => {
    const doc = await parsed(sample('voyage.epub'), true);
    expect(doc.kind).toBe('epub');
    expect(doc.title).toBe('Carnet de voyage en Bourgogne');
    expect(doc.pages).toEqual([]);
    expect(headings(doc)).toEqual([
      ['Carnet de voyage en Bourgogne', 1],
      ['Départ de Dijon', 1],
      ['Les vignobles', 2],
      ['Étapes et budget', 1],
    ]);
    // The navigation document is not in the spine: chapter names appear once, as headings.
    expect(doc.text.split('Départ de Dijon').length).toBe(2);
    expect(blocks(doc, 'list-item')).toContain('Vougeot');
    expect(doc.text.indexOf('Les vignobles')).toBeLessThan(doc.text.indexOf('Étapes et budget'));
  });

  it('reads tables with their header, and notes without their reference marks', async () => {
    const doc = await parsed(sample('voyage.epub'));
    const rows = doc.blocks.filter((b) => b.kind === 'table-row');
    expect(rows[0].header).toBe(true);
    expect(doc.text.slice(rows[1].start, rows[1].end)).toBe(
      'Étape: Dijon → Beaune | Distance: 45 km | Hébergement: Hôtel de la Poste',
    );
    expect(blocks(doc)).toContain('Nous quittons Dijon à l’aube, direction Beaune et ses hospices.');
    expect(doc.text).toContain('Les Hospices de Beaune datent de 1443.');
    expect(doc.text).not.toContain('↩');
  });

  it('reads non-linear spine items after the linear ones', async () => {
    const file = await edited('voyage.epub', 'nonlinear.epub', (zip) =>
      rewrite(zip, 'EPUB/content.opf', (xml) =>
        xml.replace('<itemref idref="ch001_xhtml" />', '<itemref idref="ch001_xhtml" linear="no" />'),
      ),
    );
    const doc = await parsed(file);
    expect(doc.text.indexOf('Étapes et budget')).toBeLessThan(doc.text.indexOf('Départ de Dijon'));
  });

  it('refuses a book whose chapters are encrypted (DRM), not one with obfuscated fonts', async () => {
    const encryption = (uri: string, algorithm: string) =>
      `<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container" xmlns:enc="http://www.w3.org/2001/04/xmlenc#"><enc:EncryptedData><enc:EncryptionMethod Algorithm="${algorithm}"/><enc:CipherData><enc:CipherReference URI="${uri}"/></enc:CipherData></enc:EncryptedData></encryption>`;
    const drm = await edited('voyage.epub', 'drm.epub', async (zip) => {
      zip.file(
        'META-INF/encryption.xml',
        encryption('EPUB/text/ch001.xhtml', 'http://www.w3.org/2001/04/xmlenc#aes128-cbc'),
      );
    });
    const err = await parseError(drm);
    expect(err.code).toBe('unsupported');
    expect(err.message).toContain('DRM');
    const fonts = await edited('voyage.epub', 'fonts.epub', async (zip) => {
      zip.file('META-INF/encryption.xml', encryption('EPUB/fonts/a.otf', 'http://www.idpf.org/2008/embedding'));
    });
    expect((await parsed(fonts)).text).toContain('Départ de Dijon');
  });
});

describe('broken, misnamed and protected files', () => {
  const samples = [
    ['presentation.pptx', 'This PowerPoint presentation'],
    ['tarifs.xlsx', 'This Excel workbook'],
    ['rapport.odt', 'This OpenDocument text'],
    ['voyage.epub', 'This EPUB book'],
  ] as const;

  it.each(samples)('a truncated %s is corrupt, with a message', async (name, label) => {
    const bytes = await readFile(sample(name));
    const err = await parseError(await temp(`truncated-${name}`, bytes.subarray(0, Math.floor(bytes.length / 2))));
    expect(err.code).toBe('corrupt');
    expect(err.message).toMatch(new RegExp(`^${label} could not be read`));
  });

  it.each(samples)('a ZIP with nothing in it named %s is corrupt', async (name, label) => {
    const empty = await new JSZip().generateAsync({ type: 'uint8array' });
    const err = await parseError(await temp(`empty-${name}`, empty));
    expect(err.code).toBe('corrupt');
    expect(err.message).toContain(label);
  });

  it.each(samples)('a text file named %s is corrupt', async (name) => {
    const err = await parseError(await temp(`text-${name}`, 'Bonjour, ceci n’est pas un paquet ZIP.'));
    expect(err.code).toBe('corrupt');
    expect(err.message).toContain('not a ZIP package');
  });

  it.each(samples)('a Word document renamed %s is refused with a message', async (name, label) => {
    const file = path.join(dir, `word-${name}`);
    await copyFile(fixture('mammoth__tables.docx'), file);
    const err = await parseError(file);
    expect(err.code).toBe('corrupt');
    expect(err.message).toContain(label);
    if (name.endsWith('x')) expect(err.message).toContain('in fact a Word document (.docx)');
  });

  it('a PowerPoint file named .xlsx says what it really is', async () => {
    const file = path.join(dir, 'slides.xlsx');
    await copyFile(sample('presentation.pptx'), file);
    expect((await parseError(file)).message).toContain('in fact a PowerPoint presentation (.pptx)');
  });

  it.each(['pptx', 'xlsx'])('an encrypted Office file named .%s needs a password', async (ext) => {
    const file = path.join(dir, `encrypted.${ext}`);
    await copyFile(fixture('poi__bug53475-password-is-pass.docx'), file);
    const err = await parseError(file);
    expect(err.code).toBe('needs-password');
    expect(err.message).toMatch(/password-protected/);
  });

  it('an old binary file with a new extension is unsupported, with its real format named', async () => {
    const cfb = new Uint8Array(1024);
    cfb.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    const err = await parseError(await temp('old.pptx', cfb));
    expect(err.code).toBe('unsupported');
    expect(err.message).toContain('PowerPoint 97–2003');
  });

  it('refuses a part whose ZIP directory says it unpacks beyond the limit, before inflating it', async () => {
    const bytes = new Uint8Array(await readFile(sample('rapport.odt')));
    const view = new DataView(bytes.buffer);
    const name = new TextEncoder().encode('content.xml');
    // Central directory entries: signature PK\1\2, uncompressed size at +24, name length at +28, name at +46.
    for (let i = 0; i < bytes.length - 46; i++) {
      if (view.getUint32(i, true) !== 0x02014b50) continue;
      const nameLength = view.getUint16(i + 28, true);
      const entryName = bytes.subarray(i + 46, i + 46 + nameLength);
      if (nameLength === name.length && entryName.every((b, k) => b === name[k])) {
        view.setUint32(i + 24, 300 * 1024 * 1024, true);
      }
    }
    const err = await parseError(await temp('bomb.odt', bytes));
    expect(err.code).toBe('too-large');
    expect(err.message).toContain('This OpenDocument text was not read');
  });
});
