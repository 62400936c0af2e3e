// What the Electron shell does, done for the browser host: app info, the key file, opening files with
// the desktop's default application. Native dialogs don't exist here (the UI offers a path field).
import { spawn } from 'node:child_process';
import { dirname } from 'node:path';
import type { MethodName } from '../../../shared/api';
import { isSafeExternalUrl } from '../../../shared/security';
import type { Engine } from '../index';
import { UserError } from '../rpc';
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
  return {
    secrets,
    handle: async (name: MethodName, args: unknown): Promise<unknown> => {
      const a = args as Record<string, unknown>;
      switch (name) {
        case 'app.info':
          return {
            name: 'Lucarne',
            version: opts.version,
            host: 'browser',
            platform: process.platform,
            dataDir: opts.dataDir,
            osLanguage: opts.env.LUCARNE_LANG || Intl.DateTimeFormat().resolvedOptions().locale,
            electron: null,
            storeBackend: opts.engine.settings().store,
          };
        case 'app.openExternal': {
          const url = String(a.url);
          if (!isSafeExternalUrl(url)) throw new UserError('Only http(s) links can be opened.', 'forbidden');
          open(url);
          return null;
        }
        case 'secrets.status':
          return secrets.status(opts.env);
        case 'secrets.setApiKey':
          secrets.write(String(a.key));
          await opts.engine.setApiKey(secrets.read());
          return secrets.status(opts.env);
        case 'secrets.testKey':
          return opts.engine.testGeminiKey();
        case 'library.chooseFolder':
          return null;
        case 'library.openFile':
          open(opts.engine.requireDocument(Number(a.documentId)).path);
          return null;
        case 'library.showInFolder':
          open(dirname(opts.engine.requireDocument(Number(a.documentId)).path));
          return null;
        case 'quickAsk.continue':
          opts.broadcast('app.navigate', { route: `chat/${Number(a.conversationId)}` });
          return null;
        default:
          throw new UserError(`${name} is not a shell method.`, 'unknown-method');
      }
    },
  };
}
