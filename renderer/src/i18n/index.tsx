// A tiny typed dictionary: French is the source of truth, English must have the same keys and the same
// parameter shapes (the compiler checks it). Values are strings or functions of named parameters, so
// plurals and word order stay in the translation, not in the components.
import { createContext, type ReactNode, useContext, useMemo } from 'react';
import { en } from './en';
import { type Messages, fr } from './fr';

export type Lang = 'fr' | 'en';
export type MessageKey = keyof Messages;
type ArgsOf<K extends MessageKey> = Messages[K] extends (params: infer P) => string ? [P] : [];
export type Translate = <K extends MessageKey>(key: K, ...args: ArgsOf<K>) => string;

const dictionaries: Record<Lang, Messages> = { fr, en };

/** 'fr-CA' → 'fr'; anything we do not translate falls back to French, the first users' language. */
export function resolveLang(setting: 'system' | Lang, osLanguage: string | undefined): Lang {
  if (setting !== 'system') return setting;
  const candidates = [osLanguage, ...(typeof navigator !== 'undefined' ? navigator.languages : [])];
  for (const c of candidates) {
    const base = c?.toLowerCase().split(/[-_.]/)[0];
    if (base === 'fr' || base === 'en') return base;
  }
  return 'fr';
}

export function makeTranslate(lang: Lang): Translate {
  const dict = dictionaries[lang];
  return ((key: MessageKey, params?: unknown) => {
    const value = dict[key] as string | ((p: unknown) => string);
    return typeof value === 'function' ? value(params) : value;
  }) as Translate;
}

export interface Formatters {
  number(n: number, digits?: number): string;
  percent(ratio: number): string;
  bytes(n: number): string;
  date(iso: string | number): string;
  dateTime(iso: string | number): string;
  relative(iso: string | number): string;
  duration(seconds: number): string;
}

export function makeFormatters(lang: Lang): Formatters {
  const locale = lang === 'fr' ? 'fr-FR' : 'en-GB';
  const nf = new Intl.NumberFormat(locale);
  const pct = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
  const df = new Intl.DateTimeFormat(locale, { dateStyle: 'medium' });
  const dtf = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  const unit = (value: number, u: 'byte' | 'kilobyte' | 'megabyte' | 'gigabyte') =>
    new Intl.NumberFormat(locale, {
      style: 'unit',
      unit: u,
      unitDisplay: 'short',
      maximumFractionDigits: value < 10 ? 1 : 0,
    }).format(value);
  return {
    number: (n, digits) =>
      digits === undefined
        ? nf.format(n)
        : new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(n),
    percent: (r) => pct.format(r),
    bytes: (n) => {
      if (n < 1024) return unit(n, 'byte');
      if (n < 1024 ** 2) return unit(n / 1024, 'kilobyte');
      if (n < 1024 ** 3) return unit(n / 1024 ** 2, 'megabyte');
      return unit(n / 1024 ** 3, 'gigabyte');
    },
    date: (d) => df.format(new Date(d)),
    dateTime: (d) => dtf.format(new Date(d)),
    relative: (d) => {
      const s = (new Date(d).getTime() - Date.now()) / 1000;
      const abs = Math.abs(s);
      if (abs < 45) return rtf.format(0, 'second');
      if (abs < 3600) return rtf.format(Math.round(s / 60), 'minute');
      if (abs < 86_400) return rtf.format(Math.round(s / 3600), 'hour');
      if (abs < 7 * 86_400) return rtf.format(Math.round(s / 86_400), 'day');
      return df.format(new Date(d));
    },
    duration: (seconds) => {
      const s = Math.max(0, Math.round(seconds));
      const style = { style: 'unit', unitDisplay: 'short' } as const;
      if (s < 60) return new Intl.NumberFormat(locale, { ...style, unit: 'second' }).format(s);
      if (s < 3600) return new Intl.NumberFormat(locale, { ...style, unit: 'minute' }).format(Math.round(s / 60));
      const h = Math.floor(s / 3600);
      const m = Math.round((s % 3600) / 60);
      const hs = new Intl.NumberFormat(locale, { ...style, unit: 'hour' }).format(h);
      return m ? `${hs} ${new Intl.NumberFormat(locale, { ...style, unit: 'minute' }).format(m)}` : hs;
    },
  };
}

interface I18n {
  lang: Lang;
  t: Translate;
  fmt: Formatters;
}

const I18nContext = createContext<I18n>({ lang: 'fr', t: makeTranslate('fr'), fmt: makeFormatters('fr') });

export function I18nProvider({ lang, children }: { lang: Lang; children: ReactNode }) {
  const value = useMemo(() => ({ lang, t: makeTranslate(lang), fmt: makeFormatters(lang) }), [lang]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export const useI18n = () => useContext(I18nContext);
export const useT = () => useContext(I18nContext).t;
