// What starter questions are about, read from real-looking text: headings, table row labels, names.
import { describe, expect, it } from 'vitest';
import { headingTopic, namesIn, rowLabels } from './starter-topics';

describe('headingTopic', () => {
  it('drops numbering and keeps the words', () => {
    expect(headingTopic('3. Trace Trees')).toBe('Trace Trees');
    expect(headingTopic('Item 2. Management’s Discussion and Analysis')).toBe('Management’s Discussion and Analysis');
    expect(headingTopic('IV. Résultats de l’exercice :')).toBe('Résultats de l’exercice');
  });

  it('puts long capitals in sentence case', () => {
    expect(headingTopic('RISK FACTORS')).toBe('Risk factors');
  });

  it('refuses what is not a topic: table rows, numbers, generic sections, long lines', () => {
    expect(headingTopic('Treasury | $ | 5,292 | $ | (14)')).toBeNull();
    expect(headingTopic('2023 (remaining three months) 1,260 2,345')).toBeNull();
    expect(headingTopic('References')).toBeNull();
    expect(headingTopic('Table des matières')).toBeNull();
    expect(headingTopic('A heading that goes on and on well past what anyone would ever type')).toBeNull();
  });
});

describe('rowLabels', () => {
  it('finds the labels of a flattened statement, not the prose around it', () => {
    const text = [
      'Operating expenses:',
      '',
      'Research and development 7,442 6,797 Selling, general and administrative 5,973 6,012 Total operating expenses 13,415 12,809',
      '',
      'Net income $ 19,881 $ 19,442 $',
      'Operating income increased $1,234 million or 10% driven by cloud services.',
      'Three Months Ended July 1, June 25, 2023 2022',
    ].join('\n');
    expect(rowLabels(text)).toEqual([
      'Research and development',
      'Selling, general and administrative',
      'Total operating expenses',
      'Net income',
    ]);
  });

  it('reads the first cell of a row of cells', () => {
    const text = 'Poste | 2022 | 2023\nChiffre d’affaires | 1 234,5 | 1 301,2\nEffectif moyen | 12 | 14';
    expect(rowLabels(text)).toEqual(['Chiffre d’affaires']);
  });
});

describe('namesIn', () => {
  it('keeps capitalised names inside sentences, with their joining words', () => {
    const text =
      'Revenue from Intelligent Cloud grew. The service runs on Azure and the Banque de France approved it. Note 5 explains. Filed on Form 10-Q in March.';
    expect(namesIn(text)).toEqual(['Intelligent Cloud', 'Azure', 'Banque de France']);
  });

  it('ignores a capital that only opens a sentence', () => {
    expect(namesIn('Tomatoes need sun. Watering helps them.')).toEqual([]);
  });
});
