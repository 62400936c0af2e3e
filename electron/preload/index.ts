// The only bridge between the sandboxed renderer and the app: window.lucarne.call / .on, derived from
// the contract. The renderer never sees ipcRenderer; unknown method and event names are refused here.
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { events, isMethodName, methods } from '../../shared/api';

const CALL = 'lucarne:call';
const EVENT = 'lucarne:event';

contextBridge.exposeInMainWorld('lucarne', {
  methods: Object.keys(methods),
  call(name: unknown, args: unknown) {
    if (!isMethodName(name)) {
      return Promise.resolve({
        ok: false,
        error: { code: 'unknown-method', message: `Unknown method: ${String(name)}` },
      });
    }
    return ipcRenderer.invoke(CALL, name, args);
  },
  on(name: unknown, listener: unknown) {
    if (typeof name !== 'string' || !Object.hasOwn(events, name) || typeof listener !== 'function') return () => {};
    const wrapped = (_e: unknown, eventName: string, payload: unknown) => {
      if (eventName === name) listener(payload);
    };
    ipcRenderer.on(EVENT, wrapped);
    return () => ipcRenderer.removeListener(EVENT, wrapped);
  },
  /** Dropped folders: Electron knows their path, the web does not. */
  pathForFile(file: unknown) {
    return file instanceof File ? webUtils.getPathForFile(file) : null;
  },
});
