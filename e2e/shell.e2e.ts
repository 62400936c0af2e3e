// The shell renders through the browser host in Chromium, in French and in English.
import { request } from 'node:http';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, type RunningHost, screenshotPath, startHost } from './test-support/harness';

let host: RunningHost;
let browser: Browser;

beforeAll(async () => {
  host = await startHost();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await host?.stop();
});

function status(path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(`${host.origin}${path}`, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the app shell in Chromium', () => {
  it('refuses requests without the token', async () => {
    expect(await status('/')).toBe(401);
    expect(await status('/?token=wrong')).toBe(401);
  });

  it.each([
    ['fr', ['Discussion', 'Bibliothèque', 'Réglages']],
    ['en', ['Chat', 'Library', 'Settings']],
  ] as const)('renders the navigation and an empty state in %s', async (language, labels) => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.goto(host.url);
    // Set the language through the API, as the settings page does, then reload.
    await page.evaluate(async (lang) => {
      const ws = new WebSocket(`ws://${location.host}/api`);
      await new Promise((r) => ws.addEventListener('open', r));
      ws.send(JSON.stringify({ id: 1, method: 'settings.set', args: { language: lang } }));
      await new Promise((r) => ws.addEventListener('message', r));
      ws.close();
    }, language);
    await page.reload();
    const nav = page.getByRole('navigation');
    for (const label of labels)
      await expect.poll(() => nav.getByText(label, { exact: false }).count()).toBeGreaterThan(0);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe(language);
    await page.screenshot({ path: screenshotPath(`shell-${language}`) });
    expect(errors).toEqual([]);
    await page.close();
  });
});
