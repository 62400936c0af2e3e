import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { porterStem } from './porter';
import { contentTerms, foldText } from './terms';

// Words from Porter's paper and everyday text; the reference is SQLite's own porter tokenizer, which is
// what the keyword index applies, so the two must agree for passage evidence to match what BM25 matched.
const WORDS =
  'caresses ponies ties caress cats feed agreed plastered bled motoring sing conflated troubled sized hopping tanned falling hissing fizzed failing filing happy sky relational conditional rational valenci hesitanci digitizer conformabli radicalli differentli vileli analogousli vietnamization predication operator feudalism decisiveness hopefulness callousness formaliti sensitiviti sensibiliti triplicate formative formalize electriciti electrical hopeful goodness revival allowance inference airliner gyroscopic adjustable defensible irritant replacement adjustment dependent adoption homologou communism activate angulariti homologous effective bowdlerize probate rate cease controll roll generalizations oscillators documents resume invoices running runs ran easily fairly agreement meetings university universal organization organizing analysis analyses studies studying cancer tumours tumors diabetes insulin mice mouse proteins expression expressed regulates regulation'.split(
    ' ',
  );

function sqliteStems(words: string[]): string[] {
  const db = new Database(':memory:');
  db.exec(`CREATE VIRTUAL TABLE t USING fts5(w, tokenize='porter ascii');
           CREATE VIRTUAL TABLE v USING fts5vocab(t, 'instance');`);
  const insert = db.prepare('INSERT INTO t(rowid, w) VALUES (?, ?)');
  words.forEach((w, i) => {
    insert.run(i + 1, w);
  });
  const rows = db.prepare('SELECT doc, term FROM v ORDER BY doc').all() as { doc: number; term: string }[];
  db.close();
  const byDoc = new Map(rows.map((r) => [r.doc, r.term]));
  return words.map((_, i) => byDoc.get(i + 1) ?? '');
}

describe('porterStem', () => {
  it('agrees with SQLite FTS5 porter on every word of the list', () => {
    const expected = sqliteStems(WORDS);
    const actual = WORDS.map(porterStem);
    const mismatches = WORDS.map((w, i) => [w, actual[i], expected[i]]).filter(([, a, e]) => a !== e);
    expect(mismatches).toEqual([]);
  });

  it('leaves short and non-ASCII words alone', () => {
    expect(porterStem('is')).toBe('is');
    expect(porterStem('v2')).toBe('v2');
  });
});

describe('terms', () => {
  it('folds accents and case so résumé and RESUME are the same term', () => {
    expect(foldText('Résumé')).toBe('resume');
    expect(contentTerms('Résumés of the RESUME')).toEqual(contentTerms('resume resumes'));
  });

  it('drops English and French stopwords', () => {
    expect(contentTerms('What is the price of the contrat pour les clients?')).toEqual(['price', 'contrat', 'client']);
  });
});
