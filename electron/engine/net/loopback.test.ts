import { describe, expect, it } from 'vitest';
import { LocalOnlyError } from '../answer/local-only';
import { displayUrl, normaliseBaseUrl } from './base-url';
import { assertLoopbackForLocalOnly, isLoopbackUrl, LocalOnlyUrlError } from './loopback';

describe('isLoopbackUrl', () => {
  it.each([
    ['http://127.0.0.1:11434', true],
    ['http://127.0.0.1', true],
    ['https://127.255.10.3:8443/v1', true],
    ['http://127.1:11434', true], // the URL parser reads it as 127.0.0.1
    ['http://2130706433/', true], // 127.0.0.1 as one number
    ['http://0x7f.0.0.1/', true],
    ['http://localhost:11434', true],
    ['http://LOCALHOST:1234/v1', true],
    ['http://localhost.:11434', true],
    ['http://ollama.localhost:11434', true],
    ['http://[::1]:11434', true],
    ['http://[0:0:0:0:0:0:0:1]:1234', true],
    ['http://[::ffff:127.0.0.1]:1234', true],
    ['localhost:11434', true], // no scheme: read as http://, as the clients do
    ['127.0.0.1:1234/v1', true],
    ['http://0.0.0.0:11434', false],
    ['http://[::]:11434', false],
    ['http://192.168.1.5:11434', false],
    ['http://10.0.0.7:11434', false],
    ['http://172.16.0.1:11434', false],
    ['http://128.0.0.1', false],
    ['http://[::ffff:192.168.1.5]:1234', false],
    ['http://[fe80::1]:1234', false],
    ['http://localhost.example.com', false],
    ['http://mylocalhost', false],
    ['http://127.0.0.1.nip.io', false],
    ['http://127.0.0.1@evil.example.com/', false], // user info, not host
    ['https://api.openai.com/v1', false],
    ['ftp://127.0.0.1/', false],
    ['file:///tmp/x', false],
    ['', false],
    ['not a url at all', false],
  ])('%s → %s', (url, expected) => {
    expect(isLoopbackUrl(url)).toBe(expected);
  });
});

describe('assertLoopbackForLocalOnly', () => {
  it('refuses a non-loopback address only when local-only is on, and says what to do', () => {
    expect(() => assertLoopbackForLocalOnly('http://192.168.1.5:11434', false)).not.toThrow();
    expect(() => assertLoopbackForLocalOnly('http://127.0.0.1:11434', true)).not.toThrow();
    let err: unknown;
    try {
      assertLoopbackForLocalOnly('http://192.168.1.5:11434/', true);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(LocalOnlyUrlError);
    expect(err).toBeInstanceOf(LocalOnlyError);
    expect(err).toMatchObject({ code: 'local-only', url: 'http://192.168.1.5:11434' });
    expect((err as Error).message).toBe(
      'Local-only mode: http://192.168.1.5:11434 is not on this machine; use a 127.0.0.1/localhost address or turn local-only off.',
    );
  });

  it('never repeats credentials or a query string from the address', () => {
    expect(() => assertLoopbackForLocalOnly('http://bob:hunter2@10.1.1.1:1234/v1?token=abc', true)).toThrow(
      'Local-only mode: http://10.1.1.1:1234/v1 is not on this machine',
    );
  });
});

describe('base URLs', () => {
  it('normalises what users type', () => {
    const d = 'http://127.0.0.1:11434';
    expect(normaliseBaseUrl(undefined, d)).toBe(d);
    expect(normaliseBaseUrl('   ', d)).toBe(d);
    expect(normaliseBaseUrl('localhost:11434', d)).toBe('http://localhost:11434');
    expect(normaliseBaseUrl('http://127.0.0.1:1234/v1/?x=1#y', d)).toBe('http://127.0.0.1:1234/v1');
    expect(normaliseBaseUrl('HTTPS://Example.org:443/', d)).toBe('https://example.org');
    expect(() => normaliseBaseUrl('http://', d)).toThrow(/not a valid server address/);
    expect(() => normaliseBaseUrl('ws://127.0.0.1:1', d)).toThrow(/not an http\(s\) address/);
    expect(() => normaliseBaseUrl('http://a:b@127.0.0.1:1', d)).toThrow(/user name or password/);
  });

  it('shows an address without its secrets', () => {
    expect(displayUrl('http://u:secret@127.0.0.1:8080/v1/?key=abc')).toBe('http://127.0.0.1:8080/v1');
    expect(displayUrl('http://u:secret@[bad')).not.toContain('secret');
  });
});
