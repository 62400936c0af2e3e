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

/** Tesseract's orientation guesses below this confidence are noise (measured: 13–15 on real rotated pages). */
const MIN_ORIENTATION_CONFIDENCE = 2;

export type Orientation = 0 | 90 | 180 | 270;

export class OcrEngine {
  private scheduler: Promise<Tesseract.Scheduler> | null = null;
  private orientationWorker: Promise<Tesseract.Worker> | null = null;
  private running = 0;
  private idleTimer: NodeJS.Timeout | null = null;

  constructor(
    readonly languages: readonly string[],
    readonly concurrency: number,
    private readonly idleMs = IDLE_MS,
  ) {}

  /** Recognises one image (PNG/JPEG/BMP bytes). */
  recognize(image: Buffer): Promise<OcrResult> {
    return this.busy(async () => {
      const scheduler = await this.start();
      const { data } = await scheduler.addJob('recognize', image);
      return { text: data.text, confidence: Math.round(data.confidence) };
    });
  }

  /**
   * How far clockwise the page must be turned to read upright (Tesseract's OSD on the legacy engine, ~0.3 s
   * a page). 0 when the page has too little text to tell, or the guess is weak.
   */
  orientation(image: Buffer): Promise<Orientation> {
    return this.busy(async () => {
      this.orientationWorker ??= Tesseract.createWorker('osd', Tesseract.OEM.TESSERACT_ONLY, {
        ...this.workerOptions(['osd']),
        legacyCore: true,
        legacyLang: true,
      })
        .then(async (worker) => {
          // Rendered pages carry no resolution; without one Tesseract warns on every page and guesses 70 DPI.
          await worker.setParameters({ user_defined_dpi: '300' });
          return worker;
        })
        .catch((err) => {
          this.orientationWorker = null;
          throw err;
        });
      const worker = await this.orientationWorker;
      const { data } = await worker.detect(image).catch(() => ({ data: null }));
      const degrees = data?.orientation_degrees ?? 0;
      const confident = (data?.orientation_confidence ?? 0) >= MIN_ORIENTATION_CONFIDENCE;
      return confident && (degrees === 90 || degrees === 180 || degrees === 270) ? degrees : 0;
    });
  }

  async close(): Promise<void> {
    this.clearIdle();
    const scheduler = this.scheduler;
    const orientation = this.orientationWorker;
    this.scheduler = null;
    this.orientationWorker = null;
    await Promise.all([
      scheduler?.then((s) => s.terminate()).catch(() => undefined),
      orientation?.then((w) => w.terminate()).catch(() => undefined),
    ]);
  }

  private workerOptions(languages: readonly string[]): Partial<Tesseract.WorkerOptions> {
    return {
      langPath: tessdataDir(languages),
      gzip: true,
      // Never write a traineddata copy into the working directory (tesseract.js's default cache).
      cacheMethod: 'none',
      logger: () => undefined,
      errorHandler: () => undefined,
    };
  }

  private start(): Promise<Tesseract.Scheduler> {
    this.scheduler ??= this.createScheduler().catch((err) => {
      this.scheduler = null;
      throw err;
    });
    return this.scheduler;
  }

  private async createScheduler(): Promise<Tesseract.Scheduler> {
    const options = this.workerOptions(this.languages);
    const scheduler = Tesseract.createScheduler();
    const workers = await Promise.all(
      Array.from({ length: Math.max(1, this.concurrency) }, () =>
        Tesseract.createWorker([...this.languages], Tesseract.OEM.LSTM_ONLY, options),
      ),
    );
    for (const worker of workers) scheduler.addWorker(worker);
    return scheduler;
  }

  /** Runs `work` with the idle timer off; the timer is armed again when the last work in progress ends. */
  private async busy<T>(work: () => Promise<T>): Promise<T> {
    this.running++;
    this.clearIdle();
    try {
      return await work();
    } finally {
      this.running--;
      if (this.running === 0) this.armIdle();
    }
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
