// Camera registration in the console (Chromium): discovery wizard → device login → profiles → stream test → save → live; CSV import; push settings.
import type { ChildProcess } from 'node:child_process';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdminCamera } from '../../src/contracts/index.js';
import type { CameraSimulator } from '../../src/simulator/index.js';
import type { OnvifDeviceSimulator } from '../../src/simulator/onvif-device.js';
import { launchChromium } from '../../scripts/lib/chromium.js';
import { startOnvifCamera, type OnvifCamera } from '../support/onvif-camera.js';
import { pushTestPattern } from '../support/rtmp-pusher.js';
import { startTestHub, TEST_PASSWORD, type TestHub } from '../support/test-hub.js';

const credentials = { username: 'admin', password: 'Gate-pw-77' };
const config = { id: 'dock' };

describe('camera registration in the console', () => {
  let device: OnvifCamera;
  let rtsp: CameraSimulator;
  let onvif: OnvifDeviceSimulator;
  let t: TestHub;
  let browser: Browser;
  let page: Page;
  let pusher: ChildProcess | undefined;

  beforeAll(async () => {
    device = await startOnvifCamera({
      id: config.id,
      name: 'Intake dock',
      credentials,
      device: { advertisedHost: '10.255.0.1' },
    });
    ({ rtsp, onvif } = device);
    t = await startTestHub([]);
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    page = await context.newPage();
    await page.goto(`${t.base}/#/admin?tab=discovery`);
    await page.getByTestId('login-username').fill('center-admin');
    await page.getByTestId('login-password').fill(TEST_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('admin-discovery').waitFor();
  });

  afterAll(async () => {
    pusher?.kill('SIGKILL');
    await browser?.close();
    await t?.hub.stop();
    await device?.stop();
  });

  it('finds the device by a sweep, rejects a wrong password, registers it and plays it live', async () => {
    await page.getByTestId('discovery-range').fill('127.0.0.1');
    await page.getByTestId('discovery-port').fill(String(onvif.discoveryPort));
    await page.getByTestId('discovery-start').click();
    await page.getByTestId('discovery-device').waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('discovery-status').textContent()).toContain('发现 1 台设备');
    await page.getByTestId('discovery-pick').click();

    await page.getByTestId('device-username').fill(credentials.username);
    await page.getByTestId('device-password').fill('wrong');
    await page.getByTestId('device-read').click();
    await expect.poll(() => page.getByTestId('device-status').textContent()).toMatch(/authentication failed/);

    await page.getByTestId('device-password').fill(credentials.password);
    await page.getByTestId('device-read').click();
    await page.getByTestId('device-main-profile').waitFor();
    // The recommended profiles are chosen: their options are the selected ones.
    const selected = (select: string, token: string) =>
      page.getByTestId(select).getByTestId(`option-${token}`).getAttribute('aria-selected');
    expect(await selected('device-main-profile', 'main')).toBe('true');
    expect(await selected('device-sub-profile', 'sub')).toBe('true');
    await page.getByTestId('device-next').click();

    await page.getByTestId('camera-form').waitFor();
    // The stream URI is the address the hub reached, not the one the device reported.
    expect(await page.getByTestId('camera-main-url').inputValue()).toBe(rtsp.url(config.id, 'main'));
    await page.getByTestId('camera-name').fill('原料验收口');
    await page.getByTestId('camera-test-stream').click();
    await expect
      .poll(() => page.getByTestId('camera-test-result').textContent(), { timeout: 15_000 })
      .toContain('H264 · 320×240 · 25 fps');
    await page.getByTestId('camera-save').click();
    // The wizard sweeps again after saving: the device now shows as added.
    await expect.poll(() => page.getByTestId('discovery-pick').textContent(), { timeout: 10_000 }).toBe('已添加');

    const cameras = await page.evaluate(
      async () => (await (await fetch('/api/admin/cameras')).json()) as { cameras: AdminCamera[] },
    );
    const camera = cameras.cameras.find((c) => c.name === '原料验收口');
    expect(camera).toMatchObject({ hasPassword: true, hasSub: true, onvifUrl: onvif.deviceServiceUrl });

    // Leaving the admin page reads the org tree again, with the new camera in it.
    await page.goto(`${t.base}/#/live?camera=${camera!.id}`);
    await page.waitForFunction(() => (document.querySelector('video')?.currentTime ?? 0) > 1, null, {
      timeout: 25_000,
    });
    expect(await page.getByTestId('tile-status').first().getAttribute('data-status')).toBe('online');
  });

  it('imports a CSV and shows the report row by row', async () => {
    await page.goto(`${t.base}/#/admin?tab=import`);
    await page.getByTestId('import-file').setInputFiles({
      name: 'cameras.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(
        '\ufeffenterprise,name,stage,main_url,record_mode\r\nent-east,Cold store,storage,rtsp://10.9.0.1/main,off\r\nent-east,Roof,roof,rtsp://10.9.0.2/main,off\r\n',
      ),
    });
    await page.getByTestId('import-upload').click();
    await page.getByTestId('import-report').waitFor();
    expect(await page.getByTestId('import-status').textContent()).toContain('已导入 1 台，失败 1 台');
    const failed = page.locator('[data-testid="import-row"][data-ok="false"]');
    expect(await failed.getAttribute('data-row')).toBe('3');
    expect(await failed.textContent()).toContain('stage: "roof"');
  });

  it('shows a push camera’s server URL and stream key, makes a new key, and plays what a device pushes with it', async () => {
    const created = await page.evaluate(async () => {
      const response = await fetch('/api/admin/cameras', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ enterpriseId: 'ent-east', name: 'Mobile unit', stage: 'other', sourceKind: 'rtmp' }),
      });
      return (await response.json()) as AdminCamera;
    });
    await page.goto(`${t.base}/#/admin?tab=push`);
    const card = page.locator(`[data-testid="push-camera"][data-camera-id="${created.id}"]`);
    await card.waitFor();
    expect(await card.getByTestId('push-server-url').inputValue()).toMatch(/^rtmp:\/\/127\.0\.0\.1:\d+\/live$/);
    const name = await card.getByTestId('push-stream-name').inputValue();
    expect(name).toMatch(new RegExp(`^${created.id}\\?key=[0-9a-f]{32}$`));
    await card.getByTestId('push-regenerate').click();
    // The console asks before the old key stops working.
    await page.locator('.el-message-box').getByRole('button', { name: '重新生成密钥' }).click();
    await expect
      .poll(() =>
        page
          .locator(`[data-testid="push-camera"][data-camera-id="${created.id}"]`)
          .getByTestId('push-stream-name')
          .inputValue(),
      )
      .not.toBe(name);

    const fullUrl = await page
      .locator(`[data-testid="push-camera"][data-camera-id="${created.id}"]`)
      .getByTestId('push-full-url')
      .inputValue();
    pusher = pushTestPattern(fullUrl).child;
    await page.goto(`${t.base}/#/live?camera=${created.id}`);
    await page.waitForFunction(() => (document.querySelector('video')?.currentTime ?? 0) > 1, null, {
      timeout: 25_000,
    });
  });
});
