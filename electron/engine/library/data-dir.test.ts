import { describe, expect, it } from 'vitest';
import { defaultDataDir, resolveDataDir } from './data-dir';

describe('data dir', () => {
  it('follows each OS convention', () => {
    expect(defaultDataDir({}, 'linux', '/home/u')).toBe('/home/u/.config/Lucarne');
    expect(defaultDataDir({ XDG_CONFIG_HOME: '/x' }, 'linux', '/home/u')).toBe('/x/Lucarne');
    expect(defaultDataDir({}, 'darwin', '/Users/u')).toBe('/Users/u/Library/Application Support/Lucarne');
    expect(defaultDataDir({ APPDATA: 'C:\\Users\\u\\AppData\\Roaming' }, 'win32', 'C:\\Users\\u')).toContain('Lucarne');
  });

  it('prefers --data, then LUCARNE_DATA', () => {
    expect(resolveDataDir('/tmp/flag', { LUCARNE_DATA: '/tmp/env' })).toBe('/tmp/flag');
    expect(resolveDataDir(undefined, { LUCARNE_DATA: '/tmp/env' })).toBe('/tmp/env');
    expect(resolveDataDir(true, { XDG_CONFIG_HOME: '/cfg' })).toMatch(/Lucarne$/);
  });
});
