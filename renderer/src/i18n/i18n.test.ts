import { describe, expect, it } from 'vitest';
import { en } from './en';
import { fr } from './fr';
import { makeFormatters, makeTranslate, resolveLang } from './index';

describe('dictionaries', () => {
  it('have the same keys, none empty, and the same kind of value for each', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(fr).sort());
    for (const key of Object.keys(fr) as (keyof typeof fr)[]) {
      expect(typeof en[key], key).toBe(typeof fr[key]);
      if (typeof fr[key] === 'string') {
        expect((fr[key] as string).trim(), key).not.toBe('');
        expect((en[key] as string).trim(), key).not.toBe('');
      }
    }
  });

  it('make French plurals singular at 0 and 1, English only at 1', () => {
    const tfr = makeTranslate('fr');
    const ten = makeTranslate('en');
    expect(tfr('chat.sourcesCount', { count: 0 })).toBe('0 source');
    expect(tfr('chat.sourcesCount', { count: 1 })).toBe('1 source');
    expect(tfr('chat.sourcesCount', { count: 3 })).toBe('3 sources');
    expect(ten('chat.sourcesCount', { count: 0 })).toBe('0 sources');
    expect(ten('chat.sourcesCount', { count: 1 })).toBe('1 source');
  });
});

describe('resolveLang', () => {
  it('follows the setting, else the OS language, else French', () => {
    expect(resolveLang('en', 'fr-FR')).toBe('en');
    expect(resolveLang('system', 'fr_CA.UTF-8')).toBe('fr');
    expect(resolveLang('system', 'en-US')).toBe('en');
    expect(['fr', 'en']).toContain(resolveLang('system', 'de-DE'));
  });
});

describe('formatters', () => {
  it('format numbers, sizes and durations for each language', () => {
    const f = makeFormatters('fr');
    const e = makeFormatters('en');
    expect(f.number(12001).replace(/\s/g, ' ')).toBe('12 001');
    expect(e.number(12001)).toBe('12,001');
    expect(f.bytes(2_500_000)).toMatch(/^2,4\sMo$/);
    expect(e.bytes(512)).toMatch(/^512\s?byte/);
    expect(f.duration(420)).toMatch(/^7\smin/);
    expect(e.duration(7320)).toMatch(/^2\s?hrs?\s2\s?min/);
  });
});
