// Document references in questions: "Apple's net sales in Q3 2023", "le rapport 2019 de Best Buy", "FY2018".
// The question's content words and its normalised periods (text/periods.ts) are scored against each
// document's fields (file name, folders, title, metadata, first words; store/sqlite/doc-fields.ts). The
// documents that stand out become a prior for their chunks in fusion, and their best chunks join the
// candidates when the keyword and vector lists missed them (a passage of the right report rarely repeats
// the company's name or the quarter; its document does).
// Company names and tickers need no table: a report's first page prints both ("Apple Inc." … "AAPL").
// A question names a document only if it matches one outside its first words and their periods (its name,
// folders, title, metadata, dates, or their periods): matching the first words alone is what the passages' own BM25 already measures,
// and counting it again costs collections of one-passage documents (BEIR SciFact: 0.713 → 0.689).
import type { SearchFilters } from '../../../shared/types';
import { periodTokens } from '../text/periods';
import { asksForLatest, periodEnd } from './latest';
import { STOPWORDS, words } from './terms';
import type { SearchStore } from './types';

/**
 * Weights of the fields, in doc_fields_fts's column order: name, folders, title, meta, dates, card, the card's
 * periods, the other fields' periods.
 */
export const DOC_FIELD_WEIGHTS = [3, 2, 2, 1, 1, 1, 2, 4];

export interface DocumentRefs {
  /** Document id → prior in (0, 1]: 1 for the best match, less for the others that stand out. */
  prior: Map<number, number>;
  /** The best documents, best first (those whose best chunks join the candidates). */
  top: number[];
  /** The question's period tokens (empty: it names no period). */
  periods: string[];
}

export interface DocumentRefOptions {
  /** Documents scored (the prior is spread over at most this many). */
  limit: number;
  /** Documents whose best chunks are added to the candidates. */
  topDocuments: number;
  /** A document's score as a share of the best one's below which it gets no prior. */
  minShare: number;
}

export const DEFAULT_DOCUMENT_REF_OPTIONS: DocumentRefOptions = { limit: 20, topDocuments: 3, minShare: 0.5 };

/** "The latest report": the prior the named documents other than the newest keep (a share of their own). */
const OLDER_SHARE = 0.3;
/** "The latest report": the prior (the best's is 1) a named document needs to be a candidate for newest. */
const COMPETE_SHARE = 0.3;

/** The documents a question names, with their prior; null when the store has no document fields. */
export function documentRefs(
  store: SearchStore,
  query: string,
  filters: SearchFilters | undefined,
  opts: DocumentRefOptions = DEFAULT_DOCUMENT_REF_OPTIONS,
): DocumentRefs | null {
  if (!store.documentFieldSearch) return null;
  const periods = periodTokens(query, { bareYears: true });
  // Function words ("what", "the", "le", "de") name no document; they would only spread the prior thin.
  const content = words(query)
    .filter((w) => !STOPWORDS.has(w))
    .join(' ');
  const hits = store.documentFieldSearch(content, periods, opts.limit, { filters, weights: DOC_FIELD_WEIGHTS });
  const prior = new Map<number, number>();
  const best = hits[0]?.score ?? 0;
  if (!(best > 0) || !hits.some((h) => h.named)) return { prior, top: [], periods };
  for (const h of hits) {
    const share = h.score / best;
    if (share < opts.minShare) break;
    // Rescaled so the weakest document that still stands out gets 0 and the best 1.
    const p = opts.minShare < 1 ? (share - opts.minShare) / (1 - opts.minShare) : 1;
    if (p > 0) prior.set(h.documentId, p);
  }
  if (periods.length === 0 && prior.size > 1 && asksForLatest(query)) newestFirst(store, prior);
  const top = [...prior.keys()].slice(0, opts.topDocuments);
  return { prior, top, periods };
}

/**
 * "Apple's latest 10-Q": of the documents named well (prior ≥ COMPETE_SHARE), the one whose periods (from its
 * name, title and metadata, else its first words) end last gets the full prior and comes first; the others
 * keep OLDER_SHARE of theirs. Left as it is when no document has a period.
 */
function newestFirst(store: SearchStore, prior: Map<number, number>): void {
  if (!store.documentFields) return;
  let newest: number | null = null;
  let newestEnd = Number.NEGATIVE_INFINITY;
  for (const [id, p] of prior) {
    // Only the documents named well compete: "Amazon's latest report" is not another company's newer one
    // that matched a word or two (sec10q: 0.5 left out a filing of the company asked for, 0 let one in).
    if (p < COMPETE_SHARE) continue;
    const f = store.documentFields(id);
    if (!f) continue;
    const own = f.periods.split(' ').filter(Boolean);
    const end = periodEnd(own.length > 0 ? own : f.card_periods.split(' ').filter(Boolean));
    if (end !== null && end > newestEnd) {
      newest = id;
      newestEnd = end;
    }
  }
  if (newest === null) return;
  const entries = [...prior.entries()].filter(([id]) => id !== newest);
  prior.clear();
  prior.set(newest, 1);
  for (const [id, p] of entries) prior.set(id, p * OLDER_SHARE);
}
