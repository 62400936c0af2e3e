// PLACEHOLDER: replaced by the real parser (issue #8).
import type { ParsedDocument } from '../types';
import { parseErrors } from './errors';

export async function parseEpub(_bytes: Uint8Array): Promise<ParsedDocument> {
  throw parseErrors.unsupported('This format is not read yet.');
}
