// Which boot of the machine this is. A process that died because the machine went down (a laptop whose
// battery ran out, a power cut) is not crashing on a file: the next start sees another boot and blames none.
import { readFileSync } from 'node:fs';
import { uptime } from 'node:os';

let cached: string | null = null;

export function bootId(): string {
  if (cached) return cached;
  try {
    // Linux: a random id drawn at each boot.
    cached = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    // Elsewhere: the boot time, to the minute (uptime is read from the kernel's boot time on macOS and Windows).
    cached = `boot@${Math.round((Date.now() - uptime() * 1000) / 60_000)}`;
  }
  return cached;
}
