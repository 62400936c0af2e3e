// Summary and key-dates questions through the real offline path: a real store, FAISS index and offline
// word vectors, hybrid search, the prompt builder and the extractive generator. Before these answers
// existed, every question here came back "not found".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OfflineEmbedder } from '../embed/offline';
import { squashSpaces } from '../search/sentences';
import { createTestLibrary, type TestLibrary } from '../search/test-support/test-library';
import { countTokens } from '../tokens/index';
import { type AnswerResult, answerQuestion } from './answer';
import { dateOrder, findDates } from './dates';
import { EXTRACTIVE_PHRASES, ExtractiveGenerator } from './extractive';
import { DEFAULT_TEMPLATE } from './prompt';

const LUMIERE = [
  `Projet Lumière : rénovation énergétique de l'école Jules Ferry. Ce document présente le projet, son budget et son calendrier.
La commune de Saint-Aubin engage la rénovation complète de l'école primaire Jules Ferry, construite en 1962.
Le bâtiment consomme aujourd'hui trois fois plus d'énergie que la moyenne des écoles de la région.
Le projet vise à réduire de moitié la consommation d'énergie de l'école tout en améliorant le confort des élèves.`,
  `Objectifs du projet
La rénovation porte sur l'isolation des murs et de la toiture, le remplacement des fenêtres et de la chaudière au fioul.
Une pompe à chaleur remplacera l'ancienne chaudière, et des panneaux solaires couvriront une partie de la toiture.
La réduction de la consommation d'énergie de l'école doit atteindre cinquante pour cent dès la première année.
Le confort d'été des élèves sera amélioré par des protections solaires sur les façades exposées au sud.`,
  `Budget et financement
Le budget total du projet s'élève à 2,4 millions d'euros hors taxes.
L'État finance quarante pour cent du projet au titre de la dotation de soutien à l'investissement local.
La région apporte vingt pour cent et la commune finance le reste sur ses fonds propres et par un emprunt.
Les économies d'énergie attendues rembourseront la part communale en une vingtaine d'années.`,
  `Calendrier
Le conseil municipal a approuvé le projet le 12 mars 2024.
L'appel d'offres a été publié le 2 mai 2024 et les entreprises ont été retenues en juillet 2024.
Les travaux de la toiture commencent pendant les vacances d'été, le 8 juillet 2025.
La réception des travaux est prévue fin 2025, et la première rentrée dans l'école rénovée aura lieu en janvier 2026.`,
  `Suivi et évaluation
Un bureau d'études mesurera la consommation d'énergie de l'école pendant les deux années qui suivent les travaux.
Les résultats seront présentés chaque année au conseil municipal et aux parents d'élèves.
Si la consommation d'énergie ne baisse pas comme prévu, les entreprises devront corriger les défauts constatés.
Le projet Lumière pourra ensuite servir de modèle pour la rénovation des autres bâtiments de la commune.`,
];

const REPORT = [
  `Northwind Annual Report 2023. Northwind is a cooperative that roasts and sells fair-trade coffee in twelve cities.
In 2023 the cooperative opened four new cafés and its revenue grew by eighteen percent.
The board believes that the growth of the cooperative comes from its loyal customers and its fair prices to farmers.`,
  `Farmers and sourcing
The cooperative buys its coffee directly from farmers in Peru, Ethiopia and Honduras.
Fair prices to farmers remain the first commitment of the cooperative, above the growth of its revenue.
In 2023 the cooperative paid farmers thirty percent more than the market price on average.`,
  `Outlook
The board expects revenue to grow more slowly in 2024, as the cooperative invests in a new roasting plant.
The new roasting plant will open in the first half of 2025 and will double the roasting capacity of the cooperative.`,
];

let lib: TestLibrary;
const embedder = new OfflineEmbedder();

beforeAll(async () => {
  lib = await createTestLibrary(embedder, [
    { path: 'projet-lumiere.pdf', kind: 'pdf', text: LUMIERE },
    { path: 'northwind-annual-report-2023.pdf', kind: 'pdf', text: REPORT },
    { path: 'recipes.md', kind: 'markdown', text: 'Bread needs flour, water, salt and a long rest before baking.' },
  ]);
});
afterAll(async () => {
  await lib?.close();
});

async function ask(question: string, topK = 1): Promise<AnswerResult> {
  return answerQuestion(
    {
      store: lib.store,
      vectors: lib.vectors,
      embedder,
      countTokens,
      makeGenerator: () => new ExtractiveGenerator({ embedder }),
    },
    {
      question,
      history: [],
      provider: 'offline',
      settings: { topK, promptTemplate: DEFAULT_TEMPLATE, localOnly: true },
    },
  );
}

/** "- text [n]" lines of an answer. */
function lines(text: string): { body: string; n: number }[] {
  return text
    .split('\n')
    .filter((l) => l.startsWith('- '))
    .map((l) => {
      const m = /^- (.*) \[(\d+)\]$/.exec(l);
      if (!m) throw new Error(`unexpected line: ${l}`);
      return { body: m[1], n: Number(m[2]) };
    });
}

