// Starts the built browser host (out/main/host.js) on a fresh data folder, as a user's `npm run web`
// would, and opens Debian's Chromium with Playwright.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContextOptions, chromium, type Page } from 'playwright-core';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const screenshotsDir = join(repoRoot, 'test-results', 'screenshots');

export interface RunningHost {
  url: string;
  origin: string;
  token: string;
  dataDir: string;
  child: ChildProcess;
  output: () => string;
  stop(): Promise<void>;
}

export async function startHost(
  opts: { dataDir?: string; env?: NodeJS.ProcessEnv; args?: string[] } = {},
): Promise<RunningHost> {
  const hostJs = join(repoRoot, 'out', 'main', 'host.js');
  if (!existsSync(hostJs)) throw new Error('out/main/host.js is missing: run `npm run build` first.');
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'lucarne-e2e-'));
  mkdirSync(dataDir, { recursive: true });
  const child = spawn(process.execPath, [hostJs, '--data', dataDir, ...(opts.args ?? [])], {
    cwd: repoRoot,
    env: { ...process.env, LUCARNE_NO_OPEN: '1', ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d) => {
    out += d.toString();
  });
  child.stderr?.on('data', (d) => {
    out += d.toString();
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the host did not start in 60 s:\n${out}`)), 60_000);
    const check = () => {
      const m = /Lucarne is running at (\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout?.on('data', check);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the host exited with code ${code}:\n${out}`));
    });
  });
  const parsed = new URL(url);
  return {
    url,
    origin: parsed.origin,
    token: parsed.searchParams.get('token') ?? '',
    dataDir,
    child,
    output: () => out,
    async stop() {
      if (child.exitCode !== null) return;
      await new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => {
          child.kill('SIGKILL');
          resolve();
        }, 10_000);
      });
    },
  };
}

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
];

export function chromiumPath(): string {
  const found = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find(
    (p) => p && existsSync(p),
  );
  if (!found)
    throw new Error('Chromium not found: run `npm run ensure-native -- --with-chromium` or set CHROMIUM_PATH.');
  return found;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS, headless: true });
}

/** A page of the app in its own context, with every page error and console error collected in `errors`. */
export async function openAppPage(
  browser: Browser,
  errors: string[],
  options: BrowserContextOptions = {},
): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 1380, height: 860 },
    colorScheme: 'light',
    ...options,
  });
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  return page;
}

/** A screenshot of the app as a user sees it: notifications closed first, so they do not cover the view. */
export async function screenshotApp(page: Page, name: string): Promise<void> {
  for (const close of await page.locator('.toast button[aria-label]').all()) await close.click().catch(() => {});
  await page.waitForTimeout(250); // let transitions settle
  await page.screenshot({ path: screenshotPath(name) });
}

export function screenshotPath(name: string): string {
  mkdirSync(screenshotsDir, { recursive: true });
  return join(screenshotsDir, `${name}.png`);
}
