// The library table stays a handful of DOM rows whatever the size of the library: 10,500 files are
// listed through paged 'library.listDocuments' calls as the user scrolls, never all at once.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, type RunningHost, screenshotPath, startHost } from '../test-support/harness';

const FILES = 10_500;
let host: RunningHost;
let browser: Browser;
let page: Page;
let docsDir: string;

beforeAll(async () => {
  docsDir = mkdtempSync(join(tmpdir(), 'lucarne-ui-scale-'));
  for (let d = 0; d < 21; d++) {
    const dir = join(docsDir, `lot-${String(d).padStart(2, '0')}`);
    mkdirSync(dir);
    for (let i = 0; i < FILES / 21; i++) {
      const n = d * (FILES / 21) + i;
      writeFileSync(
        join(dir, `note-${String(n).padStart(5, '0')}.txt`),
        `Note ${n}. Le numéro de cette note est ${n}.\n`,
      );
    }
  }
  host = await startHost({ env: { LUCARNE_LANG: 'fr-FR' } });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
});

afterAll(async () => {
  await browser?.close();
  await host?.stop();
  if (docsDir) rmSync(docsDir, { recursive: true, force: true });
});

const rendered = () => page.locator('.vtable-spacer .vrow').count();

describe('the virtualized library table', () => {
  it('lists 10,500 files with only the visible rows in the DOM', async () => {
    await page.goto(`${host.url}#/library`);
    await page.getByLabel('Chemin du dossier').fill(docsDir);
    await page.getByRole('button', { name: 'Ajouter', exact: true }).click();
    // Every file is known once the folder is scanned, whatever its indexing state.
    await expect
      .poll(async () => page.getByRole('grid').getAttribute('aria-rowcount'), { timeout: 120_000, interval: 1000 })
      .toBe(String(FILES + 1));
    expect(await rendered()).toBeGreaterThan(10);
    expect(await rendered()).toBeLessThan(60);

    // Jump to the end from the keyboard: the last page is fetched, the DOM stays small.
    await page.getByRole('grid').focus();
    await page.keyboard.press('End');
    await page.locator('.vrow', { hasText: 'note-10499.txt' }).waitFor({ timeout: 20_000 });
    expect(await rendered()).toBeLessThan(60);
    await expect.poll(() => page.locator('.vrow.is-placeholder').count(), { timeout: 20_000 }).toBe(0);

    // And back to the middle by scrolling.
    await page.getByRole('grid').evaluate((el) => {
      el.scrollTop = el.scrollHeight / 2;
    });
    // Rows sort by path, so the middle of the list is around note-05250.
    await expect
      .poll(
        async () =>
          (await page.locator('.vtable-spacer .vrow .doc-name').allTextContents()).some((n) =>
            /note-05\d{3}\.txt/.test(n),
          ),
        {
          timeout: 20_000,
        },
      )
      .toBe(true);
    await expect.poll(() => page.locator('.vrow.is-placeholder').count(), { timeout: 20_000 }).toBe(0);
    expect(await rendered()).toBeLessThan(60);
    await page.screenshot({ path: screenshotPath('ui-library-10k') });
  });
});
