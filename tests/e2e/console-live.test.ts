// The console in Chromium: login, the org tree, a low-latency single view and a 16-tile grid over HTTP/2.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CameraSimulator, simulatedCameras } from '../../src/simulator/index.js';
import { launchChromium } from '../../scripts/lib/chromium.js';
import { startTestHub, TEST_PASSWORD, type TestHub } from '../support/test-hub.js';

describe('console live view in Chromium', () => {
  let sim: CameraSimulator;
  let t: TestHub;
  let browser: Browser;
  let https: string;

  beforeAll(async () => {
    sim = new CameraSimulator({
      ffmpegPath: 'ffmpeg',
      cameras: simulatedCameras(16, {
        mode: 'loop',
        width: 640,
        height: 360,
        bitrateKbps: 600,
        sub: { width: 320, height: 180, bitrateKbps: 200 },
      }),
    });
    await sim.start();
    t = await startTestHub(
      sim.cameraIds().map((id, index) => ({
        id: `cam-${id}`,
        name: `Camera ${id}`,
        stage: 'processing' as const,
        enterprise: index % 2 === 0 ? ('east' as const) : ('west' as const),
        mainUrl: sim.url(id, 'main'),
        subUrl: sim.url(id, 'sub'),
        recordMode: index < 2 ? ('continuous' as const) : ('off' as const),
      })),
      { server: { host: '127.0.0.1', port: 0, https: { enabled: true, port: 0 } } },
    );
    https = `https://127.0.0.1:${t.info.httpsPort}`;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.hub.stop();
    await sim?.stop();
  });

  async function loginThroughForm(username: string): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1600, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${https}/#/live`);
    await page.getByTestId('login-username').fill(username);
    await page.getByTestId('login-password').fill(TEST_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('org-tree').waitFor();
    return { context, page };
  }

  it('logs in and lists the org tree with every camera in scope', async () => {
    const { context, page } = await loginThroughForm('center-op');
    await expect.poll(() => page.getByTestId('camera-item').count(), { timeout: 10_000 }).toBe(16);
    expect(await page.getByTestId('org-tree').textContent()).toContain('东分局');
    expect(await page.getByTestId('org-tree').textContent()).toContain('西分局');
    await context.close();
  });

  it('plays a camera with hls.js in low-latency mode, using blocking playlist reloads', async () => {
    const { context, page } = await loginThroughForm('center-op');
    const blocking: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('_HLS_msn=')) blocking.push(request.url());
    });
    await page.goto(`${https}/#/live?camera=cam-cam01`);
    await page.waitForFunction(() => (document.querySelector('video')?.currentTime ?? 0) > 1, null, {
      timeout: 20_000,
    });
    const player = await page.evaluate(() => {
      const first = window.__vigil?.players.get(0);
      return { lowLatency: first?.hls?.config.lowLatencyMode, latencyMs: window.__vigil?.latencies()[0]?.latencyMs };
    });
    expect(player.lowLatency).toBe(true);
    expect(player.latencyMs).toBeGreaterThan(0);
    expect(player.latencyMs).toBeLessThan(5_000);
    // Every new part is asked for with a blocking reload (about five a second).
    await expect.poll(() => blocking.length, { timeout: 10_000 }).toBeGreaterThan(5);
    expect(await page.getByTestId('tile-status').first().getAttribute('data-status')).toBe('online');
    await context.close();
  });

  it('plays every tile of a 16-tile grid', async () => {
    const { context, page } = await loginThroughForm('center-op');
    const ids = sim.cameraIds().map((id) => `cam-${id}`);
    await page.goto(`${https}/#/live?grid=16&cameras=${ids.join(',')}`);
    await page.reload();
    const allPlaying = async (): Promise<number> =>
      page.evaluate(() => (window.__vigil?.tiles() ?? []).filter((tile) => tile.state === 'playing').length);
    await expect.poll(allPlaying, { timeout: 45_000, interval: 500 }).toBe(16);
    const advancing = await page.evaluate(async () => {
      const videos = [...document.querySelectorAll('video')];
      const before = videos.map((video) => video.currentTime);
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      return videos.filter((video, index) => video.currentTime > (before[index] ?? 0)).length;
    });
    expect(advancing).toBe(16);
    await context.close();
  });

  it('shows a branch inspector only the cameras of its own branch', async () => {
    const { context, page } = await loginThroughForm('east-insp');
    await expect.poll(() => page.getByTestId('camera-item').count(), { timeout: 10_000 }).toBe(8);
    const tree = (await page.getByTestId('org-tree').textContent()) ?? '';
    expect(tree).toContain('东企业');
    expect(tree).not.toContain('西企业');
    await context.close();
  });
});
