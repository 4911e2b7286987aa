// PTZ in Chromium on a simulated dome: a preset is saved, the camera is held away, "go to" brings the picture back;
// a second user sees who steers and a disabled pad.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../scripts/lib/chromium.js';
import { CameraSimulator, OnvifDeviceSimulator } from '../../src/simulator/index.js';
import { frameDifference } from '../support/frame-watch.js';
import { startTestHub, TEST_PASSWORD, type TestHub } from '../support/test-hub.js';

const DOME = 'dome';

describe('PTZ in the console', () => {
  let sim: CameraSimulator;
  let device: OnvifDeviceSimulator;
  let t: TestHub;
  let browser: Browser;

  beforeAll(async () => {
    const dome = {
      id: DOME,
      name: 'Dome',
      mode: 'live' as const,
      width: 480,
      height: 270,
      fps: 15,
      gopSeconds: 1,
      bitrateKbps: 600,
      sub: { width: 320, height: 180, bitrateKbps: 300 },
      ptz: true,
    };
    sim = new CameraSimulator({ cameras: [dome], ffmpegPath: 'ffmpeg' });
    await sim.start();
    device = new OnvifDeviceSimulator({
      camera: dome,
      rtspUrl: (stream) => sim.url(DOME, stream),
      ptz: sim.ptzOf(DOME),
    });
    await device.start();
    t = await startTestHub([
      {
        id: 'cam-dome',
        name: '车间球机',
        stage: 'processing',
        mainUrl: sim.url(DOME, 'main'),
        subUrl: sim.url(DOME, 'sub'),
        onvifUrl: device.deviceServiceUrl,
        recordMode: 'off',
      },
    ]);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.hub.stop();
    await device?.stop();
    await sim?.stop();
  });

  async function openDome(username: string): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${t.base}/#/live?camera=cam-dome`);
    await page.getByTestId('login-username').fill(username);
    await page.getByTestId('login-password').fill(TEST_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('ptz-pad').waitFor({ timeout: 20_000 });
    await page.waitForFunction(() => (document.querySelector('video')?.currentTime ?? 0) > 1, null, {
      timeout: 30_000,
    });
    return { context, page };
  }

  /** The picture the <video> shows now, as 32×18 grey levels. */
  const frameOf = async (page: Page): Promise<Buffer> =>
    Buffer.from(
      await page.evaluate(() => {
        const video = document.querySelector('video') as HTMLVideoElement;
        const canvas = document.createElement('canvas');
        canvas.width = 32;
        canvas.height = 18;
        const context = canvas.getContext('2d', { willReadFrequently: true }) as CanvasRenderingContext2D;
        context.drawImage(video, 0, 0, 32, 18);
        const rgba = context.getImageData(0, 0, 32, 18).data;
        const grey: number[] = [];
        for (let i = 0; i < rgba.length; i += 4) {
          grey.push(Math.round(0.299 * (rgba[i] ?? 0) + 0.587 * (rgba[i + 1] ?? 0) + 0.114 * (rgba[i + 2] ?? 0)));
        }
        return grey;
      }),
    );

  /** Polls the picture until `test` holds; returns the frame and how long it took. */
  async function pictureUntil(page: Page, test: (frame: Buffer) => boolean, timeoutMs = 20_000) {
    const started = Date.now();
    for (;;) {
      const frame = await frameOf(page);
      if (test(frame)) return { frame, ms: Date.now() - started };
      if (Date.now() - started > timeoutMs) throw new Error('the picture did not get there');
      await page.waitForTimeout(100);
    }
  }

  it('saves a preset, moves away while held, goes back; another user sees who steers', async () => {
    const admin = await openDome('center-admin');
    const operator = await openDome('center-op');
    const home = (await pictureUntil(admin.page, () => true)).frame;

    await admin.page.getByTestId('ptz-preset-name').fill('入口');
    await admin.page.getByTestId('ptz-save').click();
    await expect.poll(() => admin.page.getByTestId('ptz-preset-select').textContent()).toContain('入口');

    // Hold "right" until the picture has clearly turned, then let go.
    const right = admin.page.getByTestId('ptz-right');
    await right.hover();
    await admin.page.mouse.down();
    const away = await pictureUntil(admin.page, (frame) => frameDifference(frame, home) > 30);
    // Meanwhile the operator's pad is disabled and says who steers.
    await expect
      .poll(() => operator.page.getByTestId('ptz-status').textContent(), { timeout: 10_000 })
      .toMatch(/正在由 center-admin 控制（还剩 \d+ 秒）/);
    expect(await operator.page.getByTestId('ptz-up').isDisabled()).toBe(true);
    await admin.page.mouse.up();
    console.log(`picture turned ${away.ms} ms after the button was pressed`);

    const sent = Date.now();
    await admin.page.getByTestId('ptz-goto').click();
    // The same view again: only the pattern's own animation and the clock differ (a turned view differs by over 30).
    const back = await pictureUntil(admin.page, (frame) => frameDifference(frame, home) < 15);
    console.log(
      `picture back ${Date.now() - sent} ms after "go to preset" (difference ${frameDifference(back.frame, home).toFixed(1)})`,
    );

    // The admin lets go of the camera: the operator may steer at once.
    await admin.page.getByTestId('ptz-release').click();
    await expect.poll(() => operator.page.getByTestId('ptz-up').isDisabled(), { timeout: 10_000 }).toBe(false);
    // ...and the preset saved meanwhile is in its list.
    await expect.poll(() => operator.page.getByTestId('ptz-preset-select').textContent()).toContain('入口');
    // The operator steers from the keyboard: an arrow key held on the pad turns the camera until it is let go.
    const start = await pictureUntil(operator.page, () => true);
    await operator.page.getByTestId('ptz-stop').focus();
    await operator.page.keyboard.down('ArrowLeft');
    await pictureUntil(operator.page, (frame) => frameDifference(frame, start.frame) > 30);
    await operator.page.keyboard.up('ArrowLeft');
    await expect.poll(() => admin.page.getByTestId('ptz-status').textContent()).toMatch(/正在由 center-op 控制/);
    await admin.context.close();
    await operator.context.close();
  }, 120_000);
});
