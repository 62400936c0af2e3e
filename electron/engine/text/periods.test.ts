import { describe, expect, it } from 'vitest';
import { isPeriodToken, periodTokens } from './periods';

const q = (text: string) => periodTokens(text, { bareYears: true });

describe('periodTokens', () => {
  it('reads a quarter however it is written, in English and French, as the same tokens', () => {
    const expected = ['q3y2023', 'yr2023'];
    for (const text of [
      "What was Apple's total net sales in Q3 2023?",
      '2023 Q3 AAPL',
      '2023-Q3',
      'in the third quarter of 2023',
      '3rd quarter 2023',
      '3Q23',
      "Q3'23",
      'le chiffre d’affaires du troisième trimestre 2023',
      'T3 2023',
      '3e trimestre 2023',
    ]) {
      expect(q(text), text).toEqual(expected);
    }
  });

  it('marks fiscal years: FY2018, FY18, fiscal 2018, exercice 2018, année fiscale 2018', () => {
    for (const text of [
      'What is the FY2018 capital expenditure amount for 3M?',
      'capex in FY18',
      "FY'18",
      'fiscal 2018',
      'fiscal year 2018',
      'the 2018 fiscal year',
      "les résultats de l'exercice 2018",
      'année fiscale 2018',
      'For the fiscal year ended December 31, 2018',
      'exercice clos le 31 décembre 2018',
    ]) {
      expect(q(text), text).toContain('fy2018');
      expect(q(text), text).toContain('yr2018');
    }
    expect(q('Q3 FY23')).toEqual(['fy2023', 'q3y2023', 'yr2023']);
    expect(q('third quarter of fiscal 2023')).toEqual(['fy2023', 'q3y2023', 'yr2023']);
    expect(q("deuxième trimestre de l'exercice 2023")).toEqual(['fy2023', 'q2y2023', 'yr2023']);
  });

  it('reads halves and months', () => {
    expect(q('H1 2023')).toEqual(['h1y2023', 'yr2023']);
    expect(q('first half of 2023')).toEqual(['h1y2023', 'yr2023']);
    expect(q('premier semestre 2023')).toEqual(['h1y2023', 'yr2023']);
    expect(q('S2 2022')).toEqual(['h2y2022', 'yr2022']);
    expect(q('For the quarterly period ended July 1, 2023')).toEqual(['m202307', 'yr2023']);
    expect(q('au 1er juillet 2023')).toEqual(['m202307', 'yr2023']);
    expect(q('30 septembre 2023')).toEqual(['m202309', 'yr2023']);
    expect(q('filed on 2023-08-04 for the period ending 2023-07-01')).toEqual(['m202307', 'm202308', 'yr2023']);
  });

  it('reads a lone year only when asked: questions and names, not running text', () => {
    expect(q('le rapport 2019 de Best Buy')).toEqual(['yr2019']);
    expect(q('3M_2018_10K')).toEqual(['yr2018']);
    expect(periodTokens('Notes due 2042; founded in 1976')).toEqual([]);
    // Amounts and other numbers are not years.
    expect(q('revenue of $2023 million, 2023.5 units, 12023 items, 2023%')).toEqual([]);
  });

  it('finds nothing in a question without a period', () => {
    expect(q("What are Apple's main risk factors?")).toEqual([]);
    expect(q('Quel est le montant des dépenses ?')).toEqual([]);
    // A quarter without a year is no period (the file name's "Q3" still matches it as a word).
    expect(q('Q3 revenue')).toEqual([]);
  });

  it('makes tokens FTS5 keeps whole and tells them from words', () => {
    for (const t of q('Q3 FY23, H1 2022, July 2021, exercice 2020')) {
      expect(t).toMatch(/^[a-z0-9]+$/);
      expect(isPeriodToken(t), t).toBe(true);
    }
    expect(isPeriodToken('q3')).toBe(false);
    expect(isPeriodToken('2023')).toBe(false);
  });
});
