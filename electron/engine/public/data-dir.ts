// Public: where the data folder is when nobody says otherwise, for every shell (Electron's main process, the
// browser host, the CLI). A module of its own because Electron's main process must not load the database code
// that the other public modules bring: this one imports only node:os and node:path.
export { resolveDataDir } from '../library/data-dir';
