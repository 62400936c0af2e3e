// 1,000 random or malformed payloads through the contract's gate (dispatch(), which Electron's IPC, the
// engine's utility process and the browser host all use), then 1,000 more, plus malformed frames, through
// the running browser host. Each must be refused with a validation error before any handler runs, and the
// engine must go on serving.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../electron/engine/index';
import { dispatch } from '../../electron/engine/rpc';
import type { MethodName } from '../../shared/api';
import { requireBuild, rng, tempDir } from './test-support/env';
import { invalidPayloads } from './test-support/fuzz';
import { connectApi } from './test-support/host-api';
import { openSession } from './test-support/session';

const COUNT = 1_000;
const SEED = Number(process.env.LUCARNE_FUZZ_SEED ?? 7_341);
const REFUSED = ['invalid-arguments', 'unknown-method'];

let work: { path: string; cleanup(): void };
beforeAll(() => {
  requireBuild();
  work = tempDir('lucarne-fuzz-');
});
afterAll(() => work?.cleanup());

describe(`malformed API payloads (seed ${SEED})`, () => {
  it(`${COUNT} through dispatch() with the real engine: all refused, no handler runs, still serving`, async () => {
    const engine = await Engine.open({ dataDir: join(work.path, 'data-inprocess'), log: () => {} });
    try {
      let handled = 0;
      const handlers = {
        engine: (name: MethodName, args: unknown) => {
          handled++;
          return engine.handle(name, args);
        },
        shell: async () => {
          handled++;
          return null;
        },
      };
      const payloads = invalidPayloads(rng(SEED), COUNT);
      for (const [i, p] of payloads.entries()) {
        const r = await dispatch(p.method, p.args, handlers);
        expect(r.ok, `#${i} ${p.why}`).toBe(false);
        if (!r.ok) expect(REFUSED, `#${i} ${p.why}: ${r.error.code} ${r.error.message}`).toContain(r.error.code);
        expect(handled, `#${i} ${p.why} reached a handler`).toBe(0);
        if (i % 100 === 99) {
          const ok = await dispatch('library.progress', {}, { engine: engine.handle });
          expect(ok.ok).toBe(true);
        }
      }
      const settings = await dispatch('settings.get', {}, { engine: engine.handle });
      expect(settings.ok).toBe(true);
    } finally {
      await engine.close();
    }
  });

  it(`${COUNT} through the browser host's WebSocket, and malformed frames: all refused, still serving`, async () => {
    const s = await openSession(join(work.path, 'data-host'));
    try {
      const payloads = invalidPayloads(rng(SEED + 1), COUNT, { wire: true });
      // Pipelined, as a misbehaving page would send them.
      const results = await Promise.all(payloads.map((p) => s.api.result(p.method, p.args)));
      results.forEach((r, i) => {
        expect(r.ok, `#${i} ${payloads[i].why}`).toBe(false);
        if (!r.ok) expect(REFUSED, `#${i} ${payloads[i].why}: ${r.error.message}`).toContain(r.error.code);
      });

      // Frames that are not calls at all.
      const frames: (string | Buffer)[] = [
        'not json',
        '',
        '{',
        'null',
        '42',
        '[]',
        '"search.query"',
        JSON.stringify({ method: 'search.query' }),
        JSON.stringify({ id: 'x', method: 'settings.get', args: {} }).replace('"settings.get"', '"nope"'),
        Buffer.from([0xff, 0xfe, 0x00, 0x01]),
        `${'['.repeat(100_000)}${']'.repeat(100_000)}`,
        JSON.stringify({ id: 1e308, method: 'library.addFolder', args: { path: 1 } }),
      ];
      for (const f of frames) {
        const reply = (await s.api.raw(f)) as { result?: { ok: boolean; error?: { code: string } } } | null;
        expect(reply?.result?.ok, String(f).slice(0, 40)).toBe(false);
        expect(REFUSED).toContain(reply?.result?.error?.code);
      }
      // An oversized frame closes that connection (the host's frame limit), not the host.
      const big = await connectApi(s.origin, s.host.token);
      const closed = new Promise<number>((resolve) => big.socket.once('close', (code) => resolve(code)));
      big.socket.send(JSON.stringify({ id: 1, method: 'inspect.tokens', args: { text: 'z'.repeat(5 * 2 ** 20) } }));
      // 1009 "message too big" when the host's close frame arrives before the client has written the rest of
      // its frame; 1006 when the host has already shut the socket under that write (a TCP reset: timing).
      expect([1009, 1006]).toContain(await closed);

      // Still serving, on the old connection and on a new one; the process is alive.
      await new Promise((r) => setTimeout(r, 300));
      expect(s.host.child.exitCode, `the host died:\n${s.host.output().slice(-1500)}`).toBeNull();
      expect(await s.call<{ topK: number }>('settings.get')).toHaveProperty('topK');
      const again = await connectApi(s.origin, s.host.token);
      expect(await again.call('library.progress')).toHaveProperty('state');
      again.close();
      expect(s.host.child.exitCode).toBeNull();
      expect(s.host.output()).not.toMatch(/contract violation|Unhandled|uncaught/i);
    } finally {
      await s.stop();
    }
  });
});
