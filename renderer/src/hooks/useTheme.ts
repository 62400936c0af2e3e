import { createContext, useContext, useEffect, useState } from 'react';

export type ThemeSetting = 'system' | 'light' | 'dark';

const THEME_KEY = 'lucarne.theme';

/** Before the settings arrive: the theme used last time, else the system's, so the first frame is right. */
export function applyInitialTheme(): void {
  let theme: string | null = null;
  try {
    theme = localStorage.getItem(THEME_KEY);
  } catch {}
  if (theme !== 'light' && theme !== 'dark') theme = query().matches ? 'dark' : 'light';
  document.documentElement.dataset.theme = theme;
}

const query = () => window.matchMedia('(prefers-color-scheme: dark)');

/** Applies the theme to <html data-theme> and returns the effective one; 'system' follows the OS live. */
export function useTheme(setting: ThemeSetting): 'light' | 'dark' {
  const [systemDark, setSystemDark] = useState(() => query().matches);
  useEffect(() => {
    const mq = query();
    const on = () => setSystemDark(mq.matches);
    mq.addEventListener('change', on);
    return () => mq.removeEventListener('change', on);
  }, []);
  const effective = setting === 'system' ? (systemDark ? 'dark' : 'light') : setting;
  useEffect(() => {
    document.documentElement.dataset.theme = effective;
    document.documentElement.style.colorScheme = effective;
    try {
      localStorage.setItem(THEME_KEY, effective);
    } catch {}
  }, [effective]);
  return effective;
}

/** The effective theme as currently applied, for canvas drawings that need actual colours. */
export function currentTheme(): 'light' | 'dark' {
  return document.documentElement.dataset.theme === 'dark' ? 'dark' : 'light';
}

/** Reads a CSS variable of the current theme (for canvas drawing). */
export function cssVar(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
}

/** The effective theme, for drawings (canvas, token colours) that cannot use CSS variables directly. */
export const ThemeContext = createContext<'light' | 'dark'>('light');
export const useEffectiveTheme = () => useContext(ThemeContext);
