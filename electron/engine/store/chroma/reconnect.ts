// Waiting out an outage: after a failed write the queue asks again later, at a delay that doubles from
// half a second up to 30 s and starts over once the server has answered.
const RECONNECT_MIN_MS = 500;
const RECONNECT_MAX_MS = 30_000;

export class ReconnectTimer {
  private timer: NodeJS.Timeout | null = null;
  private delay = RECONNECT_MIN_MS;

  /** `attempt` runs when the delay is over (it may schedule() again). */
  constructor(private readonly attempt: () => void) {}

  /** Arms the timer unless it is already armed. */
  schedule(): void {
    if (this.timer) return;
    const delay = this.delay;
    this.delay = Math.min(RECONNECT_MAX_MS, this.delay * 2);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.attempt();
    }, delay);
    this.timer.unref?.();
  }

  /** The server answered: the next outage starts with the shortest delay again. */
  reset(): void {
    this.delay = RECONNECT_MIN_MS;
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
