// The welcome screen's starter questions: made from the library (starter-sources, starter-candidates),
// each checked against the provider in use (starter-check), kept per library state and language.
//
// get() never waits: it returns what is known (maybe for an older state of the library) and, when the
// library or the provider changed, starts one background run whose result is saved (meta table, so a
// restart with nothing changed costs one fingerprint) and announced through `onUpdate`. A run is bounded
// in time, yields to the event loop between checks, starts at most once per `minInterval` while the
// library keeps changing (indexing), and is cancelled by cancel() (a user's question comes first).
import { errorMessage } from '../../../shared/errors';
import type { Language } from '../answer/language';
import { contentTerms } from '../search/terms';
import type { SqliteStore } from '../store/sqlite';
import { type StarterCandidate, starterCandidates } from './starter-candidates';
import { answers, type StarterProbe } from './starter-check';
import { librarySubjects } from './starter-sources';

export type StarterQuestion = Omit<StarterCandidate, 'topic'>;

export interface StartersSnapshot {
  language: Language;
  questions: StarterQuestion[];
  pending: boolean;
}

export interface StarterServiceDeps {
  store: () => SqliteStore;
  /** The provider's side of the state: who answers and with which models and settings (a string). */
  providerKey: () => string;
  /** Made per run, with the settings of the moment. */
  probe: () => StarterProbe;
  onUpdate: (snapshot: StartersSnapshot) => void;
  /** Questions kept (default 4). */
  count?: number;
  /** Wall-clock budget of one run, ms (default 8000). */
  budgetMs?: number;
  /** Least time between the starts of two runs, ms (default 15000). */
  minInterval?: number;
  log?: (msg: string) => void;
}

interface Entry {
  key: string;
  questions: StarterQuestion[];
}

const META_KEY = 'chat.starters';
/** Questions of one kind, and about one document, among those kept: variety over the best-scoring shape. */
const PER_KIND = 2;
const PER_DOCUMENT = 2;

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export class StarterService {
  private readonly entries = new Map<Language, Entry>();
  private running: { language: Language; key: string; abort: AbortController; done: Promise<void> } | null = null;
  private timer: NodeJS.Timeout | null = null;
  private lastStart = Number.NEGATIVE_INFINITY;
  private loaded = false;

  constructor(private readonly deps: StarterServiceDeps) {}

  /** The current questions for `language`; a fresh run starts (or is scheduled) when they are stale. */
  get(language: Language): StartersSnapshot {
    this.load();
    const key = this.stateKey(language);
    const entry = this.entries.get(language);
    const fresh = entry?.key === key;
    if (!fresh) this.schedule(language, key);
    // Older questions are shown while newer ones are checked, but none about a document since removed.
    const store = this.deps.store();
    const questions = (entry?.questions ?? []).filter(
      (q) => fresh || q.documentId === null || store.getDocument(q.documentId),
    );
    return { language, questions, pending: !fresh };
  }

  /** Stops the running check (it restarts on the next get()). */
  cancel(): void {
    this.running?.abort.abort();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Resolves once no run is going on (tests, close). */
  async settled(): Promise<void> {
    while (this.running || this.timer) {
      if (this.running) await this.running.done;
      else await new Promise((r) => setTimeout(r, 10));
    }
  }

  private stateKey(language: Language): string {
    const store = this.deps.store();
    // Every change of which chunks exist (added, changed, removed documents) bumps the vector generation.
    return [language, store.vectorGeneration(), this.deps.providerKey()].join('|');
  }

  private schedule(language: Language, key: string): void {
    if (this.running) {
      if (this.running.language === language && this.running.key === key) return;
      this.running.abort.abort();
    }
    if (this.timer) clearTimeout(this.timer);
    const wait = Math.max(0, this.lastStart + (this.deps.minInterval ?? 15_000) - Date.now());
    this.timer = setTimeout(() => {
      this.timer = null;
      this.start(language);
    }, wait);
    this.timer.unref?.();
  }

  private start(language: Language): void {
    this.lastStart = Date.now();
    const abort = new AbortController();
    // The key is taken before reading: a change during the run makes the next get() start another.
    const key = this.stateKey(language);
    const run = { language, key, abort, done: Promise.resolve() };
    run.done = this.compute(language, abort.signal)
      .then((questions) => {
        if (abort.signal.aborted || questions === null) return;
        this.entries.set(language, { key, questions });
        this.save();
        this.deps.onUpdate({ language, questions, pending: false });
      })
      .catch((err) => this.deps.log?.(`starter questions: ${errorMessage(err)}`))
      .finally(() => {
        if (this.running === run) this.running = null;
      });
    this.running = run;
  }

  /** Checks candidates in order until enough pass or the budget is spent; null when cancelled. */
  private async compute(language: Language, signal: AbortSignal): Promise<StarterQuestion[] | null> {
    const deadline = Date.now() + (this.deps.budgetMs ?? 8000);
    const count = this.deps.count ?? 4;
    const candidates = starterCandidates(librarySubjects(this.deps.store()), language);
    const probe = this.deps.probe();
    const kept: StarterQuestion[] = [];
    const kinds = new Map<string, number>();
    const docs = new Map<number, number>();
    const topics = new Set<string>();
    // Candidates over their kind's quota wait for a second pass, taken when the other kinds fell short.
    const deferred: StarterCandidate[] = [];
    for (const pass of [candidates, deferred]) {
      for (const c of pass) {
        if (kept.length >= count || Date.now() > deadline) break;
        if (pass === candidates && (kinds.get(c.kind) ?? 0) >= PER_KIND) {
          deferred.push(c);
          continue;
        }
        if (c.documentId !== null && (docs.get(c.documentId) ?? 0) >= PER_DOCUMENT) continue;
        const terms = contentTerms(c.topic ?? '');
        if (terms.filter((t) => topics.has(t)).length * 2 > terms.length) continue;
        await yieldToEventLoop();
        if (signal.aborted) return null;
        if (!(await this.check(c, probe, signal, deadline))) {
          if (signal.aborted) return null;
          continue;
        }
        kept.push({ text: c.text, kind: c.kind, documentId: c.documentId });
        for (const t of terms) topics.add(t);
        kinds.set(c.kind, (kinds.get(c.kind) ?? 0) + 1);
        if (c.documentId !== null) docs.set(c.documentId, (docs.get(c.documentId) ?? 0) + 1);
      }
    }
    return kept;
  }

  /** One candidate through the provider's answer path, within what is left of the run's time. */
  private async check(c: StarterCandidate, probe: StarterProbe, signal: AbortSignal, deadline: number) {
    const timed = AbortSignal.any([signal, AbortSignal.timeout(Math.max(1, deadline - Date.now()))]);
    try {
      const { result, retrievalOnly } = await probe(c.text, timed);
      return answers(c, result, retrievalOnly);
    } catch (err) {
      // One failed check (a model server gone, the deadline) says nothing of the next candidate's answer.
      if (!signal.aborted) this.deps.log?.(`starter question not checked: ${errorMessage(err)}`);
      return false;
    }
  }

  private load(): void {
    if (this.loaded) return;
    this.loaded = true;
    try {
      const saved = JSON.parse(this.deps.store().getMeta(META_KEY) ?? '{}') as Record<string, Entry>;
      for (const language of ['fr', 'en'] as const) {
        const e = saved[language];
        if (e && typeof e.key === 'string' && Array.isArray(e.questions)) this.entries.set(language, e);
      }
    } catch {
      // A damaged record only costs one run.
    }
  }

  private save(): void {
    this.deps.store().setMeta(META_KEY, JSON.stringify(Object.fromEntries(this.entries)));
  }
}
