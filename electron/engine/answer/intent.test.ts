import { describe, expect, it } from 'vitest';
import { detectIntent, intentRetrievalQuery } from './intent';

describe('detectIntent', () => {
  it.each([
    'Résume le document sur la fusion',
    'Résumé du rapport annuel',
    'Peux-tu résumer ce contrat ?',
    'Resume le contrat de bail',
    'Fais une synthèse du rapport',
    'Quels sont les points clés du rapport 2019 ?',
    'Résume les points clés de mes documents',
    'De quoi parle le document budget.pdf ?',
    "Donne-moi une vue d'ensemble du projet",
    'Summarize the annual report',
    'Give me a summary of the lease',
    'What are the key points of the 2023 report?',
    'What is the tracemonkey paper about?',
    'Overview of the project plan',
    'Give me an overview of the lease',
    'Donne un aperçu du rapport',
  ])('reads "%s" as a summary request', (q) => {
    expect(detectIntent(q).kind).toBe('summary');
  });

  it.each([
    'Quelles sont les dates importantes ?',
    'Quelles sont les dates importantes mentionnées ?',
    'Quelles sont les dates clés du contrat ?',
    'Quelles sont les échéances du projet ?',
    'Donne-moi le calendrier des travaux',
    'Which important dates are mentioned?',
    'What are the key dates in the lease?',
    'List the deadlines of the project',
    'Show the timeline of the merger',
  ])('reads "%s" as a key-dates request', (q) => {
    expect(detectIntent(q).kind).toBe('dates');
  });

  it.each([
    'How long is the dishwasher warranty?',
    // One date is a value question, not a list of key dates.
    'When does the warranty end?',
    'Quand expire la garantie ?',
    'Quelle est la date de livraison ?',
    // Unaccented "resume" in English is a CV.
    'What does my resume say about Python?',
    'What did the report say about revenue growth in Europe?',
    'Combien coûte le projet ?',
    // "Overview" naming a section of the document is content, not a request for one.
    'How does the discussion on market risk align with the risk factors outlined in the business overview?',
  ])('leaves "%s" to the ordinary answer', (q) => {
    expect(detectIntent(q).kind).toBeNull();
  });

  it('keeps what the question names as the topic, without the intent wording', () => {
    expect(detectIntent('Résume le document 2023 Q3 AAPL').topic).toBe('2023 q3 aapl');
    expect(detectIntent('Summarize the annual report, please').topic).toBe('the annual report');
    expect(detectIntent('What is the tracemonkey paper about?').topic).toBe('the tracemonkey paper');
    expect(detectIntent('Quelles sont les dates importantes du contrat de bail ?').topic).toBe('du contrat de bail');
    expect(detectIntent('Quelles sont les dates importantes mentionnées ?').topic).toBe('');
    expect(detectIntent('Résume les points clés de mes documents').topic).toBe('de');
  });

  it('retrieves the topic when there is one, else the question itself', () => {
    expect(intentRetrievalQuery('Résume le document 2023 Q3 AAPL')).toBe('2023 q3 aapl');
    expect(intentRetrievalQuery('Quelles sont les dates importantes ?')).toBe('Quelles sont les dates importantes ?');
    expect(intentRetrievalQuery('How long is the warranty?')).toBe('How long is the warranty?');
  });
});
