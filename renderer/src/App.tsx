// The shell: boot (settings + app info), language and theme, then either the quick-ask window or the
// main layout (sidebar, page, source panel).
import { lazy, Suspense, useEffect } from 'react';
import { Button } from './components/Button';
import { CommandPalette } from './components/CommandPalette';
import { EmptyState } from './components/Controls';
import { DropOverlay } from './components/DropOverlay';
import { Sidebar } from './components/Sidebar';
import { ToastProvider } from './components/Toasts';
import { useApiEvent } from './hooks/useApiEvent';
import { AppStateProvider, useAppState } from './hooks/useAppState';
import { ConversationsProvider } from './hooks/useConversations';
import { FoldersProvider } from './hooks/useFolders';
import { IndexingProvider } from './hooks/useIndexing';
import { SourceProvider, useSource } from './hooks/useSource';
import { ThemeContext, useTheme } from './hooks/useTheme';
import { I18nProvider, makeTranslate, resolveLang, useT } from './i18n';
import { hasModifier } from './lib/platform';
import { navigate, type Route, useRoute } from './lib/router';
import { ChatPage } from './pages/chat/ChatPage';
import { LibraryPage } from './pages/library/LibraryPage';
import { QuickAskPage } from './pages/quick/QuickAskPage';
import { SettingsPage } from './pages/settings/SettingsPage';

// The heavier views load on first use: pdf.js and the canvas drawings stay out of the first paint.
const InspectorPage = lazy(() => import('./pages/inspector/InspectorPage').then((m) => ({ default: m.InspectorPage })));
const SourcePanel = lazy(() => import('./pages/source/SourcePanel').then((m) => ({ default: m.SourcePanel })));

export function App() {
  return (
    <AppStateProvider fallback={(boot) => <BootScreen boot={boot} />}>
      <Localized />
    </AppStateProvider>
  );
}

function BootScreen({ boot }: { boot: { state: 'loading' } | { state: 'error'; message: string; retry(): void } }) {
  const t = makeTranslate(resolveLang('system', undefined));
  if (boot.state === 'loading')
    return (
      <div className="boot" role="status" aria-busy="true">
        <span className="sr-only">{t('boot.loading')}</span>
      </div>
    );
  return (
    <div className="boot">
      <EmptyState
        icon="alert"
        title={t('boot.failed')}
        actions={<Button onClick={boot.retry}>{t('common.retry')}</Button>}
      >
        <p>{boot.message}</p>
      </EmptyState>
    </div>
  );
}

function Localized() {
  const { settings, info } = useAppState();
  const lang = resolveLang(settings.language, info.osLanguage);
  const theme = useTheme(settings.theme);
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  return (
    <I18nProvider lang={lang}>
      <ThemeContext.Provider value={theme}>
        <ToastProvider>
          <IndexingProvider>
            <FoldersProvider>
              <ConversationsProvider>
                <SourceProvider>
                  <Shell />
                </SourceProvider>
              </ConversationsProvider>
            </FoldersProvider>
          </IndexingProvider>
        </ToastProvider>
      </ThemeContext.Provider>
    </I18nProvider>
  );
}

function useGlobalShortcuts(route: Route) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!hasModifier(e) || e.altKey) return;
      const to: Record<string, string> = { '1': '#/chat', '2': '#/library', '3': '#/inspector', ',': '#/settings' };
      const key = e.key.toLowerCase();
      if (to[key]) {
        e.preventDefault();
        navigate(to[key]);
      } else if (key === 'n' && !e.shiftKey) {
        e.preventDefault();
        navigate('#/chat');
        window.dispatchEvent(new CustomEvent('lucarne:focus-composer'));
      }
    };
    if (route.page === 'quick') return;
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [route.page]);
}

function Shell() {
  const t = useT();
  const route = useRoute();
  const source = useSource();
  const closeSource = source.close;
  useGlobalShortcuts(route);
  // The source panel belongs to the view that opened it.
  // biome-ignore lint/correctness/useExhaustiveDependencies: close when the page changes, not when close changes
  useEffect(() => {
    closeSource();
  }, [route.page]);
  useApiEvent('app.navigate', ({ route: to }) => {
    // The quick-ask window stays what it is; only the main window follows navigation requests.
    if (route.page === 'quick') return;
    navigate(to.startsWith('#') ? to : `#${to.startsWith('/') ? '' : '/'}${to}`);
  });

  if (route.page === 'quick') return <QuickAskPage />;

  return (
    <div className={`app${source.target ? ' has-source' : ''}`}>
      <a className="skip-link" href="#main-content">
        {t('nav.skip')}
      </a>
      <Sidebar route={route} />
      <main className="main" id="main-content" tabIndex={-1}>
        {route.page === 'chat' && <ChatPage conversationId={route.conversationId} />}
        {route.page === 'library' && <LibraryPage />}
        {route.page === 'inspector' && (
          <Suspense fallback={<div className="page-loading" />}>
            <InspectorPage />
          </Suspense>
        )}
        {route.page === 'settings' && <SettingsPage section={route.section} />}
      </main>
      {source.target && (
        <Suspense fallback={<aside className="source-panel" />}>
          <SourcePanel />
        </Suspense>
      )}
      <DropOverlay />
      <CommandPalette />
    </div>
  );
}
