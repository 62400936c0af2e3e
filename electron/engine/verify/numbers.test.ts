import { describe, expect, it } from 'vitest';
import { extractQuantities, isYear, sameQuantity } from './numbers';

const one = (text: string, language: 'fr' | 'en' = 'en') => {
  const q = extractQuantities(text, language);
  expect(q).toHaveLength(1);
  return q[0];
};
const same = (a: string, b: string, la: 'fr' | 'en' = 'en', lb: 'fr' | 'en' = la) =>
  sameQuantity(one(a, la), one(b, lb));

describe('quantities', () => {
  it('reads scale words, currencies and separators', () => {
    expect(one('$1.58 billion')).toMatchObject({ readings: [1.58e9], currency: 'usd', scaled: true });
    expect(one('1 577 millions', 'fr').readings).toEqual([1.577e9]);
    expect(one('1\u202f577 millions', 'fr').readings).toEqual([1.577e9]);
    expect(one('12,4 %', 'fr')).toMatchObject({ readings: [12.4], percent: true });
    expect(one('€3.5bn')).toMatchObject({ readings: [3.5e9], currency: 'eur' });
    expect(one('2,5 milliards', 'fr').readings).toEqual([2.5e9]);
    // Ambiguous "1,577": both readings, the writer's language first.
    expect(one('1,577', 'en').readings).toEqual([1577, 1.577]);
    expect(one('1,577', 'fr').readings).toEqual([1.577, 1577]);
    expect(one('1,234,567').readings).toEqual([1234567]);
    expect(one('1.234,5', 'fr').readings).toEqual([1234.5]);
  });

  it('does not read numbers glued to names or a bare "m" as a million', () => {
    expect(extractQuantities('IL-6 and CD4 levels')).toEqual([]);
    expect(one('a 5 m wall').scaled).toBe(false);
    expect(one('$5 m').scaled).toBe(true);
  });

  it('matches amounts within rounding, across scales and languages', () => {
    expect(same('$1.58 billion', '1,577 million')).toBe(true);
    expect(same('1 577 millions', '$1.58 billion', 'fr', 'en')).toBe(true);
    expect(same('1,58 milliard', '1 577 millions', 'fr')).toBe(true);
    expect(same('$1.58 billion', '1,500 million')).toBe(false);
    expect(same('$1.6 billion', '1,577 million')).toBe(true); // within the rounding of "1.6"
    expect(same('17', '18')).toBe(false);
    expect(same('1.2', '1.1')).toBe(false);
  });

  it('matches a percentage written as a percentage or as a fraction', () => {
    expect(same('12 %', '12 percent', 'fr', 'en')).toBe(true);
    expect(same('12 %', '0,12', 'fr')).toBe(true);
    expect(same('12,4 %', '0.124', 'fr', 'en')).toBe(true);
    expect(same('12,4 %', '12.4%', 'fr', 'en')).toBe(true);
    expect(same('12,4 %', '14.2%', 'fr', 'en')).toBe(false);
  });

  it('matches a scaled amount with the bare figure of a table "in millions", not other currencies', () => {
    expect(same('$82,959 million', '82,959')).toBe(true);
    expect(same('$5 million', '€5 million')).toBe(false);
  });

  it('knows a year', () => {
    expect(isYear(one('in 2023'))).toBe(true);
    expect(isYear(one('2,023'))).toBe(false);
    expect(isYear(one('1023'))).toBe(false);
  });
});
