// The two server kinds as a French-speaking user meets them (Chromium, real engine through the browser host):
// an Ollama and an OpenAI-compatible server on this machine, played by the project's fakes that speak the real
// protocols (model lists, embeddings, streamed answers that cite their passage). In Réglages the user picks
// the kind, types the server's address, chooses its models from the lists the server gives, and the library
// is re-embedded in the background; in Discussion the answer streams with its citation. A server that stops
// answering is said so under its address; in local-only mode an address off this machine is refused before
// anything is sent. Screenshots: test-results/screenshots/server-models-*.png.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeOllama, startFakeOllama } from '../../test-support/fake-ollama/server';
import { type FakeOpenAI, startFakeOpenAI } from '../../test-support/fake-openai/server';
import { connectApi, type HostApi } from '../reliability/test-support/host-api';
import { launchChromium, openAppPage, type RunningHost, screenshotApp, startHost } from '../test-support/harness';

const DOCS = 12;
let root: string;
let host: RunningHost;
let api: HostApi;
let browser: Browser;
let page: Page;
let ollama: FakeOllama;
let openai: FakeOpenAI;
const errors: string[] = [];

const shot = (name: string) => screenshotApp(page, `server-models-${name}`);

/** The model search uses after the last re-embed (its target, once done). */
async function searchModel(): Promise<string | undefined> {
  const s = await api.call<{ state: string; targetId: string; activeId: string } | null>('library.reembedStatus', {});
  return s?.state === 'done' ? s.targetId : s?.activeId;
}

/** Picks a server kind, types its address, and chooses its chat and embedding models from the server's lists. */
async function chooseServer(kind: RegExp, url: string, chat: string, embed: string) {
  await page.goto(`${host.url}#/settings/model`);
  await page.getByRole('radio', { name: kind }).check({ force: true });
  const address = page.getByLabel('Adresse du serveur');
  await address.fill(url);
  await address.press('Enter');
  const chatPicker = page.getByLabel('Modèle pour les réponses');
  const embedPicker = page.getByLabel('Modèle pour la recherche');
  // The lists come from the server itself.
  await expect
    .poll(() => chatPicker.locator('option').allTextContents(), { timeout: 20_000 })
    .toContainEqual(expect.stringContaining(chat));
  await chatPicker.selectOption(chat);
  await embedPicker.selectOption(embed);
}

async function askAndSeeCitation(question: string) {
  await page.getByRole('link', { name: /Discussion/ }).click();
  const box = page.getByRole('textbox', { name: 'Votre question' });
  await box.fill(question);
  await box.press('Enter');
  const answer = page.locator('.msg-assistant').last();
  await answer.locator('.cite-chip').first().waitFor({ timeout: 60_000 });
  await page.waitForFunction(() => !document.querySelector('.caret'), null, { timeout: 60_000 });
  expect(((await answer.locator('.answer-text').textContent()) ?? '').length).toBeGreaterThan(10);
  // Cited, so no warning under it.
  expect(await answer.locator('.msg-note-warn').count()).toBe(0);
  return answer;
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'lucarne-ui-servers-'));
  const docs = join(root, 'docs');
  mkdirSync(docs);
  for (let i = 0; i < DOCS; i++) {
    writeFileSync(
      join(docs, `compte-rendu-${i}.md`),
      `# Compte rendu ${i}\n\nLe conseil ${i} a voté un budget de ${(i + 1) * 10} 000 euros pour la médiathèque.\n`,
    );
  }
  ollama = await startFakeOllama({ wordsPerChunk: 2 });
  openai = await startFakeOpenAI({ wordsPerChunk: 2 });
  host = await startHost({ env: { LUCARNE_LANG: 'fr-FR' } });
  api = await connectApi(host.origin, host.token);
  await api.call('library.addFolder', { path: docs });
  const deadline = Date.now() + 60_000;
  for (;;) {
    const list = await api.call<{ items: { status: string }[] }>('library.listDocuments', {});
    if (list.items.filter((d) => d.status === 'indexed').length === DOCS) break;
    if (Date.now() > deadline) throw new Error('the documents were not indexed within a minute');
    await new Promise((r) => setTimeout(r, 250));
  }
  browser = await launchChromium();
  page = await openAppPage(browser, errors);
}, 180_000);

