// The `lucarne` command as a user runs it after `npm run build`.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './test-support/harness';

const lucarne = (...args: string[]) =>
  spawnSync(process.execPath, [join(repoRoot, 'bin', 'lucarne.js'), ...args], { encoding: 'utf8', cwd: repoRoot });

describe('lucarne CLI', () => {
  it('prints its help with every subcommand', () => {
    const r = lucarne('--help');
    expect(r.status).toBe(0);
    for (const c of ['index', 'status', 'search', 'ask', 'eval'])
      expect(r.stdout).toMatch(new RegExp(`^\\s+${c}\\s`, 'm'));
  });
  it('prints per-command help', () => {
    const r = lucarne('search', '--help');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Usage: lucarne search');
  });
  it('fails clearly on an unknown command', () => {
    const r = lucarne('frobnicate');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('unknown command "frobnicate"');
  });
});
