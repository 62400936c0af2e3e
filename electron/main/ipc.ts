// The main process's IPC: one channel for calls, validated by the contract, and only from our own frames.
import { BrowserWindow, dialog, ipcMain, type IpcMainInvokeEvent, shell } from 'electron';
import { CHANNEL_PREFIX, EVENT_CHANNEL, type HandlerTable, type MethodResult } from '../../shared/api';
import { dispatch, tableHandler, UserError } from '../engine/rpc';
import type { EngineHost } from './engine-host';
import { isSafeExternalUrl, isTrustedRendererUrl } from './security';

export const CALL_CHANNEL = `${CHANNEL_PREFIX}call`;

export interface ShellContext {
  engine: EngineHost;
  appInfo: () => MethodResult<'app.info'>;
  secrets: { status(): MethodResult<'secrets.status'>; set(key: string): MethodResult<'secrets.status'> };
  showMainWindow: (route?: string) => void;
  log: (msg: string) => void;
}

async function engineValue(engine: EngineHost, method: `internal.${string}`, args: unknown): Promise<unknown> {
  const r = await engine.call(method, args);
  if (!r.ok) throw new UserError(r.error.message, r.error.code);
  return r.value;
}

export function shellHandler(ctx: ShellContext) {
  const table: HandlerTable<'shell'> = {
    'app.info': () => ctx.appInfo(),
    'app.openExternal': async ({ url }) => {
      if (!isSafeExternalUrl(url)) throw new UserError('Only http(s) links can be opened.', 'forbidden');
      await shell.openExternal(url);
      return null;
    },
    'secrets.status': () => ctx.secrets.status(),
    'secrets.setApiKey': ({ key }) => ctx.secrets.set(key),
    'secrets.testKey': async () =>
      (await engineValue(ctx.engine, 'internal.testKey', {})) as { ok: boolean; message: string },
    'library.chooseFolder': async () => {
      const win = BrowserWindow.getFocusedWindow();
      const opts = { properties: ['openDirectory' as const] };
      const r = win ? await dialog.showOpenDialog(win, opts) : await dialog.showOpenDialog(opts);
      return r.canceled ? null : (r.filePaths[0] ?? null);
    },
    'models.chooseFile': async () => {
      const win = BrowserWindow.getFocusedWindow();
      const opts = {
        properties: ['openFile' as const],
        filters: [{ name: 'GGUF', extensions: ['gguf'] }],
      };
      const r = win ? await dialog.showOpenDialog(win, opts) : await dialog.showOpenDialog(opts);
      return r.canceled ? null : (r.filePaths[0] ?? null);
    },
    'library.openFile': async (args) => {
      const err = await shell.openPath(String(await engineValue(ctx.engine, 'internal.documentPath', args)));
      if (err) throw new UserError(`The file could not be opened: ${err}`);
      return null;
    },
    'library.showInFolder': async (args) => {
      shell.showItemInFolder(String(await engineValue(ctx.engine, 'internal.documentPath', args)));
      return null;
    },
    'quickAsk.continue': ({ conversationId }) => {
      ctx.showMainWindow(`chat/${conversationId}`);
      return null;
    },
  };
  return tableHandler(table);
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
