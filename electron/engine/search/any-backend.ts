// The search entry point for every caller (engine, CLI, answers, the prompt inspector): the local catalog
// (FTS5 + chunks) with whichever vector index, or, when the index has no local catalog behind it (a reader
// of someone else's Chroma collection, see VectorIndex.records), the chunks read from the index's records.
import type { SearchHit } from '../../../shared/types';
import { chromaHybridSearch } from './chroma-search';
import { hybridSearch } from './hybrid';
import type { SearchDeps, SearchQuery } from './types';

/** Hybrid (or keyword-only, vector-only) search over whichever backend `deps.vectors` is. */
export async function searchAnyBackend(deps: SearchDeps, q: SearchQuery): Promise<SearchHit[]> {
  if (deps.vectors.records) return chromaHybridSearch({ index: deps.vectors, embedder: deps.embedder }, q);
  return hybridSearch(deps, q);
}
