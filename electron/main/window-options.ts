// Window shapes. Kept free of Electron calls so tests can assert them without an Electron binary.
import type { BrowserWindowConstructorOptions } from 'electron';
import { secureWebPreferences } from './security';

export function mainWindowOptions(preloadPath: string, iconPath?: string): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 820,
    minWidth: 880,
    minHeight: 560,
    show: false,
    title: 'Lucarne',
    backgroundColor: '#16181d',
    icon: iconPath,
    autoHideMenuBar: true,
    webPreferences: secureWebPreferences(preloadPath),
  };
}

export function quickAskWindowOptions(preloadPath: string, iconPath?: string): BrowserWindowConstructorOptions {
  return {
    width: 640,
    height: 420,
    show: false,
    frame: false,
    resizable: true,
    alwaysOnTop: true,
    skipTaskbar: true,
    fullscreenable: false,
    title: 'Lucarne — Quick ask',
    backgroundColor: '#16181d',
    icon: iconPath,
    webPreferences: secureWebPreferences(preloadPath),
  };
}
