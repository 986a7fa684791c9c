import { defineConfig } from 'vitest/config';

/**
 * Test tiers (ARCHITECTURE.md):
 * - unit: pure logic beside the code (*.test.ts)
 * - db: services, repositories and HTTP (app.inject / a listening server) against a real database:
 *   PGlite by default, PostgreSQL when DATABASE_URL is set (*.db.test.ts)
 * - services: several server processes on PostgreSQL + NATS (requires DATABASE_URL and NATS_URL)
 * - browser: the built pages in Debian's Chromium
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: [
            'apps/server/src/**/*.test.ts',
            'apps/mobile/src/**/*.test.ts',
            'packages/*/src/**/*.test.ts',
          ],
          exclude: ['**/*.db.test.ts', '**/node_modules/**'],
        },
      },
      {
        test: {
          name: 'db',
          include: ['apps/server/src/**/*.db.test.ts', 'apps/server/test/db/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'services',
          include: ['apps/server/test/services/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'browser',
          include: ['apps/server/test/browser/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
