// RTF, CSV/TSV, email and source code on the sample files of test-support/fixtures/formats (see its README), and on
// damaged or misnamed input written by the test.
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoFixture } from '../../../test-support/fixture-paths';
import { chunkDocument } from '../chunk/index';
import type { Block, ParsedDocument } from '../types';
import { ParseError } from '../types';
import { codeBlocks, MAX_DEFINITION_CHARS } from './code';
import { detectDelimiter, isHeaderRecord, parseCsv, readRecords } from './csv';
import { closeParsers, parseFile, parseInProcess } from './index';
import { expectWellFormed } from './test-support/helpers';

const SAMPLES = repoFixture('formats');

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'lucarne-text-formats-'));
});
afterAll(async () => {
  await closeParsers();
  await rm(dir, { recursive: true, force: true });
});

async function sample(name: string): Promise<ParsedDocument> {
  const doc = await parseInProcess(path.join(SAMPLES, name));
  expectWellFormed(doc);
  return doc;
}

async function written(name: string, content: string | Uint8Array): Promise<ParsedDocument> {
  const file = path.join(dir, name);
  await writeFile(file, content);
  const doc = await parseInProcess(file);
  expectWellFormed(doc);
  return doc;
}

async function parseError(name: string, content: string | Uint8Array): Promise<ParseError> {
  const file = path.join(dir, name);
  await writeFile(file, content);
  const err = await parseInProcess(file).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(ParseError);
  return err as ParseError;
}

type BlockEntry = [Block['kind'], string, number?];

function blocks(doc: ParsedDocument): BlockEntry[] {
  return doc.blocks.map((b) => {
    const entry: BlockEntry = [b.kind, doc.text.slice(b.start, b.end)];
    if (b.level) entry.push(b.level);
    return entry;
  });
}

function texts(doc: ParsedDocument, kind?: Block['kind']): string[] {
  return doc.blocks.filter((b) => !kind || b.kind === kind).map((b) => doc.text.slice(b.start, b.end));
}

/** Deterministic pseudo-random bytes: garbage that is the same on every run. */
function garbage(length: number, seed = 7): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

