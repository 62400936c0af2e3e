// Where the tests' and benchmarks' files are, relative to the repository, never absolute: the fixtures
// committed here (test-support/fixtures/) and the large shared ones kept beside the repository, in
// <repo>/../shared/fixtures (docs/, scifact/, ...) unless LUCARNE_FIXTURES names another folder.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The shared fixtures folder (not in the repository: too large). */
export const SHARED_FIXTURES = process.env.LUCARNE_FIXTURES ?? join(REPO, '..', 'shared', 'fixtures');

/** A path in the shared fixtures, e.g. sharedFixture('docs', 'pdfjs__tracemonkey.pdf'). */
export function sharedFixture(...parts: string[]): string {
  return join(SHARED_FIXTURES, ...parts);
}

/** BEIR SciFact in the shared fixtures; LUCARNE_SCIFACT points elsewhere. */
export const SCIFACT_DIR = process.env.LUCARNE_SCIFACT ?? sharedFixture('scifact');

/** A path in the fixtures committed with the repository (test-support/fixtures/), e.g. repoFixture('ocr'). */
export function repoFixture(...parts: string[]): string {
  return join(REPO, 'test-support', 'fixtures', ...parts);
}
