// The wording and order of candidate starter questions, and what counts as an answer to one.
import { describe, expect, it } from 'vitest';
import type { AnswerResult } from '../answer/answer';
import { EXTRACTIVE_PHRASES } from '../answer/extractive';
import { type StarterCandidate, starterCandidates } from './starter-candidates';
import { answers } from './starter-check';
import { starterText } from './starter-phrases';
import type { LibrarySubjects } from './starter-sources';

const subjects: LibrarySubjects = {
  documents: [
    {
      documentId: 1,
      title: 'Rapport annuel 2022',
      headings: ['Ressources humaines'],
      rowLabels: ['Chiffre d’affaires'],
    },
    { documentId: 2, title: 'tracemonkey', headings: ['Trace Trees', 'Evaluation'], rowLabels: [] },
  ],
  names: ['Azure', 'Intelligent Cloud'],
  fingerprint: '',
};

describe('starter questions', () => {
  it('are worded in French, with elision and quoted titles', () => {
    expect(starterText('summary', 'fr', { title: 'Rapport annuel 2022' })).toBe('Résume « Rapport annuel 2022 »');
    expect(starterText('topic', 'fr', { topic: 'Azure' })).toBe("Qu'en est-il d'Azure ?");
    expect(starterText('topic', 'fr', { topic: 'Trace Trees' })).toBe("Qu'en est-il de Trace Trees ?");
    expect(starterText('value', 'fr', { title: 'R', topic: 'Net income' })).toBe(
      'Quel est le montant de net income dans « R » ?',
    );
  });

  it('are worded in English, keeping acronyms and names', () => {
    expect(starterText('dates', 'en', { title: 'Lease' })).toBe('What are the key dates in “Lease”?');
    expect(starterText('value', 'en', { topic: 'EBITDA margin' })).toBe('What is the EBITDA margin?');
    expect(starterText('document-topic', 'en', { title: 'T', topic: 'Trace Trees' })).toBe(
      'What does “T” say about Trace Trees?',
    );
    expect(starterText('summary', 'en', { topic: 'x' })).toBeNull();
  });

  it('take turns between shapes, most recent document first', () => {
    const c = starterCandidates(subjects, 'en');
    expect(c.slice(0, 5).map((x) => x.kind)).toEqual(['summary', 'value', 'dates', 'document-topic', 'topic']);
    expect(c[0]).toEqual({ text: 'Summarise “Rapport annuel 2022”', kind: 'summary', documentId: 1, topic: null });
    expect(c.filter((x) => x.kind === 'topic').map((x) => x.text)).toEqual([
      'What about Ressources humaines?',
      'What about Trace Trees?',
      'What about Evaluation?',
      'What about Azure?',
      'What about Intelligent Cloud?',
    ]);
  });
});

const candidate = (kind: StarterCandidate['kind'], documentId: number | null = 7): StarterCandidate => ({
  text: 'q',
  kind,
  documentId,
  topic: null,
});

function result(text: string, citedDocs: number[], finishReason = 'stop'): AnswerResult {
  return {
    text,
    citations: citedDocs.map((documentId, i) => ({
      n: i + 1,
      chunkId: i,
      documentId,
      path: 'p',
      pageStart: null,
      pageEnd: null,
      pageLabel: null,
      charStart: 0,
      charEnd: 1,
      quote: '',
    })),
    invalid: [],
    uncited: false,
    hits: [],
    report: { sections: [], totalTokens: 0, budgetTokens: 0, usedChunkIds: [], droppedChunkIds: [] },
    provider: 'extractive-v1',
    language: 'en',
    finishReason,
    stopped: false,
  };
}

describe('answers()', () => {
  it('refuses "not found", an uncited answer and an answer from another document', () => {
    expect(answers(candidate('summary'), result(EXTRACTIVE_PHRASES.fr.notFound, [], 'not-found'), false)).toBe(false);
    expect(answers(candidate('summary'), result(`${EXTRACTIVE_PHRASES.en.notFound} [1]`, [7]), false)).toBe(false);
    expect(
      answers(candidate('summary'), result('From your documents:\n- The lease ends next spring. [1]', []), false),
    ).toBe(false);
    expect(answers(candidate('document-topic'), result('- The lease ends next spring. [1]', [8]), false)).toBe(false);
    expect(answers(candidate('document-topic'), result('- The lease ends next spring. [1]', [8, 7]), false)).toBe(true);
    expect(answers(candidate('topic', null), result('- The lease ends next spring. [1]', [8]), false)).toBe(true);
  });

  it('wants a figure for a value and a date for dates; a citation marker is neither', () => {
    expect(answers(candidate('value'), result('- Research costs are expensed. [1]', [7]), false)).toBe(false);
    expect(answers(candidate('value'), result('- Research and development: $7,442 million [1]', [7]), false)).toBe(
      true,
    );
    expect(answers(candidate('dates'), result('- The lease starts soon. [1]', [7]), false)).toBe(false);
    expect(answers(candidate('dates'), result('- The lease starts on 1 March 2024. [1]', [7]), false)).toBe(true);
  });

  it('refuses an answer that only quotes the question back', () => {
    const c = { ...candidate('document-topic'), text: 'Que dit « tracemonkey » sur Nested Trace Tree Formation ?' };
    const echo = `${EXTRACTIVE_PHRASES.fr.intro}\n\n- Nested Trace Tree Formation [1]`;
    expect(answers(c, result(echo, [7]), false)).toBe(false);
    const said = `${EXTRACTIVE_PHRASES.fr.intro}\n\n- Nested trees are formed when an inner loop exits to the outer loop. [1]`;
    expect(answers(c, result(said, [7]), false)).toBe(true);
  });

  it('wants more than a heading for a summary', () => {
    const heading = `${EXTRACTIVE_PHRASES.fr.intro}\n\n- Budget du chantier de la médiathèque [1]`;
    expect(answers(candidate('summary'), result(heading, [7]), false)).toBe(false);
    const two = `${EXTRACTIVE_PHRASES.fr.intro}\n\n- Le conseil municipal a voté le budget du chantier. [1]\n- Les travaux de gros œuvre durent quatorze mois. [2]`;
    expect(answers(candidate('summary'), result(two, [7, 7]), false)).toBe(true);
  });

  it('with a model, judges retrieval only: the named document reached the prompt', () => {
    expect(answers(candidate('value'), result('[1] [2]', [7, 8]), true)).toBe(true);
    expect(answers(candidate('value'), result('[1]', [8]), true)).toBe(false);
  });
});
