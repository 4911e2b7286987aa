// A hub for benchmarks: simulated cameras, a seeded province in a temporary directory, and Chromium to watch it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { parseConfig } from '../../src/config/index.js';
import { Hub } from '../../src/hub.js';
import { createLogger } from '../../src/shared/index.js';
import { CameraSimulator, simulatedCameras } from '../../src/simulator/index.js';
import { benchHubSettings } from './bench-settings.js';
import { seedProvince, TEST_PASSWORD } from './province.js';

export interface BenchHub {
  httpsBase: string;
  httpBase: string;
  cameraIds: string[];
  stop(): Promise<void>;
}

export interface BenchHubOptions {
  cameras: number;
  /** The first `recorded` cameras run always; the rest start on their first viewer. */
  recorded: number;
  width?: number;
  height?: number;
  bitrateKbps?: number;
  /** Simulated cameras encode live (clock burned in) or loop a clip (always on, like a real camera). */
  mode?: 'live' | 'loop';
}

export async function startBenchHub(options: BenchHubOptions): Promise<BenchHub> {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-'));
  const simulator = new CameraSimulator({
    ffmpegPath: 'ffmpeg',
    cameras: simulatedCameras(options.cameras, {
      mode: options.mode ?? 'live',
      width: options.width ?? 640,
      height: options.height ?? 360,
      bitrateKbps: options.bitrateKbps ?? 800,
      sub: { width: 320, height: 180, bitrateKbps: 250 },
    }),
  });
  await simulator.start();
  const cameraIds = simulator.cameraIds().map((id) => `bench-${id}`);
  await seedProvince(
    dir,
    simulator.cameraIds().map((id, index) => ({
      id: `bench-${id}`,
      name: `Bench ${id}`,
      stage: 'processing' as const,
      mainUrl: simulator.url(id, 'main'),
      subUrl: simulator.url(id, 'sub'),
      recordMode: index < options.recorded ? ('continuous' as const) : ('off' as const),
    })),
  );
  const logLevel = process.env.BENCH_HUB_LOG ?? 'warn';
  const config = parseConfig(benchHubSettings(dir, { https: true, logLevel }));
  const hub = new Hub(config, createLogger({ level: logLevel }));
  const info = await hub.start();
  return {
    httpsBase: `https://127.0.0.1:${info.httpsPort}`,
    httpBase: `http://127.0.0.1:${info.httpPort}`,
    cameraIds,
    async stop() {
      await hub.stop();
      await simulator.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export { launchChromium as openBrowser } from './chromium.js';

/** A browser context logged in as the center operator. */
export async function loggedInContext(browser: Browser, base: string): Promise<BrowserContext> {
  const context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1600, height: 900 } });
  const response = await context.request.post(`${base}/api/auth/login`, {
    data: { username: 'center-op', password: TEST_PASSWORD },
  });
  if (response.status() !== 200) throw new Error(`login failed: ${response.status()}`);
  return context;
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] as number;
}

export function flag(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const value = index >= 0 ? Number(process.argv[index + 1]) : NaN;
  return Number.isFinite(value) ? value : fallback;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
