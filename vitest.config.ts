// Test runner: unit, integration (real ffmpeg, RTSP peers, SQLite) and end-to-end (Chromium) suites.
import { defineConfig } from 'vitest/config';

/** Files that drive Chromium with many players: they run after the rest, one at a time, so no two share the cores. */
const ALONE = [
  'tests/e2e/console-live.test.ts',
  'tests/e2e/console-events.test.ts',
  'tests/e2e/console-registration.test.ts',
  'tests/e2e/playback-reason.test.ts',
  'tests/e2e/console-federation.test.ts',
];

const shared = { testTimeout: 60_000, hookTimeout: 60_000, pool: 'forks' } as const;

export default defineConfig({
  test: {
    reporters: ['default', './tests/support/slowest-files-reporter.ts'],
    projects: [
      {
        // Two cores: integration tests run real encoders, so at most two files at once.
        test: {
          ...shared,
          name: 'parallel',
          sequence: { groupOrder: 0 },
          include: ['tests/**/*.test.ts'],
          exclude: ALONE,
          maxWorkers: 2,
        },
      },
      {
        test: { ...shared, name: 'alone', include: ALONE, maxWorkers: 1, sequence: { groupOrder: 1 } },
      },
    ],
  },
});
