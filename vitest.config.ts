import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['backend-lite/**/*.test.ts', 'widget/**/*.test.ts', 'extension/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
