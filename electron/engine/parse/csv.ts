// CSV and TSV: the whole file as one table (one 'table-row' block per record, see table-rows.ts), read with
// csv-parse. The delimiter is guessed (French Excel writes ';' because ',' is its decimal separator), quoted
// fields may hold delimiters and line breaks, and ragged records are kept as they are.
import { CsvError, type Options, parse } from 'csv-parse/sync';
import type { ParsedDocument } from '../types';
import { DocumentBuilder } from './builder';
import type { TableRow } from './table-rows';
import { decodeTextFile } from './text-input';

/** Beyond this many cells the rest of the file is not indexed (flag 'truncated'): ~10 MB of row text. */
export const MAX_CSV_CELLS = 500_000;

const CANDIDATE_DELIMITERS = [',', ';', '\t', '|'];
/** The delimiter is guessed on the first records only. */
const SNIFF_CHARS = 64 * 1024;
const SNIFF_RECORDS = 50;

type CsvRecord = string[];

const BASE_OPTIONS: Options = {
  relax_column_count: true,
  // A quote inside an unquoted field (5" screen) is a character, not an error.
  relax_quotes: true,
  skip_empty_lines: true,
};

export async function parseCsv(bytes: Uint8Array, ext: string, maxCells = MAX_CSV_CELLS): Promise<ParsedDocument> {
  const decoded = decodeTextFile(bytes, 'This CSV file');
  const builder = new DocumentBuilder('csv');
  if (decoded.guessed) builder.flag('encoding-guessed');
  const delimiter = ext === '.tsv' ? '\t' : detectDelimiter(decoded.text);
  const { records, truncated } = readRecords(decoded.text, delimiter, maxCells);
  if (truncated) builder.flag('truncated');
  builder.addTable(toTableRows(records));
  return builder.build();
}

/**
 * The candidate that splits the first records into the same number (at least two) of fields most often;
 * parsing the sample with each candidate keeps delimiters inside quoted fields from counting. Ties go to the
 * wider split, then to the candidates' order (comma first). A file with one column gets ','.
 */
export function detectDelimiter(text: string): string {
  const sample = text.slice(0, SNIFF_CHARS);
  let best = { delimiter: ',', consistency: 0, width: 1 };
  for (const delimiter of CANDIDATE_DELIMITERS) {
    const widths = sniffWidths(sample, delimiter);
    const width = mostCommon(widths);
    if (width < 2) continue;
    const consistency = widths.filter((w) => w === width).length / widths.length;
    if (consistency > best.consistency || (consistency === best.consistency && width > best.width)) {
      best = { delimiter, consistency, width };
    }
  }
  return best.delimiter;
}

/** Field counts of the sample's first records with `delimiter` (the sample's last record may be cut short). */
function sniffWidths(sample: string, delimiter: string): number[] {
  try {
    const records: CsvRecord[] = parse(sample, { ...BASE_OPTIONS, delimiter, to: SNIFF_RECORDS });
    const complete = records.length > 1 && sample.length === SNIFF_CHARS ? records.slice(0, -1) : records;
    return complete.map((r) => r.length);
  } catch {
    return []; // a quote left open by the cut at SNIFF_CHARS, or a delimiter that breaks the quoting
  }
}

function mostCommon(values: number[]): number {
  const counts = new Map<number, number>();
  let best = 0;
  for (const v of values) {
    const n = (counts.get(v) ?? 0) + 1;
    counts.set(v, n);
    if (n > (counts.get(best) ?? 0)) best = v;
  }
  return best;
}

/** Thrown from csv-parse's record callback to stop reading at the cell cap. */
class CellCapReached extends Error {}

/**
 * The file's records, stopping after `maxCells` cells. A quote that is never closed would make csv-parse
 * reject the whole file: it is then read again with quotes as plain characters, which loses the quoting but
 * keeps every word.
 */
export function readRecords(
  text: string,
  delimiter: string,
  maxCells: number,
): { records: CsvRecord[]; truncated: boolean } {
  try {
    return collectRecords(text, { ...BASE_OPTIONS, delimiter }, maxCells);
  } catch (err) {
    if (!(err instanceof CsvError)) throw err;
    return collectRecords(text, { ...BASE_OPTIONS, delimiter, quote: false }, maxCells);
  }
}

function collectRecords(
  text: string,
  options: Options,
  maxCells: number,
): { records: CsvRecord[]; truncated: boolean } {
  const records: CsvRecord[] = [];
  let cells = 0;
  try {
    parse(text, {
      ...options,
      // Records are kept here rather than in csv-parse's result so that reading can stop at the cap.
      on_record: (record: CsvRecord) => {
        if (cells + record.length > maxCells) throw new CellCapReached();
        cells += record.length;
        records.push(record);
        return null;
      },
    });
  } catch (err) {
    if (err instanceof CellCapReached) {
      return { records, truncated: true };
    }
    throw err;
  }
  return { records, truncated: false };
}

/** Records as table rows; the first is marked as the header when it names the columns (see isHeaderRecord). */
function toTableRows(records: CsvRecord[]): TableRow[] {
  const header = records.length > 1 && isHeaderRecord(records);
  return records.map((record, i) =>
    record.map((field) => ({
      // A quoted field may hold line breaks: one row stays one line of text.
      text: field.replace(/\s+/g, ' ').trim(),
      header: header && i === 0,
      colspan: 1,
      rowspan: 1,
    })),
  );
}

const NUMBER_OR_DATE =
  /^(?:[-+(]?[$€£¥]?\s?\d[\d\s.,'’]*%?\)?\s?[$€£¥]?|\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}(?:[ T][\d:.]+)?)$/u;

export function looksNumeric(value: string): boolean {
  return NUMBER_OR_DATE.test(value.trim());
}

/**
 * A first record names the columns when its fields are all short, non-empty, distinct and not figures, and
 * the rows below confirm it: some column holds figures under a non-figure name, or no name recurs as a value
 * of its own column (a data row usually repeats values of the rows around it).
 */
export function isHeaderRecord(records: CsvRecord[]): boolean {
  const names = records[0].map((f) => f.trim());
  const plausible =
    names.length >= 2 &&
    names.every((n) => n.length > 0 && n.length <= 60 && !looksNumeric(n)) &&
    new Set(names).size === names.length;
  if (!plausible) return false;
  const body = records.slice(1, 201);
  const numericColumn = names.some((_, c) => {
    const values = body.map((r) => r[c]?.trim() ?? '').filter((v) => v);
    return values.length > 0 && values.every(looksNumeric);
  });
  const nameRecurs = names.some((name, c) => body.some((r) => r[c]?.trim() === name));
  return numericColumn || !nameRecurs;
}
