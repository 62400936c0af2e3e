// The Gemini API key, encrypted with Electron safeStorage (the OS keychain) in the data folder.
// It is never logged, never sent to the renderer (only a masked form), and reaches the engine process
// only through the private main → engine channel.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { safeStorage } from 'electron';
import type { MethodResult } from '../../shared/api';
import { secretStatus } from '../../shared/mask-key';

export class SecretStore {
  private file: string;
  constructor(dataDir: string) {
    this.file = join(dataDir, 'gemini-key.bin');
  }

  read(): string | null {
    if (!existsSync(this.file) || !safeStorage.isEncryptionAvailable()) return null;
    try {
      return safeStorage.decryptString(readFileSync(this.file));
    } catch {
      return null;
    }
  }

  write(key: string): void {
    const trimmed = key.trim();
    if (!trimmed) {
      rmSync(this.file, { force: true });
      return;
    }
    if (!safeStorage.isEncryptionAvailable()) {
      throw new Error(
        'The system keychain is not available, so the key cannot be stored safely. Set GEMINI_API_KEY instead.',
      );
    }
    writeFileSync(this.file, safeStorage.encryptString(trimmed), { mode: 0o600 });
  }

  status(env: NodeJS.ProcessEnv): MethodResult<'secrets.status'> {
    return secretStatus(this.read(), env.GEMINI_API_KEY, safeStorage.isEncryptionAvailable() ? 'os-keychain' : 'none');
  }
}
