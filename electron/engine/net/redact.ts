// API keys must never reach an error message or a log line.

const GOOGLE_KEY = /AIza[0-9A-Za-z_-]{35}/g;

export function redactSecrets(text: string, secrets: (string | undefined)[] = []): string {
  let out = text.replace(GOOGLE_KEY, '[redacted key]');
  for (const s of secrets) if (s && s.length >= 4) out = out.split(s).join('[redacted key]');
  return out;
}
