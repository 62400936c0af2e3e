// Tells the front end which folder's documents changed, coalesced: a big batch of files would otherwise
// send one notice per file. Notices within 250 ms go out as one: the folder's id when only one folder
// changed, null ("look at everything") when several did or the folder list itself changed.

const BATCH_MS = 250;

export class ChangeBatch {
  private folders = new Set<number | null>();
  private timer: NodeJS.Timeout | null = null;

  /** `listener` is read each time: the library's onChanged may be set or replaced after it was built. */
  constructor(private readonly listener: () => ((folderId: number | null) => void) | undefined) {}

  notify(folderId: number | null): void {
    if (!this.listener()) return;
    this.folders.add(folderId);
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.flush();
    }, BATCH_MS);
    this.timer.unref?.();
  }

  /** Sends what is waiting now, without the delay (the library is stopping). */
  flushNow(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    this.flush();
  }

  private flush(): void {
    const folders = [...this.folders];
    this.folders.clear();
    if (folders.includes(null) || folders.length > 1) this.listener()?.(null);
    else if (folders.length === 1) this.listener()?.(folders[0]);
  }
}
