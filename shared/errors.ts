// The message of a thrown value, whatever was thrown: used wherever an error becomes text (logs, statuses,
// API errors, the UI), by the engine and the renderer alike. No Node, no DOM here.

/** `err.message` for an Error, else the value as a string. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
