// Each embedding family's query/document prefixes, recognised from model names, Ollama tags and file names.
import { describe, expect, it } from 'vitest';
import { knownEmbeddingFamilies, prefixesFor } from './prefixes';

const BGE = 'Represent this sentence for searching relevant passages: ';

describe('prefixesFor', () => {
  it.each([
    ['nomic-embed-text-v1.5.Q8_0.gguf', 'nomic-embed-text', 'search_query: ', 'search_document: '],
    ['nomic-embed-text:latest', 'nomic-embed-text', 'search_query: ', 'search_document: '],
    ['multilingual-e5-small-q8_0.gguf', 'multilingual-e5', 'query: ', 'passage: '],
    ['intfloat_e5-small-v2', 'e5', 'query: ', 'passage: '],
    ['bge-small-en-v1.5-q8_0.gguf', 'bge-en', BGE, ''],
    ['BGE-Base-EN-v1.5', 'bge-en', BGE, ''],
    ['mxbai-embed-large:335m', 'mxbai-embed-large', BGE, ''],
    ['snowflake-arctic-embed-m', 'snowflake-arctic-embed', BGE, ''],
    ['gte-small', 'gte', '', ''],
    ['all-MiniLM-L6-v2', 'all-minilm', '', ''],
  ])('%s → %s', (name, family, query, document) => {
    expect(prefixesFor(name)).toEqual({ family, query, document });
  });

  it('Qwen3-Embedding: the instruction on queries, nothing on documents', () => {
    const p = prefixesFor('Qwen3-Embedding-0.6B-Q8_0.gguf');
    expect(p.family).toBe('qwen3-embedding');
    expect(p.query).toBe(
      'Instruct: Given a web search query, retrieve relevant passages that answer the query\nQuery:',
    );
    expect(p.document).toBe('');
  });

  it('the instruct E5 variants take an instruction, not "query: "', () => {
    expect(prefixesFor('multilingual-e5-large-instruct-q8_0.gguf').query).toMatch(/^Instruct: /);
  });

  it('an unknown model gets no prefix and no family', () => {
    expect(prefixesFor('qwen2.5-1.5b-instruct-q4_k_m.gguf')).toEqual({ family: null, query: '', document: '' });
    expect(prefixesFor('tiny-embed')).toEqual({ family: null, query: '', document: '' });
  });

  it('accepts a family id, and lists every family', () => {
    expect(prefixesFor('bge-en').query).toBe(BGE);
    const families = knownEmbeddingFamilies().map((f) => f.family);
    expect(families).toContain('nomic-embed-text');
    expect(new Set(families).size).toBe(families.length);
  });
});
