import { ApiCallError } from '../api';

export function errorMessage(err: unknown): string {
  if (err instanceof ApiCallError) return err.error.message;
  if (err instanceof Error) return err.message;
  return String(err);
}
