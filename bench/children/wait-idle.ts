// Waits, through the engine's public API only (as the UI would), until nothing is queued or indexing.
import type { MethodName } from '../../shared/api';
import type { DocStatus, IndexProgress } from '../../shared/types';

type Handle = (name: MethodName, args: unknown) => Promise<unknown>;

export async function busyDocuments(handle: Handle): Promise<number> {
  const r = (await handle('library.listDocuments', { statuses: ['queued', 'indexing'], offset: 0, limit: 1 })) as {
    total: number;
  };
  return r.total;
}

export async function waitIdle(handle: Handle, opts: { pollMs?: number; timeoutMs?: number } = {}): Promise<void> {
  const deadline = Date.now() + (opts.timeoutMs ?? 60 * 60_000);
  let calm = 0;
  while (Date.now() < deadline) {
    const p = (await handle('library.progress', {})) as IndexProgress;
    const busy = await busyDocuments(handle);
    calm = p.state === 'idle' && busy === 0 ? calm + 1 : 0;
    if (calm >= 2) return;
    await new Promise((r) => setTimeout(r, opts.pollMs ?? 100));
  }
  throw new Error('the library did not become idle in time');
}

export interface LibraryCounts {
  documents: number;
  byStatus: Partial<Record<DocStatus, number>>;
  pages: number;
  chunks: number;
}

export async function libraryCounts(handle: Handle): Promise<LibraryCounts> {
  const counts: LibraryCounts = { documents: 0, byStatus: {}, pages: 0, chunks: 0 };
  for (let offset = 0; ; offset += 1000) {
    const r = (await handle('library.listDocuments', { offset, limit: 1000 })) as {
      total: number;
      items: { status: DocStatus; pages: number | null; chunks: number }[];
    };
    for (const d of r.items) {
      counts.documents++;
      counts.byStatus[d.status] = (counts.byStatus[d.status] ?? 0) + 1;
      counts.pages += d.pages ?? 0;
      counts.chunks += d.chunks;
    }
    if (offset + 1000 >= r.total) break;
  }
  return counts;
}
