import { describe, expect, it } from 'vitest';
import { parseRoute, routeHref } from './router';

describe('parseRoute', () => {
  it.each([
    ['', { page: 'chat', conversationId: null }],
    ['#/chat', { page: 'chat', conversationId: null }],
    ['#/chat/12', { page: 'chat', conversationId: 12 }],
    ['#/chat/abc', { page: 'chat', conversationId: null }],
    ['#/library', { page: 'library' }],
    ['#/inspector', { page: 'inspector' }],
    ['#/settings', { page: 'settings', section: null }],
    ['#/settings/prompt', { page: 'settings', section: 'prompt' }],
    ['#/quick', { page: 'quick' }],
    ['#/nowhere', { page: 'chat', conversationId: null }],
  ])('%s', (hash, route) => {
    expect(parseRoute(hash)).toEqual(route);
  });

  it('round-trips through routeHref', () => {
    for (const hash of [
      '#/chat',
      '#/chat/7',
      '#/library',
      '#/inspector',
      '#/settings',
      '#/settings/about',
      '#/quick',
    ]) {
      expect(routeHref(parseRoute(hash))).toBe(hash);
    }
  });
});
