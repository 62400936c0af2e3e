// What every view needs to know about the app: the settings (kept in sync with 'settings.changed'), the
// host's facts ('app.info') and the engine connection. Loaded once before the first paint, so the first
// frame already has the right theme and language.
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { MethodResult, Settings } from '../../../shared/api';
import { api } from '../api';
import { errorMessage } from '../lib/errors';
import { useApiEvent } from './useApiEvent';

export type AppInfo = MethodResult<'app.info'>;

interface AppState {
  settings: Settings;
  info: AppInfo;
  updateSettings(patch: Partial<Settings>): Promise<Settings>;
}

const AppStateContext = createContext<AppState | null>(null);

export function useAppState(): AppState {
  const s = useContext(AppStateContext);
  if (!s) throw new Error('useAppState outside AppStateProvider');
  return s;
}

type Boot =
  | { state: 'loading' }
  | { state: 'error'; message: string }
  | { state: 'ready'; settings: Settings; info: AppInfo };

export function AppStateProvider({
  children,
  fallback,
}: {
  children: ReactNode;
  fallback: (boot: { state: 'loading' } | { state: 'error'; message: string; retry(): void }) => ReactNode;
}) {
  const [boot, setBoot] = useState<Boot>({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let live = true;
    void attempt;
    Promise.all([api.call('settings.get', {}), api.call('app.info', {})]).then(
      ([settings, info]) => live && setBoot({ state: 'ready', settings, info }),
      (err: unknown) => live && setBoot({ state: 'error', message: errorMessage(err) }),
    );
    return () => {
      live = false;
    };
  }, [attempt]);

  useApiEvent('settings.changed', (settings) => {
    setBoot((b) => (b.state === 'ready' ? { ...b, settings } : b));
  });

  // Optimistic: the control shows the new value at once; the engine's answer (or an error) settles it.
  const updateSettings = useCallback(async (patch: Partial<Settings>) => {
    let before: Settings | null = null;
    setBoot((b) => {
      if (b.state !== 'ready') return b;
      before = b.settings;
      return { ...b, settings: { ...b.settings, ...patch } };
    });
    try {
      const next = await api.call('settings.set', patch);
      setBoot((b) => (b.state === 'ready' ? { ...b, settings: next } : b));
      return next;
    } catch (err) {
      const restore = before;
      if (restore) setBoot((b) => (b.state === 'ready' ? { ...b, settings: restore } : b));
      throw err;
    }
  }, []);

  const value = useMemo(
    () => (boot.state === 'ready' ? { settings: boot.settings, info: boot.info, updateSettings } : null),
    [boot, updateSettings],
  );

  if (boot.state === 'loading') return <>{fallback({ state: 'loading' })}</>;
  if (boot.state === 'error') return <>{fallback({ ...boot, retry: () => setAttempt((a) => a + 1) })}</>;
  return <AppStateContext.Provider value={value}>{children}</AppStateContext.Provider>;
}
