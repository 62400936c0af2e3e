// Tables of figures (financial statements) read as tables: a generated statement PDF always, and a real
// 10-Q from the development fixtures when they are present (skipped otherwise).
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ParsedDocument } from '../types';
import { parsePdf } from './pdf';
import { CASH_FLOWS, statementPdf } from './test-support/statement-pdf';

function tableRows(doc: ParsedDocument): string[] {
  return doc.blocks
    .filter((b) => b.kind === 'table-row')
    .map((b) => `${b.header ? '# ' : ''}${doc.text.slice(b.start, b.end)}`);
}

const TENQ = '/work/shared/fixtures/sec10q/docs/2023 Q3 AAPL.pdf';

describe('PDF tables of figures', () => {
  it('reads a statement: header over three lines, sections, "$" joined to its figure, caption kept as text', async () => {
    const doc = await parsePdf(await statementPdf(CASH_FLOWS));
    const rows = tableRows(doc);
    expect(rows[0]).toBe('# Years ended December 31, 2018 | Years ended December 31, 2017');
    expect(rows).toContain('Cash Flows from Investing Activities');
    expect(rows).toContain(
      'Purchases of property, plant and equipment (PP&E) | Years ended December 31, 2018: $(1,577) | Years ended December 31, 2017: $(1,373)',
    );
    expect(rows).toContain(
      'Depreciation and amortization | Years ended December 31, 2018: 1,488 | Years ended December 31, 2017: 1,544',
    );
    // The title and the scale stay paragraphs above the table; the note below is not a row.
    expect(doc.text.indexOf('(Dollars in millions)')).toBeLessThan(doc.text.indexOf('Years ended'));
    expect(rows.some((r) => r.includes('accompanying Notes'))).toBe(false);
  });

  it.skipIf(!existsSync(TENQ))(
    'reads a real 10-Q income statement with its period columns',
    async () => {
      const doc = await parsePdf(new Uint8Array(readFileSync(TENQ)));
      const rows = tableRows(doc);
      expect(rows).toContain(
        '# Three Months Ended July 1, 2023 | Three Months Ended June 25, 2022 | Nine Months Ended July 1, 2023 | Nine Months Ended June 25, 2022',
      );
      expect(rows).toContain(
        'Total net sales | Three Months Ended July 1, 2023: 81,797 | Three Months Ended June 25, 2022: 82,959 | Nine Months Ended July 1, 2023: 293,787 | Nine Months Ended June 25, 2022: 304,182',
      );
      // Two equal figures side by side are two cells ("—" in both quarters).
      expect(
        rows.some((r) =>
          /^Common stock issued \| Three Months Ended July 1, 2023: — \| Three Months Ended June 25, 2022: —/.test(r),
        ),
      ).toBe(true);
    },
    60_000,
  );
});
