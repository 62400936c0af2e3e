// Security policy shared by every window: one place to read, one place to test (security.test.ts).
import type { WebPreferences } from 'electron';

export { CONTENT_SECURITY_POLICY, isSafeExternalUrl } from '../../shared/security';

/** The webPreferences every Lucarne window gets (Electron security checklist items 2–4, 6, 9). */
export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    sandbox: true,
    contextIsolation: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    safeDialogs: true,
  };
}

/** Is this frame URL one of ours (the packaged renderer or the dev server)? */
export function isTrustedRendererUrl(raw: string, devServerUrl: string | undefined): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (devServerUrl) {
    const dev = new URL(devServerUrl);
    if (url.origin === dev.origin) return true;
  }
  return url.protocol === 'file:' && /\/out\/renderer\/index\.html$|\/renderer\/index\.html$/.test(url.pathname);
}
