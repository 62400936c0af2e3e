import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileSecrets } from './file-secrets';

describe('FileSecrets (browser host key file)', () => {
  const key = 'AIzaSyExample-1234567890abcdefXYZ';

  it('stores the key readable by the user only and never returns it whole', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lucarne-secrets-'));
    const secrets = new FileSecrets(dir);
    expect(secrets.status({})).toEqual({ hasKey: false, masked: null, source: 'none', encryption: 'none' });
    secrets.write(`  ${key}\n`);
    expect(secrets.read()).toBe(key);
    expect(statSync(join(dir, 'gemini-key.txt')).mode & 0o777).toBe(0o600);
    const status = secrets.status({});
    expect(status).toMatchObject({ hasKey: true, source: 'settings', encryption: 'file-0600' });
    expect(JSON.stringify(status)).not.toContain(key);
    expect(status.masked).toBe('AIza…XYZ');
  });

  it('falls back to GEMINI_API_KEY and forgets the stored key when cleared', () => {
    const secrets = new FileSecrets(mkdtempSync(join(tmpdir(), 'lucarne-secrets-')));
    secrets.write(key);
    secrets.write('   ');
    expect(secrets.read()).toBeNull();
    expect(secrets.status({ GEMINI_API_KEY: 'env-key-0123456789' })).toMatchObject({ hasKey: true, source: 'env' });
  });
});
