// The FTS5 tokenizer of every full-text table of the store (chunks_fts, doc_fields_fts) and of the temporary
// tables that tokenise queries the same way: porter stemming (the lever that matters for BM25 quality) over
// unicode61 with diacritics folded. Its own module so the migrations and the tables' code share it.
export const FTS_TOKENIZER = 'porter unicode61 remove_diacritics 2';