/** The cited chunk's text, squashed, read back from the store (not from the answer's own bookkeeping). */
function citedText(result: AnswerResult, n: number): { text: string; path: string } {
  const citation = result.citations.find((c) => c.n === n);
  if (!citation) throw new Error(`[${n}] is not a citation`);
  const [chunk] = lib.store.getChunks([citation.chunkId]);
  return { text: squashSpaces(chunk.text), path: chunk.path };
}

describe('summary questions (offline)', () => {
  it('"Résume le document X" quotes central sentences of X verbatim, cited, in reading order', async () => {
    const result = await ask('Résume le document projet-lumiere');
    expect(result.finishReason).toBe('stop');
    expect(result.text.startsWith('Résumé de projet-lumiere.pdf :')).toBe(true);
    const body = lines(result.text);
    expect(body.length).toBeGreaterThanOrEqual(3);
    const positions: number[] = [];
    for (const { body: sentence, n } of body) {
      const source = citedText(result, n);
      expect(source.path).toMatch(/projet-lumiere\.pdf$/);
      expect(source.text).toContain(sentence);
      const fullText = squashSpaces(LUMIERE.join(' '));
      positions.push(fullText.indexOf(sentence));
    }
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    // topK is 1: the summary read the document's other chunks, not only the one search ranked first.
    expect(result.report.usedChunkIds.length).toBeGreaterThan(1);
    expect(new Set(result.citations.map((c) => c.chunkId)).size).toBeGreaterThan(1);
    // The document's central theme is in the summary.
    expect(body.some((l) => /consommation d'énergie/.test(l.body))).toBe(true);
  });

  it('frames an English summary in English, without repeating a sentence', async () => {
    const result = await ask('Summarize the Northwind annual report');
    expect(result.text.startsWith('Summary of northwind-annual-report-2023.pdf:')).toBe(true);
    const body = lines(result.text);
    expect(body.length).toBeGreaterThanOrEqual(2);
    expect(new Set(body.map((l) => l.body)).size).toBe(body.length);
    for (const { body: sentence, n } of body) expect(citedText(result, n).text).toContain(sentence);
  });

  it('says "not found" when the document the question names is not in the library', async () => {
    const result = await ask('Résume le document sur la physique quantique');
    expect(result.text).toBe(EXTRACTIVE_PHRASES.fr.notFound);
    expect(result.finishReason).toBe('not-found');
  });
});

describe('key-dates questions (offline)', () => {
  it('"Quelles sont les dates importantes ?" lists dated sentences in time order, verbatim and cited', async () => {
    const result = await ask('Quelles sont les dates importantes du projet Lumière ?', 2);
    expect(result.finishReason).toBe('stop');
    expect(result.text.startsWith('Dates clés de projet-lumiere.pdf :')).toBe(true);
    const body = lines(result.text);
    expect(body.length).toBeGreaterThanOrEqual(5);
    const order: number[] = [];
    for (const { body: line, n } of body) {
      const [date, sentence] = line.split(' — ');
      expect(sentence).toContain(date);
      expect(citedText(result, n).text).toContain(sentence);
      const [parsed] = findDates(date, 'fr');
      order.push(dateOrder(parsed));
    }
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    const dates = body.map((l) => l.body.split(' — ')[0]);
    expect(dates).toEqual(expect.arrayContaining(['12 mars 2024', '2 mai 2024', '8 juillet 2025', 'fin 2025']));
    expect(new Set(dates).size).toBe(dates.length);
    // The section heading above a sentence ("Calendrier") is not quoted as part of it.
    expect(body.find((l) => l.body.startsWith('12 mars 2024'))?.body).toBe(
      '12 mars 2024 — Le conseil municipal a approuvé le projet le 12 mars 2024.',
    );
    // A sentence with two dates is listed once, and never as the tail an overlapping chunk starts with.
    expect(body.filter((l) => l.body.includes('aura lieu en janvier 2026')).length).toBe(1);
    expect(body.every((l) => /^\p{Lu}/u.test(l.body.split(' — ')[1]))).toBe(true);
  });

  it('answers the welcome screen question with no document named', async () => {
    const result = await ask('Quelles sont les dates importantes mentionnées ?', 4);
    expect(result.finishReason).toBe('stop');
    const body = lines(result.text);
    expect(body.length).toBeGreaterThan(0);
    for (const { body: line, n } of body) expect(citedText(result, n).text).toContain(line.split(' — ')[1]);
  });
});

describe('other questions', () => {
  it('still get "not found" when nothing answers them', async () => {
    const result = await ask('What is the capital city of Mongolia?', 4);
    expect(result.text).toBe(EXTRACTIVE_PHRASES.en.notFound);
  });
});
