// One HTTP attempt against a model server, with what fetch does not give: its own AbortController linked to
// the caller's signal (so a timeout, or leaving a stream early, really closes the connection), and a deadline
// that can be re-armed (time to the response headers, then the longest silence between streamed chunks).
// The Gemini path extends it around its SDK (gemini-attempt.ts).

export class HttpAttempt {
  private readonly controller = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  private readonly unlink: () => void;
  readonly signal: AbortSignal;
  timedOut = false;
  timeoutMs = 0;

  constructor(
    protected readonly callerSignal: AbortSignal | undefined,
    /** How messages name the request ("The request", "Gemini request"). */
    private readonly what = 'The request',
  ) {
    const onCallerAbort = () => this.controller.abort(callerSignal?.reason);
    if (callerSignal?.aborted) onCallerAbort();
    else callerSignal?.addEventListener('abort', onCallerAbort, { once: true });
    this.unlink = () => callerSignal?.removeEventListener('abort', onCallerAbort);
    this.signal = this.controller.signal;
  }

  /** (Re)starts the deadline: the attempt is aborted as timed out if `ms` pass before the next arm/disarm. */
  arm(ms: number): void {
    this.disarm();
    if (!(ms > 0)) return;
    this.timeoutMs = ms;
    this.timer = setTimeout(() => {
      this.timedOut = true;
      this.controller.abort(new DOMException(`${this.what} timed out`, 'TimeoutError'));
    }, ms);
  }

  disarm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  get callerAborted(): boolean {
    return Boolean(this.callerSignal?.aborted);
  }

  /** Closes the connection if it is still open. */
  abort(): void {
    if (!this.signal.aborted) this.controller.abort(new DOMException(`${this.what} closed`, 'AbortError'));
  }

  dispose(): void {
    this.disarm();
    this.unlink();
  }
}
