import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, isSafeExternalUrl, isTrustedRendererUrl, secureWebPreferences } from './security';
import { mainWindowOptions, quickAskWindowOptions } from './window-options';

describe('window options', () => {
  it.each([
    ['main', mainWindowOptions('/app/out/preload/index.cjs')],
    ['quick-ask', quickAskWindowOptions('/app/out/preload/index.cjs')],
  ])('the %s window is sandboxed, isolated, without Node', (_name, options) => {
    const wp = options.webPreferences!;
    expect(wp.sandbox).toBe(true);
    expect(wp.contextIsolation).toBe(true);
    expect(wp.nodeIntegration).toBe(false);
    expect(wp.nodeIntegrationInWorker).toBe(false);
    expect(wp.nodeIntegrationInSubFrames).toBe(false);
    expect(wp.webSecurity).toBe(true);
    expect(wp.allowRunningInsecureContent).toBe(false);
    expect(wp.webviewTag).toBe(false);
    expect(wp.navigateOnDragDrop).toBe(false);
    expect(wp.preload).toBe('/app/out/preload/index.cjs');
  });

  it('keeps the quick-ask window on top and out of the task bar', () => {
    const o = quickAskWindowOptions('/p');
    expect(o.alwaysOnTop).toBe(true);
    expect(o.skipTaskbar).toBe(true);
  });

  it('secureWebPreferences never enables Node', () => {
    expect(secureWebPreferences('/x').nodeIntegration).toBe(false);
  });
});

describe('content security policy', () => {
  const directives = Object.fromEntries(
    CONTENT_SECURITY_POLICY.split(';').map((d) => {
      const [name, ...values] = d.trim().split(/\s+/);
      return [name, values];
    }),
  );
  it('allows only our own scripts: no inline, no eval, no remote', () => {
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(directives['default-src']).toEqual(["'self'"]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-inline|unsafe-eval|https?:|\*/);
    expect(directives['object-src']).toEqual(["'none'"]);
    expect(directives['frame-ancestors']).toEqual(["'none'"]);
  });
  it('is also the meta tag of the renderer page', async () => {
    const { readFileSync, existsSync } = await import('node:fs');
    const html = 'renderer/index.html';
    if (!existsSync(html)) return expect.fail('renderer/index.html is missing');
    const content = readFileSync(html, 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(content)?.[1];
    expect(meta?.replace(/\s+/g, ' ')).toContain("script-src 'self'");
    expect(meta).not.toMatch(/unsafe-inline|unsafe-eval/);
  });
});

describe('openExternal URL check', () => {
  it.each(['https://example.org/a', 'http://localhost:8000/'])('allows %s', (u) =>
    expect(isSafeExternalUrl(u)).toBe(true),
  );
  it.each([
    'file:///etc/passwd',
    'javascript:alert(1)',
    'smb://host/share',
    'https://user:pw@example.org',
    'not a url',
    'data:text/html,hi',
  ])('refuses %s', (u) => expect(isSafeExternalUrl(u)).toBe(false));
});

describe('IPC sender check', () => {
  it('trusts only our renderer file or the dev server', () => {
    expect(
      isTrustedRendererUrl('file:///opt/Lucarne/resources/app.asar/out/renderer/index.html#/chat', undefined),
    ).toBe(true);
    expect(isTrustedRendererUrl('http://localhost:5173/#/chat', 'http://localhost:5173')).toBe(true);
    expect(isTrustedRendererUrl('https://evil.example/', undefined)).toBe(false);
    expect(isTrustedRendererUrl('file:///tmp/evil.html', undefined)).toBe(false);
    expect(isTrustedRendererUrl('http://localhost:5174/', 'http://localhost:5173')).toBe(false);
  });
});
