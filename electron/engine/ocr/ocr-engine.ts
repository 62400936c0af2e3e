// Tesseract (tesseract.js, WebAssembly) behind a small pool: `concurrency` worker threads recognise pages
// at once; they are started on first use and ended after a quiet spell, since each holds ~100 MB.
import Tesseract from 'tesseract.js';
import { tessdataDir } from './tessdata';

export interface OcrResult {
  text: string;
  /** Tesseract's mean word confidence, 0–100. */
  confidence: number;
}

/** Workers are ended this long after the last page, so a folder of scans reuses them. */
const IDLE_MS = 20_000;

export class OcrEngine {
  private scheduler: Promise<Tesseract.Scheduler> | null = null;
  private running = 0;
  private idleTimer: NodeJS.Timeout | null = null;

  constructor(
    readonly languages: readonly string[],
    readonly concurrency: number,
    private readonly idleMs = IDLE_MS,
  ) {}

  /** Recognises one image (PNG/JPEG/BMP bytes). */
  async recognize(image: Buffer): Promise<OcrResult> {
    this.running++;
    this.clearIdle();
    try {
      const scheduler = await this.start();
      const { data } = await scheduler.addJob('recognize', image);
      return { text: data.text, confidence: Math.round(data.confidence) };
    } finally {
      this.running--;
      if (this.running === 0) this.armIdle();
    }
  }

  async close(): Promise<void> {
    this.clearIdle();
    const scheduler = this.scheduler;
    this.scheduler = null;
    await (await scheduler?.catch(() => null))?.terminate().catch(() => undefined);
  }

  private start(): Promise<Tesseract.Scheduler> {
    this.scheduler ??= this.createScheduler().catch((err) => {
      this.scheduler = null;
      throw err;
    });
    return this.scheduler;
  }

  private async createScheduler(): Promise<Tesseract.Scheduler> {
    const langPath = tessdataDir(this.languages);
    const scheduler = Tesseract.createScheduler();
    const workers = await Promise.all(
      Array.from({ length: Math.max(1, this.concurrency) }, () =>
        Tesseract.createWorker([...this.languages], Tesseract.OEM.LSTM_ONLY, {
          langPath,
          gzip: true,
          // Never write a traineddata copy into the working directory (tesseract.js's default cache).
          cacheMethod: 'none',
          logger: () => undefined,
          errorHandler: () => undefined,
        }),
      ),
    );
    for (const worker of workers) scheduler.addWorker(worker);
    return scheduler;
  }

  private armIdle(): void {
    this.idleTimer = setTimeout(() => void this.close(), this.idleMs);
    this.idleTimer.unref();
  }

  private clearIdle(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
  }
}

let shared: OcrEngine | null = null;

/** One engine per thread, replaced when the languages or the concurrency change. */
export function ocrEngineFor(languages: readonly string[], concurrency: number): OcrEngine {
  if (shared && (shared.languages.join('+') !== languages.join('+') || shared.concurrency !== concurrency)) {
    void shared.close();
    shared = null;
  }
  shared ??= new OcrEngine(languages, concurrency);
  return shared;
}

export async function closeOcr(): Promise<void> {
  const engine = shared;
  shared = null;
  await engine?.close();
}
