// Starter questions on a real library (a real PDF, a French note with a table), checked on the real
// offline answer path: every suggestion, asked, gets a cited answer. Then the service's contract: cheap
// when nothing changed, kept across restarts, recomputed after a change, bounded, cancellable, and no
// model spent when a model answers.
import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedFixture } from '../../../test-support/fixture-paths';
import { ExtractiveGenerator } from '../answer/extractive';
import { detectLanguage } from '../answer/language';
import { dispatch } from '../rpc';
import { Engine } from '../index';
import { type OpenLibrary, openLibrary } from '../library/open-library';
import { tempDir } from '../library/test-support/helpers';
import { loadSettings } from '../settings';
import { runAnswer } from './run-answer';
import { answers, makeStarterProbe, type StarterProbe } from './starter-check';
import { librarySubjects } from './starter-sources';
import { type StartersSnapshot, StarterService } from './starters';

const NOTE = `# Budget du chantier de la médiathèque

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

let data: ReturnType<typeof tempDir>;
let docs: ReturnType<typeof tempDir>;
let lib: OpenLibrary;
const secrets = { geminiKey: null, env: {} };

function offlineProbe(): StarterProbe {
  const generator = new ExtractiveGenerator({ embedder: lib.embedder });
  return makeStarterProbe({ lib, settings: loadSettings(lib.store), secrets, generatorFor: async () => generator });
}

function service(over: Partial<ConstructorParameters<typeof StarterService>[0]> = {}) {
  const updates: StartersSnapshot[] = [];
  let probes = 0;
  const s = new StarterService({
    store: () => lib.store,
    providerKey: () => 'offline',
    probe: () => {
      const probe = offlineProbe();
      return (q, signal) => {
        probes++;
        return probe(q, signal);
      };
    },
    onUpdate: (u) => updates.push(u),
    minInterval: 0,
    ...over,
  });
  return { s, updates, probes: () => probes };
}

async function indexAgain() {
  // A stopped library scans its folders again when it starts.
  await lib.library.stop();
  await lib.library.start({ watch: false });
  await lib.library.whenIdle();
}

beforeAll(async () => {
  data = tempDir('lucarne-starters-data-');
  docs = tempDir('lucarne-starters-docs-');
  cpSync(sharedFixture('docs', 'pdfjs__tracemonkey.pdf'), join(docs.path, 'tracemonkey.pdf'));
  writeFileSync(join(docs.path, 'budget-mediatheque.md'), NOTE);
  lib = await openLibrary(data.path, { library: { watch: false } });
  await lib.library.addFolder(docs.path);
  await indexAgain();
}, 120_000);

afterAll(async () => {
  await lib?.close();
  data?.cleanup();
  docs?.cleanup();
});

describe('starter questions on a real library', () => {
  let first: StartersSnapshot;

  it('are made from the library, in the language asked, and each gets a cited answer', async () => {
    const { s, updates } = service();
    expect(s.get('fr')).toEqual({ language: 'fr', questions: [], pending: true });
    await s.settled();
    expect(updates).toHaveLength(1);
    first = updates[0];
    expect(first.pending).toBe(false);
    expect(first.questions.length).toBeGreaterThanOrEqual(3);
    expect(first.questions.length).toBeLessThanOrEqual(4);
    // Made from this library: each names one of its documents, or a heading, a row label or a name in them.
    const subjects = librarySubjects(lib.store);
    const words = [
      ...subjects.documents.flatMap((d) => [d.title, ...d.headings, ...d.rowLabels]),
      ...subjects.names,
    ].map((w) => w.toLowerCase());
    for (const q of first.questions)
      expect(
        words.some((w) => q.text.toLowerCase().includes(w)),
        q.text,
      ).toBe(true);
    expect(first.questions.some((q) => /tracemonkey|trace/i.test(q.text))).toBe(true);
    expect(first.questions.some((q) => /médiathèque|budget/i.test(q.text))).toBe(true);
    for (const q of first.questions) {
      expect(detectLanguage(q.text, 'en'), q.text).toBe('fr');
      // Asked the way the chat asks it: the real retrieval and the real extractive answer.
      const result = await runAnswer(
        {
          lib,
          settings: loadSettings(lib.store),
          secrets,
          generatorFor: async () => new ExtractiveGenerator({ embedder: lib.embedder }),
          question: q.text,
          history: [],
        },
        () => {},
      );
      expect(result.finishReason, q.text).not.toBe('not-found');
      expect(result.citations.length, q.text).toBeGreaterThan(0);
      expect(answers({ ...q, topic: null }, result, false), q.text).toBe(true);
    }
  }, 60_000);

  it('costs nothing when nothing changed, even after a restart (the questions are saved)', async () => {
    const { s, updates, probes } = service();
    expect(s.get('fr')).toEqual(first);
    await s.settled();
    expect(probes()).toBe(0);
    expect(updates).toHaveLength(0);
  });

  it('shows the old questions while it checks new ones after the library changed', async () => {
    writeFileSync(
      join(docs.path, 'entretien-jardin.md'),
      '# Entretien du jardin\n\nLes rosiers du jardin partagé sont taillés en février par les bénévoles.\n',
    );
    await indexAgain();
    const { s, updates, probes } = service();
    const now = s.get('fr');
    expect(now).toEqual({ ...first, pending: true });
    await s.settled();
    expect(probes()).toBeGreaterThan(0);
    expect(updates).toHaveLength(1);
    expect(s.get('fr').pending).toBe(false);
  }, 60_000);

  it('stops when cancelled, and keeps no half-done result', async () => {
    const { s, updates } = service({ providerKey: () => 'another provider' });
    s.get('en');
    await new Promise((r) => setTimeout(r, 5));
    s.cancel();
    await s.settled();
    expect(updates).toHaveLength(0);
    expect(s.get('en').pending).toBe(true);
    s.cancel();
    await s.settled();
  });

  it('stops checking when its time is up', async () => {
    let calls = 0;
    const slow: StarterProbe = async (_q, signal) => {
      calls++;
      await new Promise((r) => setTimeout(r, 60));
      signal.throwIfAborted();
      throw new Error('never answers');
    };
    const { s, updates } = service({ providerKey: () => 'slow', probe: () => slow, budgetMs: 200 });
    s.get('en');
    await s.settled();
    expect(calls).toBeGreaterThan(0);
    expect(calls).toBeLessThanOrEqual(5);
    expect(updates).toEqual([{ language: 'en', questions: [], pending: false }]);
  });

  it('with a model, checks retrieval only and never opens the model', async () => {
    const settings = { ...loadSettings(lib.store), provider: 'gemini' as const };
    let opened = 0;
    const probe = makeStarterProbe({
      lib,
      settings,
      secrets: { geminiKey: 'test-key', env: {} },
      generatorFor: async () => {
        opened++;
        throw new Error('no model may be called');
      },
    });
    const { result, retrievalOnly } = await probe('Quel est le montant du gros œuvre ?', new AbortController().signal);
    expect(retrievalOnly).toBe(true);
    expect(opened).toBe(0);
    const doc = lib.store.listDocuments({ query: 'budget' }).items[0];
    expect(answers({ text: '', kind: 'value', documentId: doc.id, topic: null }, result, true)).toBe(true);
  });
});

describe('the chat.starters method', () => {
  it('answers at once through the contract, refuses a language it does not know, and announces the result', async () => {
    const root = tempDir('lucarne-starters-engine-');
    const engine = await Engine.open({ dataDir: root.path, env: {}, run: 'once' });
    const events: unknown[] = [];
    engine.onEvent((name, payload) => name === 'chat.starters' && events.push(payload));
    try {
      const r = await dispatch('chat.starters', { language: 'en' }, { engine: engine.handle });
      expect(r).toEqual({ ok: true, value: { language: 'en', questions: [], pending: true } });
      const bad = await dispatch('chat.starters', { language: 'de' }, { engine: engine.handle });
      expect(bad.ok).toBe(false);
      await expect.poll(() => events.length).toBe(1);
      expect(events[0]).toEqual({ language: 'en', questions: [], pending: false });
    } finally {
      await engine.close();
      root.cleanup();
    }
  });
});
