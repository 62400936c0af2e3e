// The welcome screen's starter questions in Chromium on the real engine (offline provider), as a
// French-speaking user meets them: once a folder is indexed, the suggestions come from the user's own
// documents (their names, headings), and clicking one gets a cited answer, not "not found". Screenshots under test-results/.
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedFixture } from '../../test-support/fixture-paths';
import { launchChromium, openAppPage, type RunningHost, screenshotApp, startHost } from '../test-support/harness';

// A scientific paper (real PDF, real headings) and a French note with a table and dates.
const PDF = 'tracemonkey.pdf';
const NOTE = 'budget-mediatheque.md';
const NOTE_TEXT = `# Budget du chantier de la médiathèque

Le conseil municipal a voté le budget du chantier de la médiathèque le 12 mars 2024.

## Dépenses prévues

| Poste | Montant |
| --- | --- |
| Gros œuvre | 1 250 000,00 |
| Charpente et couverture | 310 000,50 |

Les travaux de gros œuvre commencent en septembre 2024 et durent quatorze mois.

## Calendrier

La réception des travaux de la médiathèque est prévue le 30 novembre 2025.
`;
// What this library's documents are called and what their headings say ("Trace Trees", "Budget du chantier…").
const FROM_LIBRARY = /tracemonkey|trace|budget|médiathèque/i;

let host: RunningHost;
let browser: Browser;
let page: Page;
let docsDir: string;
const errors: string[] = [];

beforeAll(async () => {
  docsDir = mkdtempSync(join(tmpdir(), 'lucarne-starters-docs-'));
  cpSync(sharedFixture('docs', 'pdfjs__tracemonkey.pdf'), join(docsDir, PDF));
  writeFileSync(join(docsDir, NOTE), NOTE_TEXT);
  host = await startHost({ env: { LUCARNE_LANG: 'fr-FR' } });
  browser = await launchChromium();
  page = await openAppPage(browser, errors);
});

afterAll(async () => {
  await browser?.close();
  await host?.stop();
  if (docsDir) rmSync(docsDir, { recursive: true, force: true });
});

describe('starter questions', () => {
  it('with no folder, offers to add one instead of questions', async () => {
    await page.goto(host.url);
    await page.getByRole('heading', { name: 'Commencez par ajouter vos documents' }).waitFor();
    expect(await page.locator('.example').count()).toBe(0);
  });

  it('suggests questions about the documents of the library once it is indexed', async () => {
    await page.getByRole('link', { name: /Bibliothèque/ }).click();
    await page.getByLabel('Chemin du dossier').fill(docsDir);
    await page.getByRole('button', { name: 'Ajouter', exact: true }).click();
    await page.getByText('Index à jour').waitFor({ timeout: 150_000 });
    await page.getByRole('link', { name: /Discussion/ }).click();
    await page.getByText('Questions auxquelles vos documents répondent').waitFor({ timeout: 60_000 });
    const questions = await page.locator('.example').allTextContents();
    expect(questions.length).toBeGreaterThanOrEqual(2);
    expect(questions.length).toBeLessThanOrEqual(4);
    // Made from this library: they name its documents or what they are about, from both documents (that
    // every question is made of the library's names and headings is checked in starters.test.ts).
    expect(questions.filter((q) => FROM_LIBRARY.test(q)).length).toBeGreaterThanOrEqual(2);
    expect(questions.some((q) => /tracemonkey|trace/i.test(q))).toBe(true);
    expect(questions.some((q) => /budget|médiathèque/i.test(q))).toBe(true);
    // None of the old fixed suggestions, which the offline answer could not answer.
    expect(questions.join('\n')).not.toMatch(/points clés de mes documents|parlent de budget/);
    await screenshotApp(page, 'starters-welcome');
  });

  it('asks a suggestion in one click and gets a cited answer, not "not found"', async () => {
    const first = page.locator('.example').first();
    const question = (await first.textContent()) ?? '';
    await first.click();
    await page.locator('.msg-user', { hasText: question.trim() }).waitFor();
    await page.locator('.msg-assistant').last().waitFor({ timeout: 60_000 });
    await page.waitForFunction(() => !document.querySelector('[aria-busy="true"].msg-assistant, .caret'), null, {
      timeout: 60_000,
    });
    const answer = page.locator('.msg-assistant').last();
    expect(await answer.locator('.answer-text').textContent()).not.toContain("Je n'ai pas trouvé");
    expect(await answer.locator('.cite-chip').count()).toBeGreaterThan(0);
    await answer
      .locator('.sources')
      .getByText(/tracemonkey|budget-mediatheque/)
      .first()
      .waitFor();
    await screenshotApp(page, 'starters-answer');
    expect(errors).toEqual([]);
  });
});
