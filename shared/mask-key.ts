/** Shows just enough of a key to recognise it: "AIza…x9Q". Never the whole key. */
export function maskKey(key: string): string {
  const k = key.trim();
  if (k.length <= 8) return '•'.repeat(k.length);
  return `${k.slice(0, 4)}…${k.slice(-3)}`;
}