afterAll(async () => {
  api?.close();
  await browser?.close();
  await host?.stop();
  await ollama?.close();
  await openai?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('Ollama and OpenAI-compatible servers in Chromium (protocol fakes, real engine)', () => {
  it('Ollama: models from the server, background re-embed, a streamed answer with its citation', async () => {
    await chooseServer(/^Ollama/, ollama.url, 'llama3.2:latest', 'nomic-embed-text:latest');
    // The library is re-embedded with the server's model, then search switches to it.
    await expect.poll(searchModel, { timeout: 60_000 }).toMatch(/^ollama:nomic-embed-text:latest/);
    await page.getByText(/Vecteurs recalculés \(\d[\d\s ]* passages\)/).waitFor({ timeout: 60_000 });
    await shot('ollama-settings');
    await askAndSeeCitation('Quel budget le conseil 3 a-t-il voté ?');
    expect(ollama.requests.some((r) => r.kind === 'chat')).toBe(true);
    await shot('ollama-answer');
  });

  it('Ollama stopped: said under its address, and the library keeps searching', async () => {
    await ollama.down();
    await page.goto(`${host.url}#/settings/model`);
    await page.reload();
    await page
      .getByRole('alert')
      .filter({ hasText: /Ollama ne répond pas/ })
      .waitFor({ timeout: 20_000 });
    await shot('ollama-down');
    const hits = await api.call<unknown[]>('search.query', { query: 'budget médiathèque', k: 3, mode: 'bm25' });
    expect(hits.length).toBeGreaterThan(0);
    await ollama.up();
  });

  it('OpenAI-compatible: the same flow against its protocol', async () => {
    await chooseServer(
      /^Serveur compatible OpenAI/,
      openai.url,
      'qwen2.5-7b-instruct',
      'text-embedding-bge-small-en-v1.5',
    );
    await expect.poll(searchModel, { timeout: 60_000 }).toMatch(/^openai-compatible:text-embedding-bge-small-en-v1\.5/);
    await askAndSeeCitation('Quel budget le conseil 5 a-t-il voté ?');
    expect(openai.requests.some((r) => r.kind === 'chat')).toBe(true);
    await shot('openai-answer');
  });

  it('local-only: an address off this machine is refused before anything is sent', async () => {
    await api.call('settings.set', { localOnly: true });
    await page.goto(`${host.url}#/settings/model`);
    await page.reload();
    // The page lists the (loopback) server's models first.
    await expect
      .poll(() => page.getByLabel('Modèle pour les réponses').locator('option').allTextContents(), { timeout: 20_000 })
      .toContainEqual(expect.stringContaining('qwen2.5-7b-instruct'));
    const address = page.getByLabel('Adresse du serveur');
    await address.fill('http://192.0.2.10:1234/v1');
    await address.press('Enter');
    // Said under the address by the page, and by the engine where the re-embed would have shown.
    await page
      .getByRole('alert')
      .filter({ hasText: /192\.0\.2\.10:1234\/v1 n'est pas sur cet ordinateur/ })
      .waitFor();
    // The engine's refusal, in the page's language (its own English words follow as detail).
    await page.getByRole('alert').filter({ hasText: 'Le mode local uniquement interdit ce modèle' }).waitFor();
    await shot('local-only-refused');
    // The engine refused it too, before connecting (the traffic itself is watched in local-only.e2e.ts), and
    // search stays with the model it had; the loopback server may still be used meanwhile.
    const status = await api.call<{ state: string; error?: string; activeId: string }>('library.reembedStatus', {});
    expect(status).toMatchObject({
      state: 'failed',
      errorCode: 'local-only',
      activeId: expect.stringMatching(/^openai-compatible:/),
    });
    expect(status.error).toMatch(/Local-only mode: http:\/\/192\.0\.2\.10:1234\/v1 is not on this machine/);
    expect(errors).toEqual([]);
  });
});
