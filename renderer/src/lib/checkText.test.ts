import { describe, expect, it } from 'vitest';
import { makeTranslate } from '../i18n';
import { checkCounts, checkReason, type SentenceCheck, sentenceAt } from './checkText';

const base: SentenceCheck = {
  text: 'La marge est de 12,4 % [2].',
  start: 10,
  end: 37,
  citations: [2],
  support: 'not-supported',
  span: { n: 2, start: 0, end: 40, charStart: 100, charEnd: 140 },
  missing: ['12,4 %'],
};
const fr = makeTranslate('fr');
const en = makeTranslate('en');

describe('checkReason', () => {
  it('says what was not found where, in the UI language', () => {
    expect(checkReason(fr, base)).toBe("12,4 % n'apparaît pas dans [2]");
    expect(checkReason(en, { ...base, missing: ['12.4 %'] })).toBe('12.4 % does not appear in [2]');
    expect(checkReason(en, { ...base, missing: ['12.4 %', 'Samsung'] })).toBe('12.4 %, Samsung do not appear in [2]');
  });

  it('names a dropped or added negation, a citation to no passage, and a missing citation', () => {
    expect(checkReason(en, { ...base, missing: ['not'] })).toBe('the negation does not appear in [2]');
    expect(checkReason(fr, { ...base, missing: ['¬augmenté'] })).toBe('[2] dit le contraire (« augmenté » y est nié)');
    expect(checkReason(en, { ...base, citations: [9], missing: ['[9]'] })).toBe('[9] matches no passage');
    expect(checkReason(en, { ...base, citations: [], support: 'partly-supported', missing: ['citation'] })).toBe(
      'found in [2], which is not cited',
    );
    expect(checkReason(fr, { ...base, missing: [] })).toBe('rien dans [2] ne le dit');
  });
});

describe('checkCounts and sentenceAt', () => {
  it('count supported sentences among those that claim something, and find the sentence at an offset', () => {
    const sentences: SentenceCheck[] = [
      { ...base, start: 0, end: 9, support: 'no-claim', missing: [] },
      base,
      { ...base, start: 38, end: 60, support: 'supported', missing: [] },
    ];
    expect(checkCounts(sentences)).toEqual({ supported: 1, total: 2 });
    expect(fr('check.badge', checkCounts(sentences))).toBe('1/2 phrases étayées');
    expect(en('check.badge', checkCounts(sentences))).toBe('1 of 2 sentences supported');
    expect(sentenceAt(sentences, 10)).toBe(base);
    expect(sentenceAt(sentences, 37)).toBeUndefined();
  });
});
