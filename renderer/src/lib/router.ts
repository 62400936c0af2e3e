// Hash routing: the whole app is one page, and a route is just `#/chat/12`. Hash routes survive reloads in
// both hosts (file:// in Electron, the browser host's single index.html) without any server rewrite.
import { useSyncExternalStore } from 'react';

export type Route =
  | { page: 'chat'; conversationId: number | null }
  | { page: 'library' }
  | { page: 'inspector' }
  | { page: 'settings'; section: string | null }
  | { page: 'quick' };

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean);
  switch (parts[0]) {
    case 'library':
      return { page: 'library' };
    case 'inspector':
      return { page: 'inspector' };
    case 'settings':
      return { page: 'settings', section: parts[1] ?? null };
    case 'quick':
      return { page: 'quick' };
    default: {
      const id = parts[0] === 'chat' && parts[1] ? Number(parts[1]) : Number.NaN;
      return { page: 'chat', conversationId: Number.isInteger(id) && id >= 0 ? id : null };
    }
  }
}

export function routeHref(route: Route): string {
  switch (route.page) {
    case 'chat':
      return route.conversationId === null ? '#/chat' : `#/chat/${route.conversationId}`;
    case 'settings':
      return route.section ? `#/settings/${route.section}` : '#/settings';
    default:
      return `#/${route.page}`;
  }
}

export function navigate(to: Route | string, options: { replace?: boolean } = {}): void {
  const href = typeof to === 'string' ? to : routeHref(to);
  if (href === window.location.hash) return;
  if (options.replace) {
    window.history.replaceState(null, '', href);
    // replaceState does not fire hashchange; tell the subscribers ourselves.
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  } else {
    window.location.hash = href;
  }
}

const subscribe = (cb: () => void) => {
  window.addEventListener('hashchange', cb);
  return () => window.removeEventListener('hashchange', cb);
};
const snapshot = () => window.location.hash;

/** The current route, re-rendering on every hash change. */
export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, snapshot);
  return parseRoute(hash);
}
