// `lucarne … | head`: the reader closes the pipe before the command has written everything. The command
// must end quietly (exit 0, no "write EPIPE" stack) instead of crashing on the broken pipe.
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const repo = resolve(import.meta.dirname, '..', '..');

describe('a closed output pipe', () => {
  it('ends the command quietly', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(repo, 'electron', 'cli', 'index.ts'), '--help'], {
      cwd: repo,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // Closed before the command writes a byte: its first write meets a broken pipe.
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    expect(stderr).not.toMatch(/EPIPE/);
    expect(code).toBe(0);
  }, 60_000);
});
