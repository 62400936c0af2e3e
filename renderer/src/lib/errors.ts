// The message to show for a failed call: the API's own message for a refused or failed call, else the
// thrown value's (shared/errors.ts).
import { errorMessage as thrownMessage } from '../../../shared/errors';
import { ApiCallError } from '../api';

export function errorMessage(err: unknown): string {
  if (err instanceof ApiCallError) return err.error.message;
  return thrownMessage(err);
}
