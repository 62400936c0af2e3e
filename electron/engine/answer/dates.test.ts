import { describe, expect, it } from 'vitest';
import { dateOrder, findDates } from './dates';

/** "text → yyyy-mm-dd/precision" for each date found. */
function read(text: string, language: 'fr' | 'en' = 'en'): string[] {
  return findDates(text, language).map(
    (d) => `${d.text} → ${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}/${d.precision}`,
  );
}

describe('findDates', () => {
  it('reads French dates', () => {
    expect(read('Le contrat est signé le 12 mars 2024 et prend effet le 1er avril 2024.', 'fr')).toEqual([
      '12 mars 2024 → 2024-03-12/day',
      '1er avril 2024 → 2024-04-01/day',
    ]);
    expect(read('Livraison prévue en février 2025, puis fin 2025 et début 2026.', 'fr')).toEqual([
      'février 2025 → 2025-02-01/month',
      'fin 2025 → 2025-12-31/part',
      'début 2026 → 2026-01-01/part',
    ]);
    expect(read('Résultats du T3 2023 et du troisième trimestre 2022, premier semestre 2024, mi-2024.', 'fr')).toEqual([
      'T3 2023 → 2023-07-01/quarter',
      'troisième trimestre 2022 → 2022-07-01/quarter',
      'premier semestre 2024 → 2024-01-01/half',
      'mi-2024 → 2024-06-30/part',
    ]);
    expect(read('La société existe depuis 1998 et vise la neutralité d’ici 2030.', 'fr')).toEqual([
      'depuis 1998 → 1998-01-01/year',
      'd’ici 2030 → 2030-01-01/year',
    ]);
  });

  it('reads English dates', () => {
    expect(read('The lease starts on March 12, 2024 and ends on 31 December 2026.')).toEqual([
      'March 12, 2024 → 2024-03-12/day',
      '31 December 2026 → 2026-12-31/day',
    ]);
    expect(read('For the quarterly period ended July 1, 2023 (Q3 2023); Sept. 30th 2023.')).toEqual([
      'July 1, 2023 → 2023-07-01/day',
      'Q3 2023 → 2023-07-01/quarter',
      'Sept. 30th 2023 → 2023-09-30/day',
    ]);
    expect(
      read('Revenue grew in the third quarter of 2023, the first half of 2024 and by mid-2025, late 2025.'),
    ).toEqual([
      'third quarter of 2023 → 2023-07-01/quarter',
      'first half of 2024 → 2024-01-01/half',
      'mid-2025 → 2025-06-30/part',
      'late 2025 → 2025-12-31/part',
    ]);
  });

  it('reads numeric dates: ISO, dotted, and slashes by the text language unless a part is over 12', () => {
    expect(read('Due 2024-03-12.')).toEqual(['2024-03-12 → 2024-03-12/day']);
    expect(read('Échéance le 03/04/2024.', 'fr')).toEqual(['03/04/2024 → 2024-04-03/day']);
    expect(read('Due on 03/04/2024.', 'en')).toEqual(['03/04/2024 → 2024-03-04/day']);
    expect(read('Due on 25/04/2024.', 'en')).toEqual(['25/04/2024 → 2024-04-25/day']);
    expect(read('Le 04/25/2024.', 'fr')).toEqual(['04/25/2024 → 2024-04-25/day']);
    expect(read('Am 12.03.2024.', 'en')).toEqual(['12.03.2024 → 2024-03-12/day']);
  });

  it('skips what is not a date: impossible days, bare numbers, amounts, dates without a year', () => {
    expect(read('Due on 31/02/2024 or 2024-13-01.', 'fr')).toEqual([]);
    expect(read('Net sales were 2023 million; 2024 2023 2022; up in 2000% of cases; the 12 mars.', 'fr')).toEqual([]);
    expect(read('Revenue rose in 2023.5 percent', 'en')).toEqual([]);
    expect(read('The company may 2 shares', 'en')).toEqual([]);
  });

  it('orders dates in time', () => {
    const ds = findDates('fin 2024, 12 mars 2024, T3 2023, 2024-12-01', 'fr');
    const sorted = [...ds].sort((a, b) => dateOrder(a) - dateOrder(b)).map((d) => d.text);
    expect(sorted).toEqual(['T3 2023', '12 mars 2024', '2024-12-01', 'fin 2024']);
  });
});
