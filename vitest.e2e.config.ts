import { defineConfig } from 'vitest/config';

// End-to-end: the built app (out/) through the browser host in Debian's Chromium, the CLI as a user runs it,
// and the reliability suite. Every file runs by default; LUCARNE_RELIABILITY_FULL=1 makes the reliability
// files take their long forms (more kill runs, the 100,000-file folder indexed to the end, both ways of
// filling the disk) instead of the shortened ones.

export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
