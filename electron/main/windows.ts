// Creates the two windows and locks them down: no navigation, no new windows, CSP on every response.
import { join } from 'node:path';
import { app, BrowserWindow, session, shell } from 'electron';
import { paths } from './paths';
import { CONTENT_SECURITY_POLICY, isSafeExternalUrl } from '../../shared/security';
import { mainWindowOptions, quickAskWindowOptions } from './window-options';

const preloadPath = () => paths.preload;
const iconPath = () => join(paths.resources(process.resourcesPath, app.isPackaged), 'icon.png');

/** Installs the CSP header for every response of the default session (also set as a meta tag in index.html). */
export function installContentSecurityPolicy(): void {
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    });
  });
  // Lucarne needs no camera, microphone, notifications or geolocation.
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
}

function lockDown(win: BrowserWindow): void {
  win.webContents.on('will-navigate', (event) => event.preventDefault());
  win.webContents.on('will-redirect', (event) => event.preventDefault());
  win.webContents.on('will-attach-webview', (event) => event.preventDefault());
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (isSafeExternalUrl(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
}

function load(win: BrowserWindow, route: string): void {
  const dev = process.env.ELECTRON_RENDERER_URL;
  if (dev) void win.loadURL(`${dev}#/${route}`);
  else void win.loadFile(paths.rendererHtml, { hash: `/${route}` });
}

export function createMainWindow(): BrowserWindow {
  const win = new BrowserWindow(mainWindowOptions(preloadPath(), iconPath()));
  lockDown(win);
  win.once('ready-to-show', () => win.show());
  load(win, 'chat');
  return win;
}

export function createQuickAskWindow(): BrowserWindow {
  const win = new BrowserWindow(quickAskWindowOptions(preloadPath(), iconPath()));
  lockDown(win);
  win.on('blur', () => win.hide());
  load(win, 'quick');
  return win;
}
