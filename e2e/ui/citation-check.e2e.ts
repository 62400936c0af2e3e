// The citation check (#16) as a French-speaking user meets it (Chromium, real engine through the browser host,
// the fake Gemini server as the model). The model writes a fluent answer with a wrong figure and a wrong
// citation: the figure's sentence is underlined with a flag saying what was not found, the wrong number is
// corrected and says what it was, the badge counts the supported sentences, the corrected citation opens the
// source at the sentence that supports the claim (not the whole passage), and the inspector shows the check
// sentence by sentence. Then the same in English. Screenshots: test-results/screenshots/citation-check-*.png.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeGemini, startFakeGemini } from '../../test-support/fake-gemini/server';
import { passageOf } from '../../test-support/planted-answers';
import { connectApi, type HostApi } from '../reliability/test-support/host-api';
import { launchChromium, openAppPage, type RunningHost, screenshotApp, startHost } from '../test-support/harness';

const STAFF_SENTENCE = 'La société employait 312 personnes à la fin de 2023.';
const QUESTION = "Quel était le chiffre d'affaires net en 2023 et combien de personnes la société employait-elle ?";

let root: string;
let host: RunningHost;
let api: HostApi;
let browser: Browser;
let page: Page;
let fake: FakeGemini;
const numbers = { results: 0, staff: 0 };
const errors: string[] = [];

const shot = (name: string) => screenshotApp(page, `citation-check-${name}`);

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'lucarne-ui-check-'));
  const docs = join(root, 'docs');
  mkdirSync(docs);
  writeFileSync(
    join(docs, 'resultats.md'),
    "# Résultats 2023\n\nLe chiffre d'affaires net a atteint 4,2 millions d'euros en 2023, contre 3,9 millions d'euros en 2022. Le conseil a approuvé un dividende de 12 centimes par action.\n",
  );
  writeFileSync(join(docs, 'effectifs.md'), `# Effectifs\n\n${STAFF_SENTENCE} La plupart travaillent à Lyon.\n`);
  fake = await startFakeGemini({
    apiKey: 'test-key',
    wordsPerChunk: 3,
    answer: ({ prompt }) => {
      numbers.results = passageOf(prompt, "Le chiffre d'affaires net");
      numbers.staff = passageOf(prompt, 'La société employait');
      const r = numbers.results;
      return `Voici ce que j'ai trouvé :\nLe chiffre d'affaires net a atteint 4,7 millions d'euros en 2023 [${r}]. La société employait 312 personnes à la fin de 2023 [${r}].`;
    },
  });
  host = await startHost({
    env: { LUCARNE_LANG: 'fr-FR', GEMINI_API_KEY: 'test-key', GEMINI_BASE_URL: fake.url },
  });
  api = await connectApi(host.origin, host.token);
  await api.call('settings.set', { provider: 'gemini' });
  await api.call('library.addFolder', { path: docs });
  const deadline = Date.now() + 90_000;
  for (;;) {
    const list = await api.call<{ items: { status: string }[] }>('library.listDocuments', {});
    if (list.items.filter((d) => d.status === 'indexed').length === 2) break;
    if (Date.now() > deadline) throw new Error('the documents were not indexed within 90 s');
    await new Promise((r) => setTimeout(r, 250));
  }
  browser = await launchChromium();
  page = await openAppPage(browser, errors);
}, 180_000);

