import { describe, expect, it } from 'vitest';
import { detectLanguage } from './language';
import { withoutAnswerTypeWords } from './question';

describe('detectLanguage', () => {
  it('recognises French and English questions', () => {
    expect(detectLanguage('Quelle est la durée de la garantie ?')).toBe('fr');
    expect(detectLanguage("Qu'est-ce que le contrat prévoit pour les congés ?")).toBe('fr');
    expect(detectLanguage('How long is the warranty of the dishwasher?')).toBe('en');
    expect(detectLanguage('What does the contract say about holidays?')).toBe('en');
  });

  it('falls back when there is nothing to go on, and lets accents tip a tie towards French', () => {
    expect(detectLanguage('ERR-4821', 'fr')).toBe('fr');
    expect(detectLanguage('ERR-4821')).toBe('en');
    expect(detectLanguage('Résumé ?')).toBe('fr');
  });
});

describe('withoutAnswerTypeWords', () => {
  it('drops the word that only names the kind of answer', () => {
    expect(withoutAnswerTypeWords('How long is the warranty?')).toBe('How is the warranty?');
    expect(withoutAnswerTypeWords('how many invoices are late')).toBe('how invoices are late');
    expect(withoutAnswerTypeWords('A long rest')).toBe('A long rest');
    expect(withoutAnswerTypeWords('How long does the warranty last?')).toBe('How does the warranty ?');
    expect(withoutAnswerTypeWords('Combien de temps dure la garantie ?')).toBe('Combien la garantie ?');
    expect(withoutAnswerTypeWords('Do I need to register the dishwasher?')).toBe('Do I register the dishwasher?');
    // Outside a duration question, "takes" is content.
    expect(withoutAnswerTypeWords('Who takes the minutes?')).toBe('Who takes the minutes?');
  });
});
