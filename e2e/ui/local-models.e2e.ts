// Local models as a French-speaking user meets them (Chromium, real engine through the browser host, real
// node-llama-cpp): two tiny random-weight GGUF models written by scripts/make-tiny-gguf.mjs sit in a
// models folder the host scans (LUCARNE_MODEL_DIRS). In Réglages the user picks "Modèle local (GGUF)",
// sees both models with what their headers say, chooses the embedding one for search (the library is
// re-embedded in the background, with progress, then switches), the chat one for answers, tests them,
// adds a file by its path and is told in plain words when a file is not a model. In Discussion a question
// gets a streamed answer (nonsense: the weights are random; what is checked is the plumbing) and a second
// one is stopped. Screenshots: test-results/screenshots/local-models-*.png.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectApi, type HostApi } from '../reliability/test-support/host-api';
import {
  launchChromium,
  openAppPage,
  type RunningHost,
  repoRoot,
  screenshotApp,
  screenshotPath,
  startHost,
} from '../test-support/harness';

const DOCS = 160; // enough passages for the re-embedding to be seen under way, few enough to stay quick
let root: string;
let modelsDir: string;
let docsDir: string;
let host: RunningHost;
let api: HostApi;
let browser: Browser;
let page: Page;
const errors: string[] = [];

const shot = (name: string) => screenshotApp(page, `local-models-${name}`);

function tinyModel(path: string, ...args: string[]) {
  execFileSync(process.execPath, [join(repoRoot, 'scripts', 'make-tiny-gguf.mjs'), path, ...args], {
    cwd: repoRoot,
    stdio: 'pipe',
  });
}

/** A model's row in the list of models found, by the name its header gives. */
const row = (name: string) => page.locator('.model-row', { has: page.locator('.model-name', { hasText: name }) });

/** Scrolls the settings (their own scroll box) so `selector` sits near the top, for the screenshot. */
async function scrollSettingsTo(selector: string) {
  await page.locator('.settings-body').evaluate((box, sel) => {
    const el = document.querySelector(sel);
    if (el) box.scrollTop += el.getBoundingClientRect().top - box.getBoundingClientRect().top - 60;
  }, selector);
}

async function answerDone(timeout = 60_000) {
  await page.locator('.msg-assistant').last().waitFor({ timeout });
  await page.waitForFunction(() => !document.querySelector('[aria-busy="true"].msg-assistant, .caret'), null, {
    timeout,
  });
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'lucarne-ui-models-'));
  modelsDir = join(root, 'models');
  docsDir = join(root, 'docs');
  mkdirSync(modelsDir);
  mkdirSync(docsDir);
  tinyModel(join(modelsDir, 'tiny-chat.gguf'), '--name', 'Tiny Chat', '--seed', '1');
  tinyModel(join(modelsDir, 'tiny-embed.gguf'), '--embedding', '--name', 'Tiny Embed', '--seed', '2');
  // Outside the scanned folders: the user adds it by its path.
  tinyModel(join(root, 'extra-chat.gguf'), '--name', 'Extra Chat', '--seed', '3');
  writeFileSync(join(root, 'notes.gguf'), 'Ceci est un fichier texte, pas un modèle.\n');
  for (let i = 0; i < DOCS; i++) {
    const facts = Array.from(
      { length: 12 },
      (_, k) =>
        `Point ${k} : le comité ${i} a examiné le registre ${i * 12 + k} et décidé que la salle ${k} ouvre à ${8 + (k % 4)} h.`,
    ).join('\n\n');
    writeFileSync(
      join(docsDir, `note-${String(i).padStart(3, '0')}.md`),
      `# Note ${i}\n\nLe comité ${i} s'est réuni le ${(i % 28) + 1} mars pour le budget des archives.\n\n${facts}\n`,
    );
  }

  host = await startHost({ env: { LUCARNE_LANG: 'fr-FR', LUCARNE_MODEL_DIRS: modelsDir } });
  api = await connectApi(host.origin, host.token);
  // The tiny model's vocabulary is byte-level and its context 512 tokens: one short passage and a short
  // template fit (the defaults are sized for real models, and the engine refuses a prompt that does not fit).
  await api.call('settings.set', {
    topK: 1,
    chunkTokens: 60,
    chunkOverlap: 0,
    promptTemplate: { instructions: 'Réponds en citant [n].', examples: '', format: '' },
  });
  await api.call('library.addFolder', { path: docsDir });
  // Indexed with the offline model first, as a library is before the user picks a local one.
  const deadline = Date.now() + 120_000;
  for (;;) {
    const docs = await api.call<{ items: { status: string }[] }>('library.listDocuments', {});
    const indexed = docs.items.filter((d) => d.status === 'indexed').length;
    if (indexed === DOCS) break;
    if (Date.now() > deadline) throw new Error(`${indexed} of ${DOCS} documents indexed after 2 minutes`);
    await new Promise((r) => setTimeout(r, 300));
  }
  browser = await launchChromium();
  page = await openAppPage(browser, errors);
}, 240_000);

