// Public: a data folder read (and its settings written) without opening the Engine, for the CLI's commands
// (status, search, index, ask, migrate) and their tests. Importing the Engine loads the parsers and tokenizers;
// a read of the database must not pay that (see catalog.ts), so nothing here imports them.
export { Catalog, type CatalogKeywordHit } from '../catalog';
export { countByStatus, formatProgressLine, formatSummary, type StatusReport } from '../library/report';
export { LibraryError } from '../library/types';
export { defaultSettings, loadSettings, saveSettings } from '../settings';
