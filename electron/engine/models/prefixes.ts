// The text an embedding model expects in front of a query and of a document, per model family. Many retrieval
// models were trained with such prefixes ("search_query: ", "query: "/"passage: "…) and lose accuracy without
// them; others want none. Matched on the model's name or file name, case-insensitively; the user can edit the
// result in the settings (the lead wires that), this is only the default.
//
// Sources (model cards, checked 2026-12): nomic-embed-text (nomic-ai/nomic-embed-text-v1.5 card: "search_query: ",
// "search_document: "); E5 ("query: " / "passage: "); BAAI bge-*-en-v1.5 (query instruction "Represent this
// sentence for searching relevant passages: ", nothing on passages); mxbai-embed-large-v1 (same query prompt);
// Qwen3-Embedding (its card's get_detailed_instruct: 'Instruct: {task}\nQuery:{query}', documents bare).

export interface EmbeddingPrefixes {
  query: string;
  document: string;
  /** The family recognised, or null when the name matched none (then both prefixes are empty). */
  family: string | null;
}

interface FamilyRule {
  family: string;
  test: RegExp;
  query: string;
  document: string;
}

const RETRIEVAL_INSTRUCTION = 'Represent this sentence for searching relevant passages: ';
const WEB_SEARCH_TASK = 'Given a web search query, retrieve relevant passages that answer the query';

// First match wins, so the specific rules come before the general ones (multilingual-e5-…-instruct before e5).
const RULES: FamilyRule[] = [
  { family: 'nomic-embed-text', test: /nomic-?embed/, query: 'search_query: ', document: 'search_document: ' },
  {
    family: 'qwen3-embedding',
    test: /qwen3-?embed/,
    // The card's format has no space after "Query:" (get_detailed_instruct); kept exactly.
    query: `Instruct: ${WEB_SEARCH_TASK}\nQuery:`,
    document: '',
  },
  // multilingual-e5-large-instruct and e5-mistral-7b-instruct take an instruction on queries, not "query: ".
  {
    family: 'e5-instruct',
    test: /(^|[^a-z0-9])e5-.*instruct/,
    query: `Instruct: ${WEB_SEARCH_TASK}\nQuery: `,
    document: '',
  },
  { family: 'multilingual-e5', test: /multilingual-e5/, query: 'query: ', document: 'passage: ' },
  { family: 'e5', test: /(^|[^a-z0-9])e5-(small|base|large)/, query: 'query: ', document: 'passage: ' },
  { family: 'bge-m3', test: /bge-m3/, query: '', document: '' },
  { family: 'bge-en', test: /bge-(small|base|large)-en/, query: RETRIEVAL_INSTRUCTION, document: '' },
  { family: 'mxbai-embed-large', test: /mxbai-embed-large/, query: RETRIEVAL_INSTRUCTION, document: '' },
  // Arctic Embed 2.0 switched to the E5 convention on queries; 1.x used the BGE instruction.
  { family: 'snowflake-arctic-embed-v2', test: /arctic-embed.*v2/, query: 'query: ', document: '' },
  { family: 'snowflake-arctic-embed', test: /arctic-embed/, query: RETRIEVAL_INSTRUCTION, document: '' },
  {
    family: 'embeddinggemma',
    test: /embeddinggemma/,
    query: 'task: search result | query: ',
    document: 'title: none | text: ',
  },
  { family: 'gte', test: /(^|[^a-z0-9])gte-/, query: '', document: '' },
  { family: 'all-minilm', test: /all-minilm/, query: '', document: '' },
];

/** Lower-case, with `_`, spaces and `:` as `-`, so "Qwen3_Embedding", "qwen3-embedding:0.6b" and file names match alike. */
function normalise(name: string): string {
  return name.toLowerCase().replace(/[_\s:]+/g, '-');
}

/** The prefixes of the family `nameOrFamily` belongs to (a model name, a file name, or a family id). */
export function prefixesFor(nameOrFamily: string): EmbeddingPrefixes {
  const name = normalise(nameOrFamily);
  for (const rule of RULES) {
    if (rule.family === name || rule.test.test(name)) {
      return { query: rule.query, document: rule.document, family: rule.family };
    }
  }
  return { query: '', document: '', family: null };
}

/** Every family known here, for a settings screen that lets the user pick or edit them. */
export function knownEmbeddingFamilies(): EmbeddingPrefixes[] {
  return RULES.map((r) => ({ query: r.query, document: r.document, family: r.family }));
}
