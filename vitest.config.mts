import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The soak test runs the default rehearsal alone for minutes (npm run test:soak, its own step in .ci/run).
    exclude: ['test/soak/**', '**/node_modules/**'],
    testTimeout: 30_000,
    pool: 'forks',
  },
});
