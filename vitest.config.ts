import { defineConfig } from 'vitest/config';

/** Sync suites whose assertions are dialect-neutral run a second time on PostgreSQL (the store and queue suites run on both by themselves). */
const onPostgresToo = [
  'test/integration/kommoToEspTable.test.ts',
  'test/integration/kommoToMoosendAndCustomerio.test.ts',
  'test/integration/panelApi.test.ts',
  'test/integration/moosendPoll.test.ts',
];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 30_000,
    projects: [
      {
        extends: true,
        test: { name: 'all', include: ['backend-lite/**/*.test.ts', 'widget/**/*.test.ts', 'extension/**/*.test.ts', 'test/**/*.test.ts'] },
      },
      { extends: true, test: { name: 'postgres', include: onPostgresToo, env: { BRIDGE_TEST_DATABASE: 'postgres' } } },
    ],
  },
});
