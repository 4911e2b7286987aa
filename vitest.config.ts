// Test runner: unit, integration (real ffmpeg, RTSP peers, SQLite) and end-to-end (Chromium) suites.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Two cores: integration tests run real encoders, so at most two files at once.
    maxWorkers: 2,
  },
});
