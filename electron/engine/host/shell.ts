// What the Electron shell does, done for the browser host: app info, the key file, opening files with
// the desktop's default application. Native dialogs don't exist here (the UI offers a path field).
import { spawn } from 'node:child_process';
import { dirname } from 'node:path';
import type { HandlerTable } from '../../../shared/api';
import { isSafeExternalUrl } from '../../../shared/security';
import type { Engine } from '../index';
import { tableHandler, UserError } from '../rpc';
import { FileSecrets } from './file-secrets';

export interface BrowserShellOptions {
  engine: Engine;
  dataDir: string;
  version: string;
  env: NodeJS.ProcessEnv;
  broadcast: (event: string, payload: unknown) => void;
  /** Tests record instead of launching desktop apps. */
  opener?: (target: string) => void;
}

function openWithDesktop(target: string): void {
  const cmd = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  const child = spawn(cmd, [target], { detached: true, stdio: 'ignore' });
  child.on('error', () => {});
  child.unref();
}

export function browserShell(opts: BrowserShellOptions) {
  const secrets = new FileSecrets(opts.dataDir);
  const open = opts.opener ?? openWithDesktop;
  const table: HandlerTable<'shell'> = {
    'app.info': () => ({
      name: 'Lucarne',
      version: opts.version,
      host: 'browser',
      platform: process.platform,
      dataDir: opts.dataDir,
      osLanguage: opts.env.LUCARNE_LANG || Intl.DateTimeFormat().resolvedOptions().locale,
      electron: null,
      storeBackend: opts.engine.settings().store,
    }),
    'app.openExternal': ({ url }) => {
      if (!isSafeExternalUrl(url)) throw new UserError('Only http(s) links can be opened.', 'forbidden');
      open(url);
      return null;
    },
    'secrets.status': () => secrets.status(opts.env),
    'secrets.setApiKey': async ({ key }) => {
      secrets.write(key);
      await opts.engine.setApiKey(secrets.read());
      return secrets.status(opts.env);
    },
    'secrets.testKey': () => opts.engine.testGeminiKey(),
    'library.chooseFolder': () => null,
    // The browser has no native picker: the page lists found models and takes a typed path instead.
    'models.chooseFile': () => null,
    'library.openFile': ({ documentId }) => {
      open(opts.engine.requireDocument(documentId).path);
      return null;
    },
    'library.showInFolder': ({ documentId }) => {
      open(dirname(opts.engine.requireDocument(documentId).path));
      return null;
    },
    'quickAsk.continue': ({ conversationId }) => {
      opts.broadcast('app.navigate', { route: `chat/${conversationId}` });
      return null;
    },
  };
  return {
    secrets,
    handle: tableHandler(table),
  };
}
