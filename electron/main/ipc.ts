// The main process's IPC: one channel for calls, validated by the contract, and only from our own frames.
import { BrowserWindow, dialog, ipcMain, type IpcMainInvokeEvent, shell } from 'electron';
import { CHANNEL_PREFIX, EVENT_CHANNEL, type MethodName } from '../../shared/api';
import { dispatch, UserError } from '../engine/rpc';
import type { EngineHost } from './engine-host';
import { isSafeExternalUrl, isTrustedRendererUrl } from './security';

export const CALL_CHANNEL = `${CHANNEL_PREFIX}call`;

export interface ShellContext {
  engine: EngineHost;
  appInfo: () => unknown;
  secrets: { status(): unknown; set(key: string): unknown };
  showMainWindow: (route?: string) => void;
  log: (msg: string) => void;
}

async function engineValue(engine: EngineHost, method: `internal.${string}`, args: unknown): Promise<unknown> {
  const r = await engine.call(method, args);
  if (!r.ok) throw new UserError(r.error.message, r.error.code);
  return r.value;
}

export function shellHandler(ctx: ShellContext) {
  return async (name: MethodName, args: unknown): Promise<unknown> => {
    const a = args as Record<string, unknown>;
    switch (name) {
      case 'app.info':
        return ctx.appInfo();
      case 'app.openExternal': {
        const url = String(a.url);
        if (!isSafeExternalUrl(url)) throw new UserError('Only http(s) links can be opened.', 'forbidden');
        await shell.openExternal(url);
        return null;
      }
      case 'secrets.status':
        return ctx.secrets.status();
      case 'secrets.setApiKey':
        return ctx.secrets.set(String(a.key));
      case 'secrets.testKey':
        return engineValue(ctx.engine, 'internal.testKey', {});
      case 'library.chooseFolder': {
        const win = BrowserWindow.getFocusedWindow();
        const opts = { properties: ['openDirectory' as const] };
        const r = win ? await dialog.showOpenDialog(win, opts) : await dialog.showOpenDialog(opts);
        return r.canceled ? null : (r.filePaths[0] ?? null);
      }
      case 'library.openFile': {
        const path = String(await engineValue(ctx.engine, 'internal.documentPath', a));
        const err = await shell.openPath(path);
        if (err) throw new UserError(`The file could not be opened: ${err}`);
        return null;
      }
      case 'library.showInFolder': {
        shell.showItemInFolder(String(await engineValue(ctx.engine, 'internal.documentPath', a)));
        return null;
      }
      case 'quickAsk.continue':
        ctx.showMainWindow(`chat/${Number(a.conversationId)}`);
        return null;
      default:
        throw new UserError(`${name} is not a shell method.`, 'unknown-method');
    }
  };
}

function senderIsTrusted(event: IpcMainInvokeEvent): boolean {
  const frame = event.senderFrame;
  if (!frame || frame.parent !== null) return false; // top-level frames of our windows only
  return isTrustedRendererUrl(frame.url, process.env.ELECTRON_RENDERER_URL);
}

export function registerIpc(ctx: ShellContext): void {
  const shellCall = shellHandler(ctx);
  ipcMain.handle(CALL_CHANNEL, async (event, name: unknown, args: unknown) => {
    if (!senderIsTrusted(event)) {
      ctx.log(`refused a call from an untrusted frame: ${event.senderFrame?.url ?? 'unknown'}`);
      return {
        ok: false,
        error: { code: 'forbidden', message: 'Calls are accepted only from Lucarne’s own windows.' },
      };
    }
    return dispatch(
      name,
      args,
      {
        engine: async (method, validArgs) => {
          const r = await ctx.engine.call(method, validArgs);
          if (!r.ok) throw new UserError(r.error.message, r.error.code);
          return r.value;
        },
        shell: shellCall,
      },
      ctx.log,
    );
  });
  ctx.engine.on('event', (name: string, payload: unknown) => {
    for (const win of BrowserWindow.getAllWindows()) win.webContents.send(EVENT_CHANNEL, name, payload);
  });
}
