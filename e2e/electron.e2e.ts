// Electron smoke test: runs where an Electron binary exists (a normal desktop machine); elsewhere it is
// reported as skipped with its reason.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { _electron as electron } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './test-support/harness';

function electronBinary(): { path: string | null; reason: string } {
  try {
    const dir = dirname(createRequire(join(repoRoot, 'package.json')).resolve('electron/package.json'));
    const txt = join(dir, 'path.txt');
    if (!existsSync(txt))
      return {
        path: null,
        reason: 'the Electron binary is not installed (its download from GitHub failed or was skipped)',
      };
    const bin = join(dir, 'dist', readFileSync(txt, 'utf8').trim());
    if (!existsSync(bin)) return { path: null, reason: `the Electron binary is missing at ${bin}` };
    if (process.platform === 'linux' && !process.env.DISPLAY)
      return { path: null, reason: 'no display (DISPLAY unset; run under xvfb-run)' };
    return { path: bin, reason: '' };
  } catch (err) {
    return { path: null, reason: `electron is not resolvable: ${String(err)}` };
  }
}

const bin = electronBinary();
if (!bin.path) console.warn(`[electron smoke] skipped: ${bin.reason}`);

describe('Electron app', () => {
  it.skipIf(!bin.path)(
    `opens its main window with a secure renderer${bin.path ? '' : ` (skipped: ${bin.reason})`}`,
    async () => {
      const app = await electron.launch({
        executablePath: bin.path!,
        args: [repoRoot, '--data', mkdtempSync(join(tmpdir(), 'lucarne-electron-'))],
      });
      const win = await app.firstWindow();
      await win.waitForLoadState('domcontentloaded');
      expect(await win.title()).toMatch(/Lucarne/);
      // No Node in the renderer, only the bridge.
      expect(await win.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
      expect(await win.evaluate(() => typeof window.lucarne?.call)).toBe('function');
      await app.close();
    },
  );
});
