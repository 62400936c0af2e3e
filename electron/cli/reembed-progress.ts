// `lucarne index` while the library moves to another embedding model: the re-embed the engine resumed at open
// is run to the end first, with its own progress line on stderr (done/total chunks, speed, ETA), so the files
// indexed next are embedded with the chosen model only. Interrupted (Ctrl-C), it stops where it is: the
// embedding cache keeps what was done and the next run resumes from there.
import type { EventPayload } from '../../shared/api';
import type { CommandIo } from './command';

export type ReembedStatus = EventPayload<'library.reembed'>;

/** Where the status comes from: the engine's 'library.reembedStatus' method and 'library.reembed' event. */
export interface ReembedSource {
  status(): Promise<ReembedStatus | null>;
  onStatus(listener: (status: ReembedStatus) => void): () => void;
}

const PLAIN_EVERY_MS = 5000;

function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

/** `[#####.....] re-embedding for MODEL: 120/300 chunks · 35 chunks/s · ETA 0:05`, cut to `width`. */
export function formatReembedLine(s: ReembedStatus, width = 100, bar = true): string {
  const ratio = s.total > 0 ? Math.min(1, s.done / s.total) : 1;
  const filled = Math.round(ratio * 20);
  const head = `re-embedding for ${s.targetId}: ${s.done}/${s.total} chunks`;
  const parts = [
    `${bar ? `[${'#'.repeat(filled)}${'.'.repeat(20 - filled)}] ` : ''}${head}`,
    s.state === 'switching' ? 'switching' : `${s.rate.toFixed(s.rate < 10 ? 1 : 0)} chunks/s`,
    s.state === 'running' && s.etaSeconds !== null && s.done < s.total ? `ETA ${duration(s.etaSeconds)}` : null,
  ].filter((x): x is string => x !== null);
  return parts.join(' · ').slice(0, width);
}

const live = (s: ReembedStatus | null): s is ReembedStatus => s?.state === 'running' || s?.state === 'switching';

/**
 * Waits until the pending re-embed (if any) ends, showing its progress unless `progress` is false. Resolves
 * with its last status (null when none was pending); returns early, with the status then, when `signal` aborts.
 */
export async function runPendingReembed(
  source: ReembedSource,
  io: CommandIo,
  opts: { progress: boolean; signal?: AbortSignal },
): Promise<ReembedStatus | null> {
  let last = await source.status();
  if (!live(last) || opts.signal?.aborted) {
    // A change of model that could not even start (a file that is not a model, a server down) says why.
    if (last?.state === 'failed') io.stderr.write(`lucarne index: ${last.error ?? 'the re-embed failed.'}\n`);
    return last;
  }
  let drawn = false;
  let plainAt = 0;
  const columns = () => Math.max(40, ((io.stderr as NodeJS.WriteStream).columns || 100) - 1);
  const draw = (s: ReembedStatus) => {
    if (!opts.progress || !live(s)) return;
    if (io.isTTY) {
      io.stderr.write(`\r\x1b[2K${formatReembedLine(s, columns())}`);
      drawn = true;
    } else if (Date.now() - plainAt >= PLAIN_EVERY_MS) {
      plainAt = Date.now();
      io.stderr.write(`${formatReembedLine(s, 200, false)}\n`);
    }
  };
  let stopListening = () => {};
  try {
    await new Promise<void>((resolve) => {
      const update = (s: ReembedStatus) => {
        last = s;
        draw(s);
        if (!live(s)) resolve();
      };
      stopListening = source.onStatus(update);
      opts.signal?.addEventListener('abort', () => resolve(), { once: true });
      // The re-embed may have ended between the first look and the subscription.
      void source.status().then((s) => s && update(s));
    });
  } finally {
    stopListening();
    if (drawn) io.stderr.write('\r\x1b[2K');
  }
  if (last.state === 'done') io.stderr.write(`Re-embedded ${last.done} chunks: search now uses ${last.targetId}.\n`);
  if (last.state === 'failed') io.stderr.write(`lucarne index: ${last.error ?? 'the re-embed failed.'}\n`);
  return last;
}
