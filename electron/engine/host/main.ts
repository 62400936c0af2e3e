// `node out/main/host.js [--data DIR] [--port N] [--open]`: the engine plus the browser host in one
// process. `npm run web` runs this; `npm start` falls back to it when Electron cannot run.
import { readFileSync } from 'node:fs';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { errorMessage } from '../../../shared/errors';
import { Engine } from '../index';
import { resolveDataDir } from '../public/data-dir';
import { handleStopSignals } from '../stop-signals';
import { startHost } from './server';
import { browserShell } from './shell';

const here = dirname(fileURLToPath(import.meta.url));

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const dataDir = resolveDataDir(flag('--data'));
  mkdirSync(dataDir, { recursive: true });
  const root = join(here, '..', '..');
  const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version as string;
  const log = (msg: string) => console.error(`[lucarne] ${msg}`);
  // From the first moment: a signal while the engine opens (it may already be indexing) waits for the open,
  // then stops like any other.
  let stopGracefully: () => Promise<void> = async () => {};
  let opened: Promise<unknown> = Promise.resolve();
  handleStopSignals({
    stop: async () => {
      await opened.catch(() => undefined);
      await stopGracefully();
    },
  });
  const opening = Engine.open({ dataDir, resourcesDir: join(root, 'resources'), log });
  opened = opening;
  const engine = await opening;
  stopGracefully = () => engine.close();
  let broadcast: (event: string, payload: unknown) => void = () => {};
  const shell = browserShell({ engine, dataDir, version, env: process.env, broadcast: (e, p) => broadcast(e, p) });
  await engine.setApiKey(shell.secrets.read());
  const host = await startHost({
    rendererDir: join(here, '..', 'renderer'),
    engine: engine.handle,
    shell: shell.handle,
    port: flag('--port') ? Number(flag('--port')) : 0,
    token: process.env.LUCARNE_HOST_TOKEN || undefined,
    log,
  });
  broadcast = host.broadcast;
  engine.onEvent((name, payload) => host.broadcast(name, payload));
  console.log(`Lucarne is running at ${host.url}`);
  console.log(`Data folder: ${dataDir}`);

  stopGracefully = async () => {
    await host.close();
    await engine.close();
  };
}

main().catch((err) => {
  console.error(`Lucarne could not start: ${errorMessage(err)}`);
  process.exit(1);
});
