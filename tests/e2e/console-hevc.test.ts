// H.265 cameras in the console in Chromium: Debian's Chromium (no GPU) cannot decode HEVC, so a tile plays the hub's
// H.264 transcode and says so with what it costs; a tile beyond the hub's transcode limit shows the refusal's reason.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../scripts/lib/chromium.js';
import { startRtspServer, type RtspServer } from '../support/rtsp-server.js';
import { startTestHub, TEST_PASSWORD, type TestHub } from '../support/test-hub.js';

describe('console: H.265 cameras in Chromium', () => {
  let server: RtspServer;
  let t: TestHub;
  let browser: Browser;

  beforeAll(async () => {
    server = await startRtspServer(['--codec', 'h265', '--size', '640x360', '--fps', '25', '--gop', '25']);
    const url = `rtsp://127.0.0.1:${server.port}/stream`;
    t = await startTestHub(
      [
        { id: 'hevc-a', name: 'HEVC A', stage: 'processing', mainUrl: url, recordMode: 'off' },
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

  async function login(page: Page, path: string): Promise<void> {
    await page.goto(`${t.base}/${path}`);
    await page.getByTestId('login-username').fill('center-op');
    await page.getByTestId('login-password').fill(TEST_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('org-tree').waitFor();
  }

  it('plays an H.265 camera through the H.264 transcode and labels the tile with its size, rate and cost', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await login(page, '#/live');
    expect(await page.evaluate(() => MediaSource.isTypeSupported('video/mp4; codecs="hev1.1.6.L93.B0"'))).toBe(false);
    const started = Date.now();
    await page.goto(`${t.base}/#/live?camera=hevc-a`);
    await page.waitForFunction(() => (document.querySelector('video')?.currentTime ?? 0) > 0, null, {
      timeout: 30_000,
    });
    console.log(`first transcoded frame ${Date.now() - started} ms after opening the camera (hub idle before)`);
    await page.waitForFunction(() => (document.querySelector('video')?.currentTime ?? 0) > 1.5, null, {
      timeout: 20_000,
    });
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

  it('shows the reason in a tile when the hub is at its transcode limit', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await login(page, '#/live');
    await page.goto(`${t.base}/#/live?grid=4&cameras=hevc-a,hevc-b`);
    await page.reload({ waitUntil: 'domcontentloaded' });
    const messages = page.getByTestId('tile-message');
    await expect
      .poll(async () => (await messages.allTextContents()).join(' | '), { timeout: 30_000 })
      .toContain('转码路数已满（1/1 路正在转码）');
    await context.close();
  }, 90_000);
});
