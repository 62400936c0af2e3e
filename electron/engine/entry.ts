// Entry of the engine when Electron runs it in a utilityProcess: messages from main arrive on
// process.parentPort. Every call is validated again here (defence in depth) by the same dispatcher.
import type { ApiResult } from '../../shared/api';
import { errorMessage } from '../../shared/errors';
import { dispatch, UserError } from './rpc';
import { Engine } from './index';
import type { EngineMessage, HostMessage } from './protocol';
import { handleStopSignals } from './stop-signals';

interface ParentPort {
  on(event: 'message', listener: (e: { data: HostMessage }) => void): void;
  postMessage(msg: EngineMessage): void;
}

const port = (process as unknown as { parentPort?: ParentPort }).parentPort;
if (!port) {
  console.error(
    'engine.js runs inside Lucarne (an Electron utility process). For a terminal, use `lucarne` or `npm run web`.',
  );
  process.exit(2);
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const log = (message: string) => port.postMessage({ type: 'log', message });

async function main(parent: ParentPort): Promise<void> {
  const dataDir = arg('--data');
  if (!dataDir) throw new Error('--data is required');
  // Main asks for a shutdown by message; a signal (the session ending under main's feet) stops the same way.
  let opened: Promise<Engine> | null = null;
  handleStopSignals({ stop: async () => (await opened?.catch(() => null))?.close() });
  opened = Engine.open({ dataDir, resourcesDir: arg('--resources'), log });
  const engine = await opened;
  engine.onEvent((name, payload) => parent.postMessage({ type: 'event', name, payload }));
  parent.on('message', async ({ data }) => {
    if (data.type === 'call') {
      const result = data.method.startsWith('internal.')
        ? await internal(engine, data.method, data.args)
        : await dispatch(data.method, data.args, { engine: engine.handle }, log);
      parent.postMessage({ type: 'result', id: data.id, result });
    } else if (data.type === 'secret') {
      await engine.setApiKey(data.geminiKey);
    } else if (data.type === 'shutdown') {
      await engine.close();
      process.exit(0);
    }
  });
  parent.postMessage({ type: 'ready' });
}

/** Calls only main can make (never the renderer: dispatch() refuses unknown method names). */
async function internal(engine: Engine, method: string, args: unknown): Promise<ApiResult<unknown>> {
  try {
    if (method === 'internal.testKey') return { ok: true, value: await engine.testGeminiKey() };
    if (method === 'internal.documentPath') {
      const id = (args as { documentId?: unknown })?.documentId;
      if (typeof id !== 'number') throw new UserError('documentId is required', 'invalid-arguments');
      return { ok: true, value: engine.requireDocument(id).path };
    }
    return { ok: false, error: { code: 'unknown-method', message: method } };
  } catch (err) {
    const code = err instanceof UserError ? err.code : 'failed';
    return { ok: false, error: { code, message: errorMessage(err) } };
  }
}

main(port).catch((err) => {
  log(`engine failed to start: ${err instanceof Error ? err.stack : String(err)}`);
  process.exit(1);
});
