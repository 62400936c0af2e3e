// `npm start` / `npm run web` as a user runs them: set-up, then the browser host with its URL. The build
// step is skipped here: `npm test` has just run the same `electron-vite build`, and building again would
// empty out/ under the other e2e files, which run in parallel against out/main/host.js (a fresh-clone run
// failed that way: "Cannot find module out/main/host.js").
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './test-support/harness';

describe('npm run web', () => {
  it('sets up and serves the UI through the browser host, printing the URL with its token', async () => {
    const data = mkdtempSync(join(tmpdir(), 'lucarne-start-'));
    const child = spawn(process.execPath, [join(repoRoot, 'scripts', 'start.mjs'), '--web', '--data', data], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, LUCARNE_SKIP_BUILD: '1' },
    });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      out += d;
    });
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL after 150 s:\n${out}`)), 150_000);
      child.stdout.on('data', () => {
        const m = /Lucarne is running at (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      });
      child.on('exit', (code) => reject(new Error(`start.mjs exited with ${code}:\n${out}`)));
    });
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<div id="root">');
    child.kill('SIGTERM');
  });
});
