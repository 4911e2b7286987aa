// Test runner: unit, integration (real ffmpeg, RTSP peers, SQLite), end-to-end and console component (Chromium) suites.
import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './scripts/lib/chromium.js';
import { hubPort } from './tests/components/hub-port.js';
import { consoleCompile } from './web/vite.config.js';

/** Files that drive Chromium with many players: they run after the rest, one at a time, so no two share the cores. */
const ALONE = [
  'tests/e2e/console-live.test.ts',
  'tests/e2e/console-hevc.test.ts',
  'tests/e2e/console-events.test.ts',
  'tests/e2e/console-registration.test.ts',
  'tests/e2e/playback-reason.test.ts',
  'tests/e2e/console-federation.test.ts',
  'tests/e2e/console-cases.test.ts',
  'tests/e2e/supervision-flow.test.ts',
  'tests/e2e/console-overview.test.ts',
];

/** The hub the console's components talk to, through their dev server as the console talks to it in development. */
const componentHub = { target: `http://127.0.0.1:${hubPort()}`, changeOrigin: false };

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
          exclude: [...ALONE, 'tests/components/**'],
          maxWorkers: 2,
        },
      },
      {
        // Console components rendered in Debian's Chromium, compiled as the console build compiles them.
        ...consoleCompile(false),
        server: { proxy: { '/api': componentHub, '/socket.io': { ...componentHub, ws: true } } },
        // Pre-bundled before the first file runs, so no test is reloaded when a dependency is first met.
        optimizeDeps: {
          include: [
            'vue',
            'vue-router',
            'vue-i18n',
            'pinia',
            'element-plus/es',
            'vitest-browser-vue',
            'socket.io-client',
          ],
        },
        test: {
          setupFiles: ['tests/components/setup.ts'],
          globalSetup: ['tests/components/hub-setup.ts'],
          // One file at a time: the files share the hub, and the cameras tab lists every camera on it.
          fileParallelism: false,
          name: 'components',
          include: ['tests/components/**/*.test.ts'],
          // After the Chromium-heavy files, in one browser of their own.
          sequence: { groupOrder: 2 },
          maxWorkers: 1,
          browser: {
            enabled: true,
            headless: true,
            provider: playwright({ launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS } }),
            instances: [{ browser: 'chromium' }],
            api: { host: '127.0.0.1' },
          },
        },
      },
      {
        test: { ...shared, name: 'alone', include: ALONE, maxWorkers: 1, sequence: { groupOrder: 1 } },
      },
    ],
  },
});
