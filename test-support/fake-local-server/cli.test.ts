import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Starts a fake server CLI, waits for its URL line, runs `use`, then stops it with SIGTERM (exit code 0). */
async function withCli(args: string[], urlVar: string, use: (url: string) => Promise<void>) {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const lines = createInterface({ input: child.stdout });
    const url = await new Promise<string>((resolve, reject) => {
      lines.on('line', (l) => {
        const m = new RegExp(`^${urlVar}=(http://127\\.0\\.0\\.1:\\d+(/v1)?)$`).exec(l);
        if (m) resolve(m[1]);
      });
      child.once('exit', (code) => reject(new Error(`cli exited early with ${code}`)));
    });
    await use(url);
  } finally {
    if (child.exitCode === null) {
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
  }
}

const post = (url: string, body: unknown) => fetch(url, { method: 'POST', body: JSON.stringify(body) });

describe('fake local server CLIs', () => {
  it('fake Ollama: prints its URL, speaks NDJSON, is scriptable and can go down for a while', async () => {
    await withCli(['test-support/fake-ollama/cli.ts'], 'FAKE_OLLAMA_URL', async (url) => {
      expect(await (await fetch(url)).text()).toBe('Ollama is running');
      expect((await post(`${url}/__fake/script`, [{ type: 'server-error', only: 'models' }])).status).toBe(200);
      const failed = await fetch(`${url}/api/tags`);
      expect(failed.status).toBe(500);
      expect(await failed.json()).toEqual({ error: 'llama runner process has terminated: exit status 2' });
      const chat = await post(`${url}/api/chat`, {
        model: 'llama3.2',
        messages: [{ role: 'user', content: 'Q\n[1] a.md\nThe sky was grey all day long.' }],
      });
      expect(chat.headers.get('content-type')).toBe('application/x-ndjson');
      const lines = (await chat.text())
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      expect(lines.map((l) => l.message.content).join('')).toBe('The sky was grey all day long [1].');
      expect(lines.at(-1)).toMatchObject({ done: true, done_reason: 'stop' });
      expect((await post(`${url}/__fake/down`, { forMs: 300 })).status).toBe(200);
      await new Promise((r) => setTimeout(r, 100));
      await expect(fetch(`${url}/api/version`)).rejects.toThrow();
      await new Promise((r) => setTimeout(r, 400));
      expect(await (await fetch(`${url}/api/version`)).json()).toEqual({ version: '0.6.8' });
      const recorded = (await (await fetch(`${url}/__fake/requests`)).json()) as { path: string; status: number }[];
      expect(recorded.map((r) => [r.path, r.status])).toEqual([
        ['/', 200],
        ['/api/tags', 500],
        ['/api/chat', 200],
        ['/api/version', 200],
      ]);
    });
  });

  it('fake OpenAI-compatible: prints its /v1 URL, checks the key, streams SSE', async () => {
    const auth = { authorization: 'Bearer cli-key' };
    const use = async (url: string) => {
      expect((await fetch(`${url}/models`)).status).toBe(401);
      expect((await fetch(`${url}/models`, { headers: auth })).status).toBe(200);
      const res = await fetch(`${url}/chat/completions`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({
          model: 'qwen2.5-7b-instruct',
          stream: true,
          messages: [{ role: 'user', content: 'hi' }],
        }),
      });
      expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
      const text = await res.text();
      expect(text.trim().endsWith('data: [DONE]')).toBe(true);
      expect(text).toContain('"finish_reason":"stop"');
    };
    await withCli(['test-support/fake-openai/cli.ts', '--key', 'cli-key'], 'FAKE_OPENAI_URL', use);
  });
});
