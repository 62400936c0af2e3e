// Electron lifecycle: single instance, data folder, the engine's utility process, windows, tray and the
// quick-ask shortcut. No business logic lives here.
import { mkdirSync } from 'node:fs';
import { app, type BrowserWindow, globalShortcut, powerMonitor } from 'electron';
import { EVENT_CHANNEL } from '../../shared/api';
import { settingsDefaults } from '../../shared/settings';
import { resolveDataDir } from '../engine/public/data-dir';
import { EngineHost } from './engine-host';
import { quitGracefully } from './graceful-quit';
import { registerIpc } from './ipc';
import { paths } from './paths';
import { SecretStore } from './secrets';
import { createTray } from './tray';
import { trayLabels } from './tray-labels';
import { createMainWindow, createQuickAskWindow, installContentSecurityPolicy } from './windows';

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const dataDir = resolveDataDir(flag('--data'));
const log = (msg: string) => console.log(`[lucarne] ${msg}`);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let mainWindow: BrowserWindow | null = null;
  let quickWindow: BrowserWindow | null = null;
  const resourcesDir = paths.resources(process.resourcesPath, app.isPackaged);

  // Set once the engine runs: a Windows session end (a window's 'session-end') stops it gracefully.
  let sessionEnded: () => Promise<void> = async () => {};
  const newMainWindow = () => {
    const win = createMainWindow();
    win.on('session-end', () => void sessionEnded());
    return win;
  };
  const showMain = (route?: string) => {
    if (!mainWindow || mainWindow.isDestroyed()) mainWindow = newMainWindow();
    if (route) mainWindow.webContents.send(EVENT_CHANNEL, 'app.navigate', { route });
    mainWindow.show();
    mainWindow.focus();
  };
  const showQuickAsk = () => {
    if (!quickWindow || quickWindow.isDestroyed()) quickWindow = createQuickAskWindow();
    quickWindow.show();
    quickWindow.focus();
  };

  app.on('second-instance', () => showMain());
  app.on('web-contents-created', (_e, contents) => {
    contents.on('will-navigate', (event) => event.preventDefault());
  });

  app.whenReady().then(async () => {
    mkdirSync(dataDir, { recursive: true });
    installContentSecurityPolicy();
    const secrets = new SecretStore(dataDir);
    const engine = new EngineHost(dataDir, resourcesDir, log);
    engine.start();
    engine.setApiKey(secrets.read());

    registerIpc({
      engine,
      log,
      showMainWindow: showMain,
      appInfo: () => ({
        name: 'Lucarne',
        version: app.getVersion(),
        host: 'electron',
        platform: process.platform,
        dataDir,
        osLanguage: app.getPreferredSystemLanguages()[0] ?? app.getLocale(),
        electron: process.versions.electron ?? null,
        storeBackend: 'embedded',
      }),
      secrets: {
        status: () => secrets.status(process.env),
        set: (key: string) => {
          secrets.write(key);
          engine.setApiKey(secrets.read());
          return secrets.status(process.env);
        },
      },
    });

    mainWindow = newMainWindow();
    const labels = trayLabels(app.getLocale());
    createTray(resourcesDir, {
      labels,
      ask: showQuickAsk,
      open: () => showMain(),
      togglePause: async () => {
        const now = await engine.call('library.progress', {});
        const paused = now.ok && (now.value as { state: string }).state === 'paused';
        await engine.call(paused ? 'library.resume' : 'library.pause', {});
        return !paused;
      },
      quit: () => app.quit(),
    });

    const settings = await engine.call('settings.get', {});
    const shortcut = settings.ok ? (settings.value as { shortcut: string }).shortcut : settingsDefaults().shortcut;
    if (shortcut && !globalShortcut.register(shortcut, showQuickAsk))
      log(`the shortcut ${shortcut} is taken by another app`);

    sessionEnded = quitGracefully({
      app,
      powerMonitor,
      stopEngine: () => engine.stop(),
      beforeStop: () => globalShortcut.unregisterAll(),
    }).sessionEnded;
  });

  // The tray keeps Lucarne alive when its windows are closed (it keeps watching folders).
  app.on('window-all-closed', () => {});
  app.on('activate', () => showMain());
}
