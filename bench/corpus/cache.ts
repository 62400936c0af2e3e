// Generated corpora are cached between runs (generation of 10,000 files takes minutes); indexing runs work
// on a copy so edits and renames never touch the cached files.
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CorpusManifest, type CorpusOptions, generateCorpus } from './generate';
import { loadTextSource } from './text-source';

const CORPUS_VERSION = 1;

export async function ensureCorpus(
  cacheRoot: string,
  opts: CorpusOptions,
): Promise<CorpusManifest & { reused: boolean }> {
  const dir = join(cacheRoot, `corpus-${opts.files}-s${opts.seed ?? 1}-${loadTextSource().name}-v${CORPUS_VERSION}`);
  const manifestFile = join(dir, '..', `${dir.split('/').pop()}.json`);
  if (existsSync(manifestFile) && existsSync(dir)) {
    return { ...(JSON.parse(readFileSync(manifestFile, 'utf8')) as CorpusManifest), reused: true };
  }
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const manifest = await generateCorpus(dir, opts);
  writeFileSync(manifestFile, JSON.stringify(manifest));
  return { ...manifest, reused: false };
}

/** A fresh copy of a corpus at `dest` (paths inside the manifest are relative, so they stay valid). */
export function workingCopy(corpus: CorpusManifest, dest: string): CorpusManifest {
  rmSync(dest, { recursive: true, force: true });
  cpSync(corpus.dir, dest, { recursive: true });
  return { ...corpus, dir: dest };
}
