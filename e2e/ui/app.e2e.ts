// The whole renderer on the real engine (offline provider) through the browser host, in Chromium, as a
// French-speaking user meets it: add a folder, watch it index, ask, open a citation, inspect what the
// model saw, change settings, quick-ask, export. Every view is saved under test-results/screenshots/.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedFixture } from '../../test-support/fixture-paths';
import {
  launchChromium,
  openAppPage,
  type RunningHost,
  screenshotApp,
  screenshotPath,
  startHost,
} from '../test-support/harness';

const FIXTURES = sharedFixture('docs');
const FILES = ['pdfjs__tracemonkey.pdf', 'pdfjs__french_diacritics.pdf', 'mammoth__tables.docx', 'unstr__password.pdf'];
// A fact no fixture contains, so a correct answer can only come from this file.
const FACT_FILE = 'archives-lucarne.md';
const FACT = 'Le code d’accès de la salle des archives du projet Lucarne est 7391.';

let host: RunningHost;
let browser: Browser;
let page: Page;
let docsDir: string;
const errors: string[] = [];

const shot = (name: string) => screenshotApp(page, `ui-${name}`);

/** Waits until no answer is streaming any more. */
async function answerDone(timeout = 60_000) {
  await page.locator('.msg-assistant').last().waitFor({ timeout });
  await page.waitForFunction(() => !document.querySelector('[aria-busy="true"].msg-assistant, .caret'), null, {
    timeout,
  });
}

beforeAll(async () => {
  docsDir = mkdtempSync(join(tmpdir(), 'lucarne-ui-docs-'));
  for (const f of FILES) cpSync(join(FIXTURES, f), join(docsDir, f));
  mkdirSync(join(docsDir, 'notes'));
  writeFileSync(
    join(docsDir, 'notes', FACT_FILE),
    `# Archives\n\nCe document décrit l'organisation des archives.\n\n## Accès\n\n${FACT}\nLe code change chaque trimestre.\n`,
  );
  host = await startHost({ env: { LUCARNE_LANG: 'fr-FR' } });
  browser = await launchChromium();
  page = await openAppPage(browser, errors, { acceptDownloads: true });
});

afterAll(async () => {
  await browser?.close();
  await host?.stop();
  if (docsDir) rmSync(docsDir, { recursive: true, force: true });
});

