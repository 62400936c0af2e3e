// Why the embedding model the settings ask for is not the one search uses (its server is down, its file is
// gone, local-only mode forbids it): kept until a later choice opens, and shown where the re-embed progress
// would be, as a failed status with the error's code so the UI can say it in its own language.
import type { EventPayload } from '../../shared/api';
import { errorMessage } from '../../shared/errors';

type ReembedStatus = EventPayload<'library.reembed'>;

export class EmbedderProblem {
  private text: string | null = null;
  private code: string | undefined;

  /** The reason, or null when the model asked for is the one in use (or on its way). */
  get message(): string | null {
    return this.text;
  }

  set(error: unknown): void {
    this.text = errorMessage(error);
    const code = (error as { code?: unknown }).code;
    this.code = typeof code === 'string' ? code : undefined;
  }

  clear(): void {
    this.text = null;
    this.code = undefined;
  }

  /** As a failed re-embed status, naming the model search keeps using; null when there is no problem. */
  status(activeId: string): ReembedStatus | null {
    if (!this.text) return null;
    return {
      targetId: '',
      activeId,
      done: 0,
      total: 0,
      etaSeconds: null,
      rate: 0,
      state: 'failed',
      error: `${this.text} Search keeps using ${activeId}.`,
      errorCode: this.code,
    };
  }
}
