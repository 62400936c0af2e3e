import { describe, expect, it } from 'vitest';
import { isHttpUrl, isLoopbackUrl } from './loopback';

describe('isLoopbackUrl', () => {
  it('accepts the names and addresses of this machine', () => {
    for (const url of [
      'http://localhost:11434',
      'http://LOCALHOST:1234/v1',
      'http://127.0.0.1:11434',
      'http://127.8.9.10/',
      'http://[::1]:8080/v1',
      'http://ollama.localhost:11434',
      'http://0x7f.0.0.1:11434', // an unusual spelling of 127.0.0.1
    ])
      expect(isLoopbackUrl(url), url).toBe(true);
  });

  it('refuses other machines, look-alikes and text that is not a URL', () => {
    for (const url of [
      'http://192.168.1.20:11434',
      'https://api.openai.com/v1',
      'http://127.0.0.1.example.com/',
      'http://localhost.example.com:11434',
      'http://[::2]:8080',
      'http://0.0.0.0:11434',
      'localhost:11434',
      '',
      'pas une adresse',
    ])
      expect(isLoopbackUrl(url), url).toBe(false);
  });
});

describe('isHttpUrl', () => {
  it('tells an http(s) URL from other text', () => {
    expect(isHttpUrl('http://127.0.0.1:1234/v1')).toBe(true);
    expect(isHttpUrl('ftp://127.0.0.1/')).toBe(false);
    expect(isHttpUrl('127.0.0.1:1234')).toBe(false);
  });
});
