// H.265 cameras in the console in Chromium: Debian's Chromium (no GPU) cannot decode HEVC, so a tile plays the hub's
// H.264 transcode and says so with what it costs; a tile beyond the hub's transcode limit shows the refusal's reason.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../scripts/lib/chromium.js';
import { startRtspServer, type RtspServer } from '../support/rtsp-server.js';
import { startTestHub, TEST_PASSWORD, type TestHub } from '../support/test-hub.js';

interface CameraJson {
  health: { main: { codec: string | null } | null } | null;
}

describe('console: H.265 cameras in Chromium', () => {
  let server: RtspServer;
  let t: TestHub;
  let browser: Browser;

  beforeAll(async () => {
    server = await startRtspServer(['--codec', 'h265', '--size', '640x360', '--fps', '25', '--gop', '25']);
    const url = `rtsp://127.0.0.1:${server.port}/stream`;
    t = await startTestHub(
      [
        // Recorded, so the hub knows its codec before anyone watches: the console decides up front.
        { id: 'hevc-a', name: 'HEVC A', stage: 'processing', mainUrl: url, recordMode: 'continuous' },
        // Started on demand: its codec is unknown until the player meets it and fails.
        { id: 'hevc-b', name: 'HEVC B', stage: 'packaging', mainUrl: url, recordMode: 'off' },
      ],
      { transcode: { maxConcurrent: 1, maxWidth: 480, maxHeight: 270, maxFps: 15 } },
    );
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.hub.stop();
    await server?.stop();
  });

  /** Logs in on a page without live tiles: a default grid would start every camera and reveal their codecs. */
  async function login(page: Page, path: string): Promise<void> {
    await page.goto(`${t.base}/${path}`);
    await page.getByTestId('login-username').fill('center-op');
    await page.getByTestId('login-password').fill(TEST_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('current-user').waitFor();
  }

  it('plays an H.265 camera through the H.264 transcode and labels the tile with its size, rate and cost', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await login(page, '#/events');
    for (const codec of ['hev1.1.6.L93.B0', 'hvc1.1.6.L93.B0'])
      expect(await page.evaluate((c) => MediaSource.isTypeSupported(`video/mp4; codecs="${c}"`), codec)).toBe(false);
    const cookie = await t.login('center-op');
    await expect
      .poll(
        async () => ((await (await t.get('/api/cameras/hevc-a', cookie)).json()) as CameraJson).health?.main?.codec,
        {
          timeout: 20_000,
        },
      )
      .toMatch(/^(hev1|hvc1)\./); // the native engine writes hvc1, ffmpeg hev1
    const media: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/live/')) media.push(new URL(request.url()).pathname);
    });
    const started = Date.now();
    await page.goto(`${t.base}/#/live?camera=hevc-a`);
    await page.waitForFunction(() => (document.querySelector('video')?.currentTime ?? 0) > 0, null, {
      timeout: 30_000,
    });
    console.log(`first transcoded frame ${Date.now() - started} ms after opening the camera (no transcode before)`);
    await page.waitForFunction(() => (document.querySelector('video')?.currentTime ?? 0) > 1.5, null, {
      timeout: 20_000,
    });
    // The console knew the codec from the camera's health and never asked for the H.265 stream itself.
    expect(media.filter((path) => path.startsWith('/live/hevc-a/main/'))).toEqual([]);
    const tile = page.getByTestId('tile').first();
    expect(await tile.getAttribute('data-transcoded')).toBe('true');
    const label = page.getByTestId('tile-stream').first();
    // The console's language is Chinese first; the figures arrive with the hub's status.
    await expect
      .poll(() => label.textContent(), { timeout: 15_000 })
      .toMatch(/^转码 H\.264 480×270 · 1[45] fps · .*CPU \d+%/);
    console.log(`tile label: ${await label.textContent()}`);
    await context.close();
  }, 90_000);

  it('falls back to the transcode when the player meets H.265 it cannot decode, and shows a refusal at the limit', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const media: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/live/')) media.push(new URL(request.url()).pathname);
    });
    await login(page, '#/events');
    await page.goto(`${t.base}/#/live?grid=4&cameras=hevc-a,hevc-b`);
    await page.reload({ waitUntil: 'domcontentloaded' });
    const messages = page.getByTestId('tile-message');
    await expect
      .poll(async () => (await messages.allTextContents()).join(' | '), { timeout: 30_000 })
      .toContain('转码路数已满（1/1 路正在转码）');
    // hevc-b's own stream was tried first (its codec was unknown), then its transcode, which was refused.
    expect(media).toContain('/live/hevc-b/main/index.m3u8');
    expect(media).toContain('/live/hevc-b/h264/index.m3u8');
    await context.close();
  }, 90_000);
});
