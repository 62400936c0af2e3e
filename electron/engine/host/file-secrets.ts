// The browser host has no OS keychain (safeStorage is Electron's): the key is kept in a file readable
// only by the user (mode 0600) in the data folder. The desktop app uses the keychain instead.
import { chmodSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MethodResult } from '../../../shared/api';
import { secretStatus } from '../../../shared/mask-key';

export class FileSecrets {
  private file: string;
  constructor(dataDir: string) {
    this.file = join(dataDir, 'gemini-key.txt');
  }
  read(): string | null {
    if (!existsSync(this.file)) return null;
    const key = readFileSync(this.file, 'utf8').trim();
    return key || null;
  }
  write(key: string): void {
    const trimmed = key.trim();
    if (!trimmed) {
      rmSync(this.file, { force: true });
      return;
    }
    writeFileSync(this.file, trimmed, { mode: 0o600 });
    chmodSync(this.file, 0o600);
  }
  status(env: NodeJS.ProcessEnv): MethodResult<'secrets.status'> {
    const stored = this.read();
    return secretStatus(stored, env.GEMINI_API_KEY, stored ? 'file-0600' : 'none');
  }
}
