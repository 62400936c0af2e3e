import { describe, expect, it } from 'vitest';
import { retrievalQuestion } from './run-answer';

describe('retrievalQuestion', () => {
  const history = [
    { role: 'user' as const, text: 'Quel est le préavis du bail de Lyon ?' },
    { role: 'assistant' as const, text: 'Trois mois [1].' },
  ];
  it('lets a short follow-up borrow the previous question', () => {
    expect(retrievalQuestion('Et pour Paris ?', history)).toBe('Quel est le préavis du bail de Lyon ? Et pour Paris ?');
  });
  it('keeps a self-contained question as it is', () => {
    const q = 'Quel est le montant du dépôt de garantie prévu dans le contrat de bail ?';
    expect(retrievalQuestion(q, history)).toBe(q);
  });
  it('keeps the first question of a conversation as it is', () => {
    expect(retrievalQuestion('Et pour Paris ?', [])).toBe('Et pour Paris ?');
  });
});
