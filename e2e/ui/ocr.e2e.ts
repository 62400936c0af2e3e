// Text recognition (OCR) in the UI, on the real engine through the browser host in Chromium, in French: a
// folder with a scanned PDF and a photographed invoice is indexed by OCR (the header shows "OCR : page n / m"
// while it reads), the library tags both files, a cited scanned page says its text was recognised by OCR
// with a confidence, and the OCR settings (switch, languages in order of preference, pages at once) are
// saved and survive a reload. Screenshots go to test-results/screenshots/ocr-*.png.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoFixture } from '../../test-support/fixture-paths';
import {
  launchChromium,
  openAppPage,
  type RunningHost,
  screenshotApp,
  screenshotPath,
  startHost,
} from '../test-support/harness';

const FIXTURES = repoFixture('ocr');
const FILES = ['scan-fr.pdf', 'invoice.png'];
// French typography: Intl may put a narrow no-break space before "%".
const NOTICE = /Texte reconnu par OCR \(confiance \d{1,3}\s?%\)/;

let host: RunningHost;
let browser: Browser;
let page: Page;
let docsDir: string;
const errors: string[] = [];

const shot = (name: string) => screenshotApp(page, `ocr-${name}`);

/** Catches the header's "OCR : page n / m" while the indexer reads a scan (false if it went idle first). */
async function catchOcrStep(name: string, timeout: number): Promise<boolean> {
  const step = page.locator('.indexing .file-step');
  await page.locator('.indexing .file-step, .indexing.is-idle').first().waitFor({ timeout });
  if (!(await step.isVisible())) return false;
  expect(await step.locator('.file-step-text').textContent()).toMatch(/^OCR : page \d+ \/ \d+$/);
  const bar = step.getByRole('progressbar');
  expect(Number(await bar.getAttribute('aria-valuemax'))).toBeGreaterThan(0);
  await page.screenshot({ path: screenshotPath(`ocr-${name}`) });
  return true;
}

function row(file: string) {
  return page.locator('.vtable-spacer .vrow', { hasText: file });
}

function ocrControls() {
  const section = page.locator('#settings-ocr');
  return {
    section,
    toggle: section.getByRole('switch', { name: 'Lire le texte des images' }),
    french: section.getByRole('checkbox', { name: 'Français' }),
    english: section.getByRole('checkbox', { name: 'Anglais' }),
    pagesAtOnce: section.getByLabel('Pages lues en même temps'),
  };
}

async function reloadSettings() {
  await page.waitForTimeout(500); // let the last settings.set land
  await page.reload();
  await page.locator('#settings-ocr').waitFor();
}

beforeAll(async () => {
  docsDir = mkdtempSync(join(tmpdir(), 'lucarne-ui-ocr-'));
  for (const f of FILES) cpSync(join(FIXTURES, f), join(docsDir, f));
  host = await startHost({ env: { LUCARNE_LANG: 'fr-FR' } });
  browser = await launchChromium();
  page = await openAppPage(browser, errors);
});

afterAll(async () => {
  await browser?.close();
  await host?.stop();
  if (docsDir) rmSync(docsDir, { recursive: true, force: true });
});

