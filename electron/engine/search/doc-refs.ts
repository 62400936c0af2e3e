// Document references in questions: "Apple's net sales in Q3 2023", "le rapport 2019 de Best Buy", "FY2018".
// The question's words and its normalised periods (text/periods.ts) are scored with BM25 against each
// document's fields (file name, folders, title, metadata, first words; store/sqlite/doc-fields.ts). The
// documents that stand out become a prior for their chunks in fusion, and their best chunks join the
// candidates when the keyword and vector lists missed them (a passage of the right report rarely repeats
// the company's name or the quarter; its document does).
// Company names and tickers need no table: a report's first page prints both ("Apple Inc." … "AAPL").
import type { SearchFilters } from '../../../shared/types';
import { periodTokens } from '../text/periods';
import type { SearchStore } from './types';

/** BM25 weights of the fields, in doc_fields_fts's column order: name, folders, title, meta, dates, card, periods. */
export const DOC_FIELD_WEIGHTS = [3, 2, 2, 1, 1, 1, 4];
const CARD_COLUMN = 5;

export interface DocumentRefs {
  /** Document id → prior in (0, 1]: 1 for the best match, less for the others that stand out. */
  prior: Map<number, number>;
  /**
   * The same without the card: the prior of the document's first chunk, which the card is taken from. The
   * card is evidence about the rest of the document, not new evidence for the passage it repeats (where
   * each document is one passage, as in BEIR collections, it would only count the passage's words twice).
   */
  priorWithoutCard: Map<number, number>;
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

/** The documents a question names, with their prior; null when the store has no document fields. */
export function documentRefs(
  store: SearchStore,
  query: string,
  filters: SearchFilters | undefined,
  opts: DocumentRefOptions = DEFAULT_DOCUMENT_REF_OPTIONS,
): DocumentRefs | null {
  if (!store.documentFieldSearch) return null;
  const periods = periodTokens(query, { bareYears: true });
  const hits = store.documentFieldSearch(query, periods, opts.limit, { filters, weights: DOC_FIELD_WEIGHTS });
  const prior = new Map<number, number>();
  const priorWithoutCard = new Map<number, number>();
  const best = hits[0]?.score ?? 0;
  if (!(best > 0)) return { prior, priorWithoutCard, top: [], periods };
  // Rescaled so the weakest document that still stands out gets 0 and the best 1.
  const rescale = (score: number) => {
    const share = score / best;
    if (share < opts.minShare) return 0;
    return opts.minShare < 1 ? (share - opts.minShare) / (1 - opts.minShare) : 1;
  };
  for (const h of hits) {
    const p = rescale(h.score);
    if (p <= 0) break;
    prior.set(h.documentId, p);
  }
  if (prior.size > 0) {
    const weights = DOC_FIELD_WEIGHTS.map((w, i) => (i === CARD_COLUMN ? 0 : w));
    for (const h of store.documentFieldSearch(query, periods, opts.limit, { filters, weights })) {
      // Scored against the best document's full score, so both priors are on one scale.
      if (prior.has(h.documentId)) priorWithoutCard.set(h.documentId, rescale(h.score));
    }
  }
  const top = [...prior.keys()].slice(0, opts.topDocuments);
  return { prior, priorWithoutCard, top, periods };
}
