import { describe, expect, it } from 'vitest';
import { dispatch } from '../electron/engine/rpc';
import { events, type MethodName, methods, parseArgs } from './api';

const okEngine = async () => null;

describe('the API contract', () => {
  it('names every method once, each with a handler side, args and result schemas', () => {
    for (const [name, m] of Object.entries(methods)) {
      expect(name).toMatch(/^[a-zA-Z]+\.[a-zA-Z]+$/);
      expect(['engine', 'shell']).toContain(m.handler);
      expect(typeof m.args.safeParse).toBe('function');
      expect(typeof m.result.safeParse).toBe('function');
    }
    expect(Object.keys(events).length).toBeGreaterThan(3);
  });

  it.each<[MethodName, unknown]>([
    ['library.addFolder', {}],
    ['library.addFolder', { path: '' }],
    ['library.addFolder', { path: 42 }],
    ['library.addFolder', { path: 'x'.repeat(5000) }],
    ['library.addFolder', { path: '/tmp', extra: true }],
    ['library.removeFolder', { folderId: -1 }],
    ['library.removeFolder', { folderId: 1.5 }],
    ['library.removeFolder', { folderId: '1' }],
    ['settings.set', { topK: 0 }],
    ['settings.set', { provider: 'openai' }],
    ['settings.set', { unknownSetting: 1 }],
    ['search.query', { query: '' }],
    ['search.query', { query: 'x', k: 1000 }],
    ['chat.ask', { question: 'why?' }],
    ['app.openExternal', { url: 'not a url' }],
    ['app.info', { sneaky: 1 }],
    ['app.info', 'a string'],
    ['app.info', [1, 2]],
  ])('rejects %s with %j', (name, args) => {
    const r = parseArgs(name, args);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('invalid-arguments');
  });

  it('accepts good payloads and applies defaults', () => {
    const r = parseArgs('search.query', { query: 'résumé' });
    expect(r).toEqual({ ok: true, value: { query: 'résumé', k: 10, mode: 'hybrid' } });
    expect(parseArgs('app.info', undefined).ok).toBe(true);
  });

  it('dispatch refuses unknown methods and invalid payloads without calling a handler', async () => {
    let called = 0;
    const engine = async () => {
      called++;
      return null;
    };
    expect(await dispatch('fs.readFile', {}, { engine })).toMatchObject({
      ok: false,
      error: { code: 'unknown-method' },
    });
    expect(await dispatch('__proto__', {}, { engine })).toMatchObject({ ok: false, error: { code: 'unknown-method' } });
    expect(await dispatch('constructor', {}, { engine })).toMatchObject({
      ok: false,
      error: { code: 'unknown-method' },
    });
    expect(await dispatch('library.removeFolder', { folderId: 'x' }, { engine })).toMatchObject({
      ok: false,
      error: { code: 'invalid-arguments' },
    });
    expect(called).toBe(0);
    expect(await dispatch('library.removeFolder', { folderId: 3 }, { engine })).toEqual({ ok: true, value: null });
    expect(called).toBe(1);
  });

  it('dispatch turns thrown errors and contract-breaking results into error results', async () => {
    const throwing = async () => {
      throw new Error('disk on fire');
    };
    expect(await dispatch('library.listFolders', {}, { engine: throwing })).toEqual({
      ok: false,
      error: { code: 'failed', message: 'disk on fire' },
    });
    const wrong = async () => ({ not: 'a list' });
    const r = await dispatch('library.listFolders', {}, { engine: wrong });
    expect(r.ok).toBe(false);
    expect(await dispatch('app.info', {}, { engine: okEngine })).toMatchObject({
      ok: false,
      error: { code: 'unavailable' },
    });
  });
});