describe('Lucarne in Chromium on the real engine', () => {
  it('opens in French with an empty library that says what to do', async () => {
    await page.goto(host.url);
    await page.getByRole('link', { name: /Bibliothèque/ }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('fr');
    await page.getByRole('heading', { name: 'Commencez par ajouter vos documents' }).waitFor();
    await shot('chat-empty');

    await page.getByRole('link', { name: /Bibliothèque/ }).click();
    await page.getByRole('heading', { name: 'Déposez un dossier ici ou choisissez-en un' }).waitFor();
    // No native picker in a browser tab: the button points to the path field.
    await page.getByRole('button', { name: 'Choisir un dossier' }).click();
    await page.getByText('Le navigateur ne peut pas ouvrir le sélecteur').waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('folder-path');
    await shot('library-empty');
  });

  it('adds a folder by its path and shows indexing progress until it is done', async () => {
    await page.getByLabel('Chemin du dossier').fill(docsDir);
    await page.getByRole('button', { name: 'Ajouter', exact: true }).click();
    await page.locator('.folder-card').waitFor();
    await shot('library-indexing');
    // The header shows the indexer working, then settles on "up to date".
    await page.getByText('Index à jour').waitFor({ timeout: 150_000 });
    await expect
      .poll(() => page.locator('.vtable-spacer .vrow:not(.is-placeholder)').count(), { timeout: 30_000 })
      .toBe(FILES.length + 1);
    await expect
      .poll(() => page.locator('.vrow .badge', { hasText: 'Indexé' }).count(), { timeout: 30_000 })
      .toBeGreaterThanOrEqual(3);
    await page.locator('.vrow .badge', { hasText: 'Mot de passe requis' }).waitFor();
    await shot('library');
  });

  it('filters the table and unlocks a password-protected file', async () => {
    await page.getByRole('radio', { name: /Mot de passe/ }).check({ force: true });
    await expect.poll(() => page.locator('.vtable-spacer .vrow:not(.is-placeholder)').count()).toBe(1);
    await page.locator('.vtable-spacer .vrow').first().click();
    await page.locator('.doc-details').getByText('Ce fichier est protégé par un mot de passe').waitFor();
    await page.locator('.doc-details').getByRole('button', { name: 'Saisir le mot de passe' }).click();
    const dialog = page.getByRole('dialog', { name: 'Document protégé par un mot de passe' });
    await dialog.waitFor();
    await dialog.getByLabel('Mot de passe', { exact: true }).fill('password');
    await shot('password-dialog');
    await dialog.getByRole('button', { name: 'Déverrouiller' }).click();
    await page.getByText(/Mot de passe enregistré/).waitFor();
    await page.getByRole('radio', { name: /Tous/ }).check({ force: true });
    await expect
      .poll(() => page.locator('.vrow', { hasText: 'unstr__password.pdf' }).locator('.badge').textContent(), {
        timeout: 60_000,
      })
      .toContain('Indexé');
  });

  it('answers a question with streamed text, citations and sources', async () => {
    await page.getByRole('link', { name: /Discussion/ }).click();
    const box = page.getByRole('textbox', { name: 'Votre question' });
    await box.fill('Quel est le code d’accès de la salle des archives ?');
    await box.press('Enter');
    await page.locator('.msg-user', { hasText: 'salle des archives' }).waitFor();
    await answerDone();
    const answer = page.locator('.msg-assistant').last();
    expect(await answer.locator('.answer-text').textContent()).toContain('7391');
    expect(await answer.locator('.cite-chip').count()).toBeGreaterThan(0);
    await answer.locator('.sources').getByText(FACT_FILE).first().waitFor();
    // The conversation is listed in the sidebar under today.
    await page.locator('.conversation-link', { hasText: 'salle des archives' }).waitFor();
    await shot('chat-answer');
  });

  it('opens a citation in the source viewer at the highlighted passage', async () => {
    const answer = page.locator('.msg-assistant').last();
    const chip = answer.locator('.cite-chip').first();
    await chip.click();
    const panel = page.locator('.source-panel');
    await panel.waitFor();
    await expect.poll(() => panel.locator('mark.passage').first().textContent(), { timeout: 20_000 }).toContain('7391');
    await expect.poll(() => panel.locator('mark.passage').first().isVisible()).toBe(true);
    await shot('source-text');
    await panel.getByRole('button', { name: 'Fermer la source' }).click();
    await panel.waitFor({ state: 'detached' });
  });

  it('shows a cited PDF page with its text layer and the passage highlighted', async () => {
    const box = page.getByRole('textbox', { name: 'Votre question' });
    await box.fill('What is trace-based just-in-time type specialization for dynamic languages?');
    await box.press('Enter');
    await expect.poll(() => page.locator('.msg-assistant').count()).toBe(2);
    await answerDone();
    const pdfSource = page.locator('.msg-assistant').last().locator('.source-item', { hasText: 'tracemonkey' }).first();
    await pdfSource.waitFor();
    await pdfSource.click();
    const panel = page.locator('.source-panel');
    await panel.locator('.pdf-page[data-loaded="true"] canvas').waitFor({ timeout: 30_000 });
    await expect.poll(() => panel.locator('.textLayer span').count(), { timeout: 30_000 }).toBeGreaterThan(20);
    await expect.poll(() => panel.locator('.textLayer .highlight').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    // The cited page is the one shown.
    const indicator = await panel.locator('.pdf-page-indicator').textContent();
    expect(indicator).toMatch(/Page \d+ \/ 14/);
    await shot('source-pdf');
    // The extracted-text tab shows the same passage highlighted.
    await panel.getByRole('radio', { name: 'Texte extrait' }).check({ force: true });
    await panel.locator('mark.passage').first().waitFor();
    await panel.getByRole('button', { name: 'Fermer la source' }).click();
  });

  it('shows what the model saw: passages, prompt, tokens and the embedding map', async () => {
    await page.locator('.msg-assistant').last().getByRole('button', { name: 'Ce que le modèle a vu' }).click();
    await page.getByRole('tab', { name: /Passages/ }).waitFor();
    await expect.poll(() => page.locator('.hits-table tbody tr').count()).toBeGreaterThan(0);
    expect(await page.locator('.hits-table .badge', { hasText: 'Utilisé' }).count()).toBeGreaterThan(0);
    await shot('inspector-passages');

    await page.getByRole('tab', { name: 'Prompt' }).click();
    await page.locator('.budget-bar .budget-seg').first().waitFor();
    expect(await page.locator('.prompt-section').count()).toBeGreaterThanOrEqual(3);
    await shot('inspector-prompt');

    await page.getByRole('tab', { name: 'Tokens' }).click();
    await expect.poll(() => page.locator('.tokens .token').count(), { timeout: 20_000 }).toBeGreaterThan(20);
    await page.locator('.tokens .token').nth(3).hover();
    await expect.poll(() => page.locator('#token-readout').textContent()).toMatch(/Token n° 4 · id \d+/);
    await shot('inspector-tokens');

    await page.getByRole('tab', { name: 'Carte des embeddings' }).click();
    await expect.poll(() => page.locator('.legend-doc').count(), { timeout: 30_000 }).toBeGreaterThan(1);
    const canvas = page.locator('canvas.map-canvas');
    const box = await canvas.boundingBox();
    expect(box && box.width > 300).toBe(true);
    // Wheel zoom and drag pan work without errors.
    if (box) {
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.mouse.wheel(0, -400);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width / 2 + 60, box.y + box.height / 2 + 30, { steps: 5 });
      await page.mouse.up();
    }
    await page.getByRole('button', { name: 'Recentrer la carte' }).click();
    await shot('inspector-map');
  });

  it('edits settings: a number, the language and the theme', async () => {
    await page.getByRole('link', { name: /Réglages/ }).click();
    const topK = page.getByLabel('Passages par réponse (top-k)');
    await topK.fill('6');
    await topK.press('Enter');
    await page.getByText('Enregistré').first().waitFor();
    // A changed chunk size offers to re-index.
    const size = page.getByLabel('Taille des passages');
    await size.fill('350');
    await size.press('Enter');
    await page.getByRole('button', { name: 'Réindexer maintenant' }).waitFor();
    await shot('settings');

    await page.getByRole('radio', { name: 'English' }).check({ force: true });
    await page.getByRole('link', { name: /Library/ }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await page.getByRole('radio', { name: 'Dark' }).check({ force: true });
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await shot('settings-dark-en');

    // The saved values survive a reload.
    await page.reload();
    await expect.poll(() => page.getByLabel('Passages per answer (top-k)').inputValue()).toBe('6');
    await page.getByRole('link', { name: /Chat/ }).first().click();
    await page.locator('.conversation-link').first().click();
    await answerDone();
    await shot('chat-dark-en');

    await page.getByRole('link', { name: /Settings/ }).click();
    await page.getByRole('radio', { name: 'Français' }).check({ force: true });
    await page.getByRole('radio', { name: 'Clair' }).check({ force: true });
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('light');
    await page.getByRole('link', { name: /Discussion/ }).waitFor();
  });

  it('edits the prompt template with a live preview', async () => {
    await page.locator('#settings-prompt').scrollIntoViewIfNeeded();
    const instructions = page.locator('#settings-prompt textarea').first();
    await instructions.fill('Réponds en citant tes sources [n]. CONSIGNE-TEST-42');
    await expect
      .poll(() => page.locator('.prompt-preview-text').textContent(), { timeout: 10_000 })
      .toContain('CONSIGNE-TEST-42');
    await page.locator('#settings-prompt').screenshot({ path: screenshotPath('ui-settings-prompt') });
    await page.getByRole('button', { name: 'Annuler les modifications' }).click();
  });

  it('quick-asks and continues the conversation in the main view', async () => {
    await page.goto(`${host.origin}/#/quick`);
    const box = page.getByRole('textbox', { name: 'Votre question' });
    await box.fill('Quel est le code de la salle des archives ?');
    await box.press('Enter');
    await page.locator('.quick-answer .answer-text').waitFor({ timeout: 60_000 });
    await page.waitForFunction(() => !document.querySelector('.quick .caret'), null, { timeout: 60_000 });
    expect(await page.locator('.quick-answer .answer-text').textContent()).toContain('7391');
    await page.setViewportSize({ width: 680, height: 460 });
    await shot('quick');
    await page.setViewportSize({ width: 1380, height: 860 });
    await page.getByRole('button', { name: 'Continuer dans Lucarne' }).click();
    await expect.poll(() => page.evaluate(() => location.hash)).toMatch(/^#\/chat\/\d+$/);
    await page.locator('.msg-user', { hasText: 'code de la salle des archives' }).waitFor();
  });

  it('exports a conversation to Markdown', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Exporter' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.md$/);
    const file = await download.path();
    const markdown = readFileSync(file, 'utf8');
    expect(markdown).toContain('code de la salle des archives');
    expect(markdown).toContain('7391');
  });

  it('ran without console errors or CSP violations', () => {
    expect(errors).toEqual([]);
  });
});