afterAll(async () => {
  api?.close();
  await browser?.close();
  await host?.stop();
  await fake?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

async function askAndWait(question: string) {
  await page.getByRole('link', { name: /Discussion|Chat/ }).click();
  const before = await page.locator('.msg-assistant').count();
  const box = page.getByRole('textbox', { name: /Votre question|Your question/ });
  await box.fill(question);
  await box.press('Enter');
  await expect.poll(() => page.locator('.msg-assistant').count(), { timeout: 20_000 }).toBeGreaterThan(before);
  const answer = page.locator('.msg-assistant').last();
  await answer.locator('.check-badge').waitFor({ timeout: 60_000 });
  return answer;
}

describe('the citation check in Chromium (fake Gemini, real engine)', () => {
  it('marks the wrong figure, corrects the wrong citation and counts the supported sentences', async () => {
    await page.goto(host.url);
    const answer = await askAndWait(QUESTION);
    const { results, staff } = numbers;
    expect(results).not.toBe(staff);
    await expect.poll(() => answer.locator('.check-badge').textContent()).toBe('1/2 phrases étayées');

    // The wrong figure: its sentence is underlined, and its flag says what is not in the cited passage.
    const marked = answer.locator('.claim.is-not-supported');
    expect((await marked.allTextContents()).join('')).toContain("4,7 millions d'euros en 2023");
    const flag = answer.locator('.claim-flag.is-not-supported');
    expect(await flag.count()).toBe(1);
    expect(await flag.getAttribute('aria-label')).toBe(`Non étayée : 4,7 millions n'apparaît pas dans [${results}]`);
    // The right part is not marked.
    expect((await answer.locator('.claim').allTextContents()).join('')).not.toContain('312');

    // The wrong citation: corrected to the passage that says it, and saying what it was.
    const fixed = answer.locator('.cite-chip.is-repaired');
    expect(await fixed.textContent()).toBe(String(staff));
    expect(await answer.locator('.cite-fix').textContent()).toBe(`(corrigé, était [${results}])`);
    expect(await answer.locator('.answer-text').textContent()).toContain(
      `312 personnes à la fin de 2023 ${staff}(corrigé, était [${results}]).`,
    );

    await flag.hover();
    await shot('answer-fr');
  });

  it('opens the corrected citation at the sentence that supports the claim, not the whole passage', async () => {
    const answer = page.locator('.msg-assistant').last();
    await answer.locator('.cite-chip.is-repaired').click();
    const panel = page.locator('.source-panel');
    await panel.waitFor();
    await expect
      .poll(() => panel.locator('mark.passage').allTextContents(), { timeout: 20_000 })
      .toEqual([STAFF_SENTENCE]);
    await shot('source-fr');
    await panel.getByRole('button', { name: 'Fermer la source' }).click();
    await panel.waitFor({ state: 'detached' });
  });

  it('shows the check sentence by sentence in the inspector', async () => {
    await page.locator('.msg-assistant').last().getByRole('button', { name: 'Ce que le modèle a vu' }).click();
    await page.getByRole('tab', { name: 'Vérification' }).click();
    const items = page.locator('.check-item');
    await expect.poll(() => items.count()).toBe(3);
    expect(await items.locator('.badge').allTextContents()).toEqual(['Rien à vérifier', 'Non étayée', 'Étayée']);
    expect(await items.nth(1).locator('.check-item-detail').textContent()).toBe(
      `4,7 millions n'apparaît pas dans [${numbers.results}]`,
    );
    expect(await items.nth(2).textContent()).toContain(`Citation corrigée : [${numbers.results}] → [${numbers.staff}]`);
    expect(await items.nth(2).locator('.check-item-span').textContent()).toContain(STAFF_SENTENCE);
    await shot('inspector-fr');
  });

  it('says the same in English', async () => {
    await api.call('settings.set', { language: 'en' });
    await page.reload();
    const answer = await askAndWait('And what was net revenue in 2023, and the headcount?');
    await expect.poll(() => answer.locator('.check-badge').textContent()).toBe('1 of 2 sentences supported');
    expect(await answer.locator('.claim-flag.is-not-supported').getAttribute('aria-label')).toBe(
      `Not supported: 4,7 millions does not appear in [${numbers.results}]`,
    );
    expect(await answer.locator('.cite-fix').textContent()).toBe(`(corrected, was [${numbers.results}])`);
    await answer.locator('.claim-flag.is-not-supported').hover();
    await shot('answer-en');
  });

  it('ran without console errors', () => {
    expect(errors).toEqual([]);
  });
});
