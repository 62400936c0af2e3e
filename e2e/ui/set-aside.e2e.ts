// A file that keeps bringing the engine down, as the user sees it (Chromium, real engine through the browser
// host, in French). A fault injected in the parser (LUCARNE_TEST_CRASH_ON, test-only) kills the host each
// time it reads one file; restarted like the app restarts its engine, the host sets that file aside after
// three deaths on it and indexes the rest. The library says so in plain words next to a Réessayer button;
// once the fault is gone, Réessayer indexes the file. Screenshot: test-results/screenshots/library-set-aside-fr.png.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openAppPage, type RunningHost, screenshotApp, startHost } from '../test-support/harness';
import { connectApi } from '../reliability/test-support/host-api';
import { spawnHost } from '../reliability/test-support/host-process';

const CRASHING = 'rapport-defectueux.md';
let docsDir: string;
let dataDir: string;
let host: RunningHost | null = null;
let browser: Browser;
let page: Page;
const errors: string[] = [];

function row(file: string) {
  return page.locator('.vtable-spacer .vrow', { hasText: file });
}

beforeAll(async () => {
  docsDir = mkdtempSync(join(tmpdir(), 'lucarne-ui-aside-docs-'));
  dataDir = mkdtempSync(join(tmpdir(), 'lucarne-ui-aside-data-'));
  writeFileSync(
    join(docsDir, 'budget-2024.md'),
    '# Budget 2024\n\nLe budget de fonctionnement est de 120 000 euros.\n',
  );
  writeFileSync(join(docsDir, 'compte-rendu.md'), '# Compte rendu\n\nLa réunion du conseil a eu lieu le 4 mars.\n');
  writeFileSync(join(docsDir, CRASHING), '# Rapport\n\nCe fichier fait tomber le lecteur (défaut injecté).\n');
  // The engine dies each time it reads the faulty file; each start resumes, as the app does after a crash.
  const env = { LUCARNE_LANG: 'fr-FR', LUCARNE_TEST_CRASH_ON: 'defectueux' };
  let deaths = 0;
  for (let start = 0; start < 6; start++) {
    const h = spawnHost(dataDir, { env });
    const api = await connectApi(await h.ready(), h.token);
    if (start === 0) await api.call('library.addFolder', { path: docsDir });
    const idle = (async () => {
      for (;;) {
        const p = await api.call<{ state: string; filesDone: number; filesTotal: number }>('library.progress', {});
        const docs = await api.call<{ items: { status: string }[] }>('library.listDocuments', {});
        if (
          p.state === 'idle' &&
          docs.items.length === 3 &&
          docs.items.every((d) => !['queued', 'indexing'].includes(d.status))
        )
          return 'idle';
        await new Promise((r) => setTimeout(r, 200));
      }
    })().catch(() => 'died');
    const outcome = await Promise.race([idle, h.exited.then(() => 'died')]);
    api.close();
    if (outcome === 'idle') {
      await h.stop();
      break;
    }
    deaths++;
  }
  expect(deaths).toBeGreaterThanOrEqual(3);
  // The fault is gone (a fixed parser, say): the app starts normally.
  host = await startHost({ dataDir, env: { LUCARNE_LANG: 'fr-FR' } });
  browser = await launchChromium();
  page = await openAppPage(browser, errors);
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await host?.stop();
  for (const d of [docsDir, dataDir]) if (d) rmSync(d, { recursive: true, force: true });
});

describe('a set-aside file in the library (Chromium, real engine)', () => {
  it('says why in plain words, next to Réessayer, and Réessayer indexes it', async () => {
    await page.goto(`${host!.url}#/library`);
    await expect.poll(() => row(CRASHING).locator('.badge').textContent(), { timeout: 30_000 }).toContain('Échec');
    for (const f of ['budget-2024.md', 'compte-rendu.md'])
      expect(await row(f).locator('.badge').textContent()).toContain('Indexé');
    await row(CRASHING).click();
    const details = page.locator('.doc-details');
    const callout = details.locator('.doc-details-set-aside');
    await callout.getByText('Lucarne s’est arrêté à plusieurs reprises pendant la lecture de ce fichier').waitFor();
    // The numbers agree with what search can return: nothing of it is indexed.
    const fact = (name: string) => details.locator('.doc-details-facts > div', { hasText: name }).locator('dd');
    expect(await fact('Passages').textContent()).toBe('0');
    expect(await fact('Pages').textContent()).toBe('—');
    await screenshotApp(page, 'library-set-aside-fr');
    await callout.getByRole('button', { name: 'Réessayer' }).click();
    await expect.poll(() => row(CRASHING).locator('.badge').textContent(), { timeout: 60_000 }).toContain('Indexé');
    await expect.poll(() => callout.count()).toBe(0);
    expect(errors).toEqual([]);
  });
});
