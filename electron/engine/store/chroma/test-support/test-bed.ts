// What every test file against a real Chroma server sets up: one server for the file, and stores in
// temporary folders; whatever a test registers in `cleanups` (stores, indexes, servers) is undone after it,
// last first.
import { afterAll, afterEach, beforeAll } from 'vitest';
import { type ChromaServer, startChroma } from '../../../../../test-support/chroma-server';
import { SqliteStore } from '../../sqlite';
import { tempDir } from '../../test-support/fixtures';

export function chromaTestBed(tempPrefix: string) {
  let server: ChromaServer | undefined;
  const cleanups: (() => Promise<void> | void)[] = [];
  beforeAll(async () => {
    server = await startChroma();
  });
  afterEach(async () => {
    while (cleanups.length) await cleanups.pop()?.();
  });
  afterAll(async () => {
    await server?.dispose();
  });
  return {
    /** The file's server (started before the first test). */
    get server(): ChromaServer {
      if (!server) throw new Error('the Chroma server is not started yet');
      return server;
    },
    cleanups,
    openStore(): SqliteStore {
      const { dir, cleanup } = tempDir(tempPrefix);
      const store = SqliteStore.open(dir);
      cleanups.push(() => {
        if (store.isOpen) store.close();
        cleanup();
      });
      return store;
    },
  };
}