afterAll(async () => {
  api?.close();
  await browser?.close();
  await host?.stop();
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('local models in Chromium (tiny GGUF models, real engine)', () => {
  it('lists the models found, with what their headers say', async () => {
    await page.goto(`${host.url}#/settings/model`);
    await page.getByRole('radio', { name: /Modèle local \(GGUF\)/ }).check({ force: true });
    await row('Tiny Chat').waitFor({ timeout: 30_000 });
    await row('Tiny Embed').waitFor();
    expect(await row('Tiny Chat').locator('.badge').first().textContent()).toBe('Discussion');
    expect(await row('Tiny Embed').locator('.badge').first().textContent()).toBe('Embedding');
    // What the header says: architecture, context length and vector size of the tiny model.
    const facts = await row('Tiny Embed').locator('.model-facts').textContent();
    expect(facts).toContain('llama');
    expect(facts).toContain('contexte 512');
    expect(facts).toContain('vecteurs de 64');
    // An embedding model cannot write answers: its button says so by being disabled.
    const forAnswers = row('Tiny Embed').getByRole('button', { name: /^Utiliser pour les réponses/ });
    expect(await forAnswers.isDisabled()).toBe(true);
    // Found by scanning, not added by the user: said so, and nothing to remove.
    expect(await row('Tiny Chat').locator('.model-source').textContent()).toBe('Dossier de modèles');
    expect(
      await row('Tiny Chat')
        .getByRole('button', { name: /^Retirer de la liste/ })
        .count(),
    ).toBe(0);
    await scrollSettingsTo('.model-chosen');
    await shot('list-fr');
  });

  it('re-embeds the library in the background when the embedding model changes, then switches', async () => {
    await row('Tiny Embed')
      .getByRole('button', { name: /^Utiliser pour la recherche/ })
      .click();
    await page.locator('.model-chosen', { hasText: 'Pour la recherche' }).getByText('Tiny Embed').waitFor();
    // Progress (bar and count) while it runs, then the switch; a fast machine may only show the end.
    const progress = page.locator('.reembed-callout [role="progressbar"]');
    const done = page.getByText(/Vecteurs recalculés \(\d[\d\s ]* passages\)/);
    await Promise.race([progress.waitFor({ timeout: 60_000 }), done.waitFor({ timeout: 60_000 })]);
    if (await progress.isVisible()) {
      expect(await page.locator('.reembed-figures').textContent()).toMatch(/\d+ \/ \d[\d\s ]* passages/);
      // Straight away (no settling delay): on a fast machine the work is over in a moment.
      await page.screenshot({ path: screenshotPath('local-models-reembed-running') });
    }
    await done.waitFor({ timeout: 120_000 });
    expect(await page.locator('.reembed-line').count()).toBe(0);
    await scrollSettingsTo('.reembed-callout');
    await shot('reembed-done');
  });

  it('chooses the chat model for answers and tests both models', async () => {
    await row('Tiny Chat')
      .getByRole('button', { name: /^Utiliser pour les réponses/ })
      .click();
    await page.locator('.model-chosen', { hasText: 'Pour les réponses' }).getByText('Tiny Chat').waitFor();
    await page.getByRole('button', { name: 'Tester', exact: true }).click();
    const steps = page.getByRole('list', { name: 'Résultats du test' });
    await steps.waitFor({ timeout: 60_000 });
    expect(await steps.locator('li.is-ok').count()).toBe(2);
    expect(await steps.textContent()).toContain('Vecteur de 64 dimensions');
    await scrollSettingsTo('.model-test');
    await shot('test-fr');
  });

  it('adds a model by its path and refuses a file that is not a model, in plain words', async () => {
    const field = page.getByLabel('Ajouter un fichier GGUF');
    await field.fill(join(root, 'notes.gguf'));
    await page.getByRole('button', { name: 'Ajouter', exact: true }).click();
    // Refused with the reason (the engine's words, or the UI's own for a file listed with its error code).
    await page
      .getByRole('alert')
      .filter({ hasText: /(n'a pas pu être ajouté|ne peut pas servir).*(pas un modèle GGUF|not a GGUF model)/ })
      .waitFor();
    await field.fill(join(root, 'extra-chat.gguf'));
    await page.getByRole('button', { name: 'Ajouter', exact: true }).click();
    await row('Extra Chat').waitFor({ timeout: 30_000 });
    await expect.poll(() => row('Extra Chat').locator('.model-source').textContent()).toBe('Ajouté par vous');
    await row('Extra Chat')
      .getByRole('button', { name: /^Retirer de la liste/ })
      .waitFor();
    // Another local-model setting saved afterwards keeps the added file (the whole localModels is saved).
    const idle = page.getByLabel('Libérer la mémoire après');
    await idle.fill('7');
    await idle.press('Enter');
    await page.getByRole('button', { name: 'Rechercher à nouveau' }).click();
    await expect.poll(() => page.locator('.model-list-head').getByRole('status').textContent()).toContain('3 modèles');
    await expect.poll(() => row('Extra Chat').locator('.model-source').textContent()).toBe('Ajouté par vous');
    const saved = await api.call<{ localModels: { addedModels: string[]; idleUnloadMinutes: number } }>(
      'settings.get',
      {},
    );
    expect(saved.localModels.idleUnloadMinutes).toBe(7);
    expect(saved.localModels.addedModels).toEqual([join(root, 'extra-chat.gguf')]);
    await scrollSettingsTo('.model-list');
    await shot('added-fr');
    // A dropped file: the browser keeps its path to itself, so the page asks for it.
    await page.locator('.model-drop').evaluate((el) => {
      const dt = new DataTransfer();
      dt.items.add(new File(['GGUF'], 'glisse.gguf'));
      for (const type of ['dragenter', 'dragover', 'drop'])
        el.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
    });
    await page.getByText(/saisissez le chemin complet de « glisse\.gguf »/).waitFor();
    // The drop stayed here: the library page (where dropped folders go) was not opened.
    expect(page.url()).toContain('#/settings');
    await scrollSettingsTo('.model-add');
    await shot('dropped-fr');
  });

  it('answers with the local model, streamed, and stops an answer on request', async () => {
    await page.getByRole('link', { name: /Discussion/ }).click();
    const box = page.getByRole('textbox', { name: 'Votre question' });
    await box.fill('Quel est le code de la salle 3 ?');
    await box.press('Enter');
    await page.locator('.msg-user', { hasText: 'salle 3' }).waitFor();
    await answerDone(120_000);
    const first = page.locator('.msg-assistant').last();
    await shot('chat-answer');
    expect(await first.locator('.answer-text').count(), (await first.textContent()) ?? '').toBe(1);
    expect(((await first.locator('.answer-text').textContent()) ?? '').trim().length).toBeGreaterThan(0);
    await shot('chat-answer');

    await box.fill('Quand le comité 5 s’est-il réuni ?');
    await box.press('Enter');
    const stop = page.getByRole('button', { name: 'Arrêter la réponse' });
    await stop.click({ timeout: 30_000 });
    await answerDone();
    await page.locator('.msg-assistant').last().getByText('Réponse interrompue.').waitFor();
    await shot('chat-stopped');
    expect(errors).toEqual([]);
  });
});
