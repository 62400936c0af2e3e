import type { SecretStatus } from './api';

/** Shows just enough of a key to recognise it: "AIza…x9Q". Never the whole key. */
export function maskKey(key: string): string {
  const k = key.trim();
  if (k.length <= 8) return '•'.repeat(k.length);
  return `${k.slice(0, 4)}…${k.slice(-3)}`;
}

/** What the renderer may know about the key: whether there is one, where from, masked. */
export function secretStatus(
  stored: string | null,
  envKey: string | undefined,
  storedEncryption: SecretStatus['encryption'],
): SecretStatus {
  const key = stored ?? envKey ?? null;
  return {
    hasKey: key !== null,
    masked: key ? maskKey(key) : null,
    source: stored ? 'settings' : envKey ? 'env' : 'none',
    encryption: storedEncryption,
  };
}