describe('rtf', () => {
  it('reads a LibreOffice document: title, headings, table with its header row, list items, accents', async () => {
    const doc = await sample('rapport-libreoffice.rtf');
    expect(doc.kind).toBe('rtf');
    expect(doc.title).toBe('Rapport annuel');
    expect(blocks(doc)).toEqual([
      ['heading', 'Rapport d’activité 2024', 1],
      ['paragraph', 'L’équipe a amélioré la qualité de l’eau à Besançon : déjà 42 % des réseaux sont rénovés.'],
      ['heading', 'Résultats par ville', 2],
      ['table-row', 'Ville | Population | Réseau rénové'],
      ['table-row', 'Ville: Besançon | Population: 119 000 | Réseau rénové: 42 %'],
      ['table-row', 'Ville: Dole | Population: 23 500 | Réseau rénové: 18 %'],
      ['heading', 'Prochaines étapes', 2],
      ['list-item', 'Remplacer les conduites en plomb'],
      ['list-item', 'Installer des compteurs connectés'],
      ['paragraph', 'Crème brûlée, naïve façade, cœur, Œuvre — « guillemets » et ½ part.'],
    ]);
    expect(doc.blocks.filter((b) => b.kind === 'table-row').map((b) => [b.table, b.header ?? false])).toEqual([
      [0, true],
      [0, false],
      [0, false],
    ]);
  });

  it("decodes \\'hh in cp1252, \\uN with \\ucN fallbacks and surrogate pairs; skips furniture, fields, pictures, hidden text", async () => {
    const doc = await sample('cafe-cp1252.rtf');
    expect(doc.title).toBe('Café et thé');
    expect(blocks(doc)).toEqual([
      ['heading', 'Menu du café', 1],
      ['paragraph', 'Le café coûte 3 €, le thé 2€.'],
      ['paragraph', 'Unicode: € euro, 中文 Chinese, α alpha done, 😀 emoji, lone surrogate.'],
      ['paragraph', 'Field: example link end.'],
      ['paragraph', 'Picture skipped—ok\nsecond line\ttabbed'],
      ['paragraph', 'Note here.'],
      ['paragraph', 'Symbol bullet dropped'],
      ['footnote', 'The footnote text.'],
    ]);
    for (const hidden of ['Page header', 'hidden words', 'HYPERLINK', '89504e47', 'Times New Roman', 'José']) {
      expect(doc.text).not.toContain(hidden);
    }
  });

  it('decodes the \\ansicpg1251 codepage and \\fcharset204 fonts, and reads a table', async () => {
    const doc = await sample('privet-cp1251.rtf');
    expect(blocks(doc)).toEqual([
      ['paragraph', 'Привет, мир!'],
      ['paragraph', 'До свидания.'],
      ['table-row', 'Город | Население'],
      ['table-row', 'Город: Москва | Население: 13 000 000'],
      ['paragraph', 'After the table.'],
    ]);
  });

  it('unwraps HTML encapsulated by Outlook (\\fromhtml1)', async () => {
    const doc = await sample('outlook-fromhtml.rtf');
    expect(doc.title).toBe('Réunion');
    expect(blocks(doc)).toEqual([
      ['heading', 'Ordre du jour', 1],
      ['paragraph', "Point 1 : le budget de l'été."],
    ]);
  });

  it('reads a document whose groups are never closed, and a picture of megabytes, in reasonable time', async () => {
    const truncated = await written(
      'cut.rtf',
      "{\\rtf1\\ansi{\\fonttbl{\\f0 Arial;}}\\pard D\\'e9but\\par\\pard Fin sans accolade",
    );
    expect(texts(truncated)).toEqual(['Début', 'Fin sans accolade']);
    const hexLine = `${'0123456789abcdef'.repeat(8)}\r\n`;
    const picture = `{\\pict\\pngblip\r\n${hexLine.repeat(40_000)}}`;
    const started = Date.now();
    const doc = await written('picture.rtf', `{\\rtf1\\ansi\\pard Before${picture} after.\\par}`);
    expect(texts(doc)).toEqual(['Before after.']);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

describe('csv', () => {
  it('reads a comma CSV: header row, quoted delimiters, quotes and line breaks, ragged rows', async () => {
    const doc = await sample('villes.csv');
    expect(doc.kind).toBe('csv');
    expect(blocks(doc)).toEqual([
      ['table-row', 'city | country | population | note'],
      ['table-row', 'city: Paris | country: France | population: 2102650 | note: Capital, largest city'],
      [
        'table-row',
        'city: Lyon | country: France | population: 522250 | note: Known for its "bouchons" and the Fête des Lumières',
      ],
      ['table-row', 'city: Geneva | country: Switzerland | population: 203856'],
      ['table-row', 'city: Québec | country: Canada | population: 549459 | note: Old town, UNESCO site | extra field'],
    ]);
    expect(doc.blocks[0].header).toBe(true);
    expect(doc.flags).toEqual([]);
  });

  it('detects the semicolon of French Excel (decimal commas stay in their cell) and drops the BOM', async () => {
    const doc = await sample('budget-fr.csv');
    expect(texts(doc)).toEqual([
      'Poste | Montant (€) | Variation',
      'Poste: Loyer | Montant (€): 1 250,00 | Variation: +2,5 %',
      'Poste: Électricité | Montant (€): 84,30 | Variation: -1,2 %',
      'Poste: Assurance habitation | Montant (€): 23,75 | Variation: 0,0 %',
    ]);
  });

  it('splits .tsv on tabs even when fields hold commas and semicolons', async () => {
    const doc = await sample('mesures.tsv');
    expect(texts(doc)).toEqual([
      'date | station | temp_c | comment',
      'date: 2024-01-15 | station: Besançon | temp_c: -2.5 | comment: gel matinal, ciel clair',
      'date: 2024-01-16 | station: Besançon | temp_c: 1.0',
      "date: 2024-01-17 | station: Dole | temp_c: 3.2 | comment: pluie; vent d'ouest",
    ]);
  });

  it('reads Windows-1252 and flags the encoding as guessed', async () => {
    const doc = await sample('clients-cp1252.csv');
    expect(texts(doc)[1]).toBe('Nom: Lefèvre | Ville: Besançon | Remarque: Client fidèle – paie à 30 jours');
    expect(doc.flags).toEqual(['encoding-guessed']);
  });

  it('guesses the delimiter among , ; tab |, ignoring delimiters inside quotes', () => {
    expect(detectDelimiter('a|b|c\n1|2|3\n4|5|6\n')).toBe('|');
    expect(detectDelimiter('a\tb\n1\t2\n')).toBe('\t');
    expect(detectDelimiter('"x;y;z",b\n"1;2",3\n')).toBe(',');
    expect(detectDelimiter('nom;prix\npomme;1,50\npoire;2,25\n')).toBe(';');
    expect(detectDelimiter('one column\nsecond\n')).toBe(',');
  });

  it('marks a header only when the first row names the columns', () => {
    expect(
      isHeaderRecord([
        ['name', 'age'],
        ['Ann', '31'],
      ]),
    ).toBe(true);
    expect(
      isHeaderRecord([
        ['2024', '12'],
        ['2025', '14'],
      ]),
    ).toBe(false);
    expect(
      isHeaderRecord([
        ['x', 'x'],
        ['1', '2'],
      ]),
    ).toBe(false);
  });

  it('stops at the cell cap with the truncated flag, and reads an unclosed quote as plain text', async () => {
    const { records, truncated } = readRecords('a,b,c\n1,2,3\n4,5,6\n', ',', 7);
    expect(records).toEqual([
      ['a', 'b', 'c'],
      ['1', '2', '3'],
    ]);
    expect(truncated).toBe(true);
    const open = await written('open-quote.csv', 'name,remark\nAnn,"never closed\nBob,fine\n');
    expect(texts(open)).toContain('name: Bob | remark: fine');
    const capped = await parseCsv(new TextEncoder().encode(`k,v\n${'key,value\n'.repeat(20)}`), '.csv', 10);
    expectWellFormed(capped);
    expect(capped.flags).toEqual(['truncated']);
    expect(capped.blocks.length).toBe(5);
  });
});

describe('email', () => {
  it('reads a MIME message: RFC 2047 headers, quoted-printable ISO-8859-1 text, quoted reply, attachment names', async () => {
    const doc = await sample('compte-rendu.eml');
    expect(doc.kind).toBe('email');
    expect(doc.title).toBe('Compte rendu de la réunion à Besançon');
    expect(blocks(doc)).toEqual([
      ['paragraph', 'From: Jérôme Dupré <jerome@example.fr>'],
      ['paragraph', 'To: Anne Martin <anne.martin@example.org>, Benoît <benoit@example.org>'],
      ['paragraph', 'Cc: equipe: paul@example.org, lea@example.org;'],
      ['paragraph', 'Date: 2024-10-03T12:05:09.000Z'],
      ['paragraph', 'Subject: Compte rendu de la réunion à Besançon'],
      ['paragraph', 'Bonjour Anne,'],
      [
        'paragraph',
        "Voici le compte rendu de la réunion de jeudi : le budget de l'été est validé.\nLes dépenses prévues dépassent légèrement 12 000 EUR ; Benoît s'occupe du devis.",
      ],
      [
        'paragraph',
        "Le jeudi 3 octobre, Anne Martin a écrit :\n> Peux-tu m'envoyer le compte rendu ?\n> Merci d'avance.",
      ],
      ['paragraph', '--\nJérôme'],
      ['paragraph', 'Attachments: budget été.pdf'],
    ]);
    expect(doc.text).not.toContain('%PDF');
  });

  it('walks an HTML-only message (base64 UTF-8) like a web page', async () => {
    const doc = await sample('commande-html.eml');
    expect(doc.title).toBe('Votre commande n° 4521 est expédiée');
    expect(blocks(doc).slice(4)).toEqual([
      ['heading', 'Commande n° 4521', 2],
      ['paragraph', 'Merci pour votre commande, Zoë !'],
      ['table-row', 'Article | Prix'],
      ['table-row', 'Article: Théière | Prix: 35,00 €'],
      ['paragraph', "L'équipe Boutique"],
    ]);
    expect(doc.text).not.toContain('color:red');
  });

  it('reads a bare message without MIME headers as text/plain', async () => {
    const doc = await written('bare.eml', 'From: a@example.org\nSubject: Hi\n\nJust text.\n');
    expect(texts(doc)).toEqual(['From: a@example.org', 'Subject: Hi', 'Just text.']);
  });
});

describe('code', () => {
  function source(name: string): string {
    return readFileSync(path.join(SAMPLES, 'code', name), 'utf8');
  }

  /** The document text is the file's own: only runs of blank lines become one, and the end is trimmed. */
  function expectOwnText(doc: ParsedDocument, name: string): void {
    expect(doc.text).toBe(
      source(name)
        .replace(/\n{3,}/g, '\n\n')
        .trim(),
    );
  }

  /** First line of each block. */
  function heads(doc: ParsedDocument): string[] {
    return texts(doc).map((t) => t.split('\n')[0]);
  }

  it('cuts Python at top-level definitions, with their comments and decorators, keeping indentation', async () => {
    const doc = await sample('code/inventory.py');
    expect(doc.kind).toBe('code');
    expect(doc.blocks.every((b) => b.kind === 'code')).toBe(true);
    expectOwnText(doc, 'inventory.py');
    expect(heads(doc)).toEqual([
      '#!/usr/bin/env python3',
      'import csv',
      'REORDER_MARGIN = 1.2',
      '@dataclass',
      'def load_items(path: Path) -> list[Item]:',
      '# The report is plain text so that it can be pasted into an email.',
      'if __name__ == "__main__":',
    ]);
    const item = texts(doc)[3];
    expect(item).toContain('    def needs_reorder(self) -> bool:\n        # Reorder');
  });

  it('cuts TypeScript at exports, with their JSDoc, and keeps a function with blank lines whole', async () => {
    const doc = await sample('code/retry.ts');
    expectOwnText(doc, 'retry.ts');
    expect(heads(doc)).toEqual([
      '// Retries an async operation with exponential backoff and jitter.',
      'export interface RetryOptions {',
      'const DEFAULTS: RetryOptions = { attempts: 5, baseDelayMs: 200 };',
      '/**',
      'export const isNetworkError = (err: unknown): boolean =>',
      'export class CircuitBreaker {',
    ]);
    expect(texts(doc)[3]).toMatch(/^\/\*\*[\s\S]*export async function withRetry[\s\S]*throw lastError;\n\}$/);
  });

  it('cuts Go, C (Allman braces), Rust, SQL and shell at their definitions', async () => {
    const go = await sample('code/wordcount.go');
    expect(heads(go)).toEqual([
      '// Command wordcount prints the most frequent words of its input.',
      'import (',
      '// Count holds one word and how often it occurs.',
      '// countWords reads r word by word, lower-cased, and counts each word.',
      '// top returns the n most frequent words, ties broken alphabetically.',
      'func main() {',
    ]);
    const c = await sample('code/ring.c');
    expectOwnText(c, 'ring.c');
    expect(heads(c)).toEqual([
      '/* ring.c: a fixed-size ring buffer of bytes. */',
      '#define RING_MIN 16',
      'struct ring {',
      '/*',
      'static size_t ring_used(const struct ring *r)',
      '/* Copies up to `n` bytes in; returns how many fitted. */',
      'void ring_free(struct ring *r)',
    ]);
    expect(texts(c)[3]).toMatch(/^\/\*\n \* Allocates[\s\S]*return r;\n\}$/);
    const rust = await sample('code/shapes.rs');
    expect(heads(rust)).toEqual([
      '//! Shapes with an area, for the geometry exercises.',
      '/// Anything that covers a surface.',
      '#[derive(Debug, Clone, Copy)]',
      'impl Shape for Circle {',
      '/// The total area of a list of shapes.',
      '#[cfg(test)]',
    ]);
    const sql = await sample('code/schema.sql');
    expect(heads(sql)).toEqual([
      '-- Schema of the library database.',
      'CREATE TABLE documents (',
      '-- One row per chunk; offsets index into the document text.',
      'CREATE INDEX chunks_by_document ON chunks(document_id, ordinal);',
      'SELECT d.path, count(c.id) AS chunks',
    ]);
    const shell = await sample('code/backup.sh');
    expect(heads(shell)).toEqual([
      '#!/bin/sh',
      'SOURCE="$HOME/Documents"',
      '# Prints a timestamped message to stderr.',
      'prune() {',
      'main() {',
      'main "$@"',
    ]);
  });

  it('keeps each function of a file in one chunk when the real chunker cuts it', async () => {
    const doc = await sample('code/wordcount.go');
    const chunks = chunkDocument(doc, { targetTokens: 160, overlapTokens: 0 });
    expect(chunks.length).toBeGreaterThan(1);
    for (const definition of texts(doc).filter((t) => /^(\/\/.*\n)*func /.test(t))) {
      expect(chunks.some((chunk) => chunk.text.includes(definition))).toBe(true);
    }
  });

  it('cuts a definition longer than the limit at its blank lines only, and normalises CRLF', () => {
    const paragraph = (i: number) => `    step_${i} = compute(${i})\n    log(step_${i})\n`;
    const body = Array.from({ length: 200 }, (_, i) => paragraph(i)).join('\n');
    const lines = `def long_one():\n${body}\ndef short():\n    return 1\n`.split('\n');
    const pieces = codeBlocks(lines, MAX_DEFINITION_CHARS);
    expect(pieces.length).toBeGreaterThan(2);
    expect(pieces[0].startsWith('def long_one():')).toBe(true);
    expect(pieces.at(-1)).toBe('def short():\n    return 1\n');
    for (const piece of pieces) expect(piece.trim().length).toBeLessThanOrEqual(MAX_DEFINITION_CHARS);
    for (const piece of pieces.slice(1, -1)) expect(piece.startsWith('    step_')).toBe(true);
  });

  it('reads CRLF files with their indentation', async () => {
    const doc = await written(
      'crlf.js',
      'function a() {\r\n\treturn 1;\r\n}\r\nfunction b() {\r\n  return 2;\r\n}\r\n',
    );
    expect(texts(doc)).toEqual(['function a() {\n\treturn 1;\n}', 'function b() {\n  return 2;\n}']);
  });
});

describe('bad input', () => {
  it('refuses garbage named .rtf or .eml, and binary named .csv or .py, as damaged', async () => {
    expect((await parseError('garbage.rtf', garbage(4096))).message).toMatch(/RTF document.*does not start with/);
    expect((await parseError('garbage.eml', garbage(4096))).message).toMatch(/email.*no message headers/);
    expect((await parseError('binary.csv', garbage(4096))).message).toMatch(/CSV file.*binary data/);
    expect((await parseError('binary.py', garbage(300))).message).toMatch(/source file.*binary data/);
  });

  it('reports empty files as empty', async () => {
    for (const name of ['empty.rtf', 'empty.eml', 'empty.csv', 'empty.js']) {
      expect((await written(name, '')).verdict).toBe('empty');
    }
    expect((await written('blank.csv', '\n\n \n')).verdict).toBe('empty');
    expect((await written('blank.rtf', '{\\rtf1\\ansi{\\fonttbl{\\f0 Arial;}}}')).verdict).toBe('empty');
  });

  it('reads a 2 MB single-line (minified) .js file as one block, quickly', async () => {
    const minified = `var a=${JSON.stringify('x'.repeat(64))};`.repeat(28_000);
    expect(minified.length).toBeGreaterThan(2_000_000);
    const started = Date.now();
    const doc = await written('bundle.min.js', minified);
    expect(doc.blocks.length).toBe(1);
    expect(doc.text.length).toBe(minified.length);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

describe('through the worker pool', () => {
  it('parses an email (postal-mime is ESM), an RTF, a CSV and a source file in the worker', async () => {
    const email = await parseFile(path.join(SAMPLES, 'compte-rendu.eml'));
    expect(email.title).toBe('Compte rendu de la réunion à Besançon');
    const rtf = await parseFile(path.join(SAMPLES, 'privet-cp1251.rtf'));
    expect(texts(rtf)[0]).toBe('Привет, мир!');
    const csv = await parseFile(path.join(SAMPLES, 'budget-fr.csv'));
    expect(csv.blocks.length).toBe(4);
    const code = await parseFile(path.join(SAMPLES, 'code/shapes.rs'));
    expect(code.kind).toBe('code');
    for (const doc of [email, rtf, csv, code]) expectWellFormed(doc);
  });
});