describe('OCR in the UI (Chromium, real engine)', () => {
  it('indexes a scanned PDF and an image by OCR, showing the page being read', async () => {
    await page.goto(`${host.url}#/library`);
    await page.getByLabel('Chemin du dossier').fill(docsDir);
    await page.getByRole('button', { name: 'Ajouter', exact: true }).click();
    await page.locator('.folder-card').waitFor();
    // Each file takes seconds of OCR here: the header says which page of the file is being read.
    const caught = await catchOcrStep('progress-fr', 120_000);
    console.log(`OCR progress in the header: ${caught ? 'seen' : 'not caught'}`);
    await page.getByText('Index à jour').waitFor({ timeout: 240_000 });
    for (const f of FILES) {
      await expect.poll(() => row(f).locator('.badge').textContent(), { timeout: 30_000 }).toContain('Indexé');
      // Pages read by OCR: a tag beside the status.
      await row(f).locator('.ocr-tag', { hasText: 'OCR' }).waitFor();
    }
    await row('scan-fr.pdf').click();
    const details = page.locator('.doc-details');
    await details.getByText('Certaines pages ont été lues par OCR.').waitFor();
    expect(await details.textContent()).toContain('PDF');
    await shot('library-fr');
  });

  it('shows a cited scanned page with the OCR notice and its confidence', async () => {
    await page.getByRole('link', { name: /Discussion/ }).click();
    const box = page.getByRole('textbox', { name: 'Votre question' });
    await box.fill('Quand la bibliothèque sera-t-elle fermée ?');
    await box.press('Enter');
    await page.locator('.msg-assistant').last().waitFor({ timeout: 60_000 });
    await page.waitForFunction(() => !document.querySelector('[aria-busy="true"].msg-assistant, .caret'), null, {
      timeout: 60_000,
    });
    const source = page.locator('.msg-assistant').last().locator('.source-item', { hasText: 'scan-fr.pdf' }).first();
    await source.waitFor();
    await source.click();
    const panel = page.locator('.source-panel');
    await panel.locator('.pdf-page[data-loaded="true"] canvas').waitFor({ timeout: 30_000 });
    // The cited chunk runs over both pages of the scan (p. 1–2); the viewer opens on page 2, where the cited
    // sentence is.
    await expect.poll(() => panel.locator('.pdf-page-indicator').textContent()).toBe('Page 2 / 2');
    const notice = panel.locator('.pdf-page-note .ocr-notice');
    await notice.waitFor();
    expect(await notice.textContent()).toMatch(NOTICE);
    await panel.locator('.pdf-toolbar .spinner').waitFor({ state: 'detached', timeout: 30_000 });
    await shot('source-fr');

    // A scan has no text layer to highlight in: the toolbar leads to the recognised text, where the passage
    // is marked and each recognised page carries the notice on its separator.
    await panel.getByRole('button', { name: 'Voir le passage dans le texte extrait' }).click();
    expect(await panel.getByRole('radio', { name: 'Texte extrait' }).isChecked()).toBe(true);
    await panel.locator('mark.passage').first().waitFor();
    expect(await panel.locator('mark.passage').first().textContent()).toContain('fermée');
    await expect.poll(() => panel.locator('.page-sep .ocr-notice').count()).toBe(2);
    for (const text of await panel.locator('.page-sep .ocr-notice').allTextContents()) expect(text).toMatch(NOTICE);
    await shot('source-text-fr');
    await panel.getByRole('button', { name: 'Fermer la source' }).click();
    await panel.waitFor({ state: 'detached' });
  });

  it("shows an image's recognised text with the notice", async () => {
    await page.getByRole('link', { name: /Bibliothèque/ }).click();
    await row('invoice.png').click();
    const details = page.locator('.doc-details');
    await details.getByText('Certaines pages ont été lues par OCR.').waitFor();
    expect(await details.textContent()).toContain('Image');
    await details.getByRole('button', { name: 'Voir le texte extrait' }).click();
    const panel = page.locator('.source-panel');
    await panel.locator('.text-view').waitFor();
    // One image, one notice, and no "Page 1" separator.
    await expect.poll(() => panel.locator('.ocr-notice').count()).toBe(1);
    expect(await panel.locator('.ocr-notice').textContent()).toMatch(NOTICE);
    expect(await panel.locator('.page-sep').textContent()).not.toMatch(/Page/);
    expect(await panel.locator('.text-view').textContent()).toMatch(/Invoice number 4471/);
    await shot('source-image-fr');
    await panel.getByRole('button', { name: 'Fermer la source' }).click();
  });

  it('turns OCR off in Settings; the setting survives a reload', async () => {
    await page.getByRole('link', { name: /Réglages/ }).click();
    await page.getByRole('link', { name: 'Texte des images' }).click();
    await expect.poll(() => page.evaluate(() => location.hash)).toBe('#/settings/ocr');
    const { section, toggle, french, english, pagesAtOnce } = ocrControls();
    await section.getByRole('heading', { name: 'Reconnaissance de texte (OCR)' }).waitFor();
    await section.getByText('rien ne quitte votre ordinateur').waitFor();
    // The defaults: on, French then English (French preferred), one page at once on this machine.
    expect(await toggle.getAttribute('aria-checked')).toBe('true');
    expect(await french.isChecked()).toBe(true);
    expect(await english.isChecked()).toBe(true);
    expect(await section.locator('.ocr-language').first().textContent()).toContain('Français');
    await section.locator('.ocr-preferred', { hasText: 'préférée' }).waitFor();
    expect(await pagesAtOnce.locator('option').first().textContent()).toBe('1 page (≈ 100 Mo)');
    await section.screenshot({ path: screenshotPath('ocr-settings-fr') });
    await shot('settings-page-fr');

    // Off: the hint says what that means, and it survives a reload.
    await toggle.click();
    await section.getByText('Désactivée : les nouveaux documents numérisés ne sont pas indexés').waitFor();
    await reloadSettings();
    expect(await toggle.getAttribute('aria-checked')).toBe('false');
  });

  it('says why a new scan is not indexed while OCR is off, and leads to the setting that indexes it', async () => {
    // A photographed notice arrives in the watched folder while OCR is off.
    cpSync(join(FIXTURES, 'notice.jpg'), join(docsDir, 'notice.jpg'));
    await page.getByRole('link', { name: /Bibliothèque/ }).click();
    await expect
      .poll(() => row('notice.jpg').locator('.badge').textContent(), { timeout: 60_000 })
      .toContain('Sans couche texte');
    await row('notice.jpg').click();
    const details = page.locator('.doc-details');
    await details.getByText('La reconnaissance de texte (OCR) est désactivée').waitFor();
    await shot('off-details-fr');
    await details.getByRole('button', { name: 'Ouvrir les réglages OCR' }).click();
    await expect.poll(() => page.evaluate(() => location.hash)).toBe('#/settings/ocr');

    // On again: the engine reads the scans again by itself, and the user is told.
    const { toggle } = ocrControls();
    await toggle.click();
    await page.getByText('Les documents numérisés vont être relus.').waitFor();
    await reloadSettings();
    expect(await toggle.getAttribute('aria-checked')).toBe('true');
    await page.getByRole('link', { name: /Bibliothèque/ }).click();
    await expect
      .poll(() => row('notice.jpg').locator('.badge').textContent(), { timeout: 120_000 })
      .toContain('Indexé');
    await row('notice.jpg').locator('.ocr-tag', { hasText: 'OCR' }).waitFor();
  });

  it('changes the OCR languages, their order and the pages read at once, saved across reloads', async () => {
    await page.goto(`${host.url}#/settings/ocr`);
    const { section, french, english, pagesAtOnce } = ocrControls();
    await section.waitFor();

    // Languages: untick English; French is then the last one and cannot be unticked.
    await english.uncheck();
    await expect.poll(() => english.isChecked()).toBe(false);
    expect(await french.getAttribute('aria-disabled')).toBe('true');
    await french.click({ force: true }); // aria-disabled: Playwright would wait for it to be enabled
    expect(await french.isChecked()).toBe(true);
    await reloadSettings();
    expect(await english.isChecked()).toBe(false);
    expect(await french.isChecked()).toBe(true);

    // Tick English again, then make it the preferred one: the order is saved.
    await english.check();
    await section.getByRole('button', { name: 'Mettre Anglais en premier' }).click();
    await expect.poll(() => section.locator('.ocr-language').first().textContent()).toContain('Anglais');
    await pagesAtOnce.selectOption('2');
    await reloadSettings();
    expect(await section.locator('.ocr-language').first().textContent()).toContain('Anglais');
    expect(await section.locator('.ocr-language').first().locator('.ocr-preferred').count()).toBe(1);
    await section.getByRole('button', { name: 'Mettre Français en premier' }).waitFor();
    expect(await pagesAtOnce.inputValue()).toBe('2');

    // The language change re-reads the scans: catch the progress in the header if it is still running.
    await catchOcrStep('progress-settings-fr', 120_000);
    await page.getByText('Index à jour').waitFor({ timeout: 240_000 });
  });

  it('ran without console errors or CSP violations', () => {
    expect(errors).toEqual([]);
  });
});
