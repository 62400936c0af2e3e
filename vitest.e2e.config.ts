import { defineConfig } from 'vitest/config';

// End-to-end: the built app (out/) through the browser host in Debian's Chromium, the CLI as a user runs it.
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
