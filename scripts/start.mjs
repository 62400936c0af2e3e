#!/usr/bin/env node
// `npm start`: set up (native modules, build), then launch the desktop app. Where Electron's binary is
// missing and cannot be downloaded, or there is no display, say so in one line and start the browser host
// instead, so Lucarne's main job always runs. `npm run web` (--web) goes straight to the browser host.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const web = args.includes('--web');
const passthrough = args.filter((a) => a !== '--web');
const require = createRequire(join(root, 'package.json'));

function step(cmd, cmdArgs) {
  const r = spawnSync(cmd, cmdArgs, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

step(process.execPath, [join(root, 'scripts', 'ensure-native.mjs'), '--quiet', ...(web ? [] : ['--with-electron'])]);
if (!process.env.LUCARNE_SKIP_BUILD)
  step(process.execPath, [
    join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'),
    'build',
    '--logLevel',
    'warn',
  ]);

function electronBinary() {
  try {
    const dir = dirname(require.resolve('electron/package.json'));
    const file = join(dir, 'path.txt');
    if (!existsSync(file)) return null;
    const bin = join(dir, 'dist', readFileSync(file, 'utf8').trim());
    return existsSync(bin) ? bin : null;
  } catch {
    return null;
  }
}

function run(cmd, cmdArgs) {
  const child = spawn(cmd, cmdArgs, { cwd: root, stdio: 'inherit' });
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code) => process.exit(code ?? 0));
}

const host = () => run(process.execPath, [join(root, 'out', 'main', 'host.js'), ...passthrough]);

if (web) host();
else {
  const bin = electronBinary();
  const noDisplay = process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;
  if (!bin) {
    console.log(
      'Electron is not available on this machine (its binary could not be downloaded): starting Lucarne in your browser instead.',
    );
    host();
  } else if (noDisplay) {
    console.log('No display found (DISPLAY/WAYLAND_DISPLAY unset): starting Lucarne in your browser instead.');
    host();
  } else run(bin, [root, ...passthrough]);
}
