import { defineConfig } from 'vitest/config';

/** The soak test alone: what `npm start` runs, measured on this machine with nothing else competing for it. */
export default defineConfig({
  test: {
    include: ['test/soak/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 420_000,
    pool: 'forks',
  },
});
