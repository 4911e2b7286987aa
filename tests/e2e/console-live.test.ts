// The console in Chromium: login, the org tree, a low-latency single view, a 16-tile grid over HTTP/2, branch scope,
// expired sessions, the admin page and the password change.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CameraSimulator, simulatedCameras } from '../../src/simulator/index.js';
import { launchChromium } from '../../scripts/lib/chromium.js';
import { chooseOption } from '../support/element-plus.js';
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
        // Small pictures at 15 fps: the grid test is about 16 players at once, not about decoding cost.
        width: 640,
        height: 360,
        fps: 15,
        bitrateKbps: 500,
        sub: { width: 256, height: 144, bitrateKbps: 120 },
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

  async function loginThroughForm(
    username: string,
    password = TEST_PASSWORD,
  ): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1600, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${https}/#/live`);
    await submitLogin(page, username, password);
    await page.getByTestId('org-tree').waitFor();
    return { context, page };
  }

  async function submitLogin(page: Page, username: string, password: string): Promise<void> {
    await page.getByTestId('login-username').fill(username);
    await page.getByTestId('login-password').fill(password);
    await page.getByTestId('login-submit').click();
  }

  const playing = (page: Page) =>
    page.waitForFunction(() => (document.querySelector('video')?.currentTime ?? 0) > 1, null, { timeout: 20_000 });

  /** Ends every session of a user for real: their absolute expiry, in the database, lies in the past. */
  function expireSessionsOf(username: string): number {
    const db = new Database(join(t.dataDir, 'vigil.db'));
    try {
      return db
        .prepare('UPDATE sessions SET expires_at = ? WHERE user_id = (SELECT id FROM users WHERE username = ?)')
        .run(Date.now() - 1, username).changes;
    } finally {
      db.close();
    }
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
    await playing(page);
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
    await page.reload({ waitUntil: 'domcontentloaded' });
    // Every tile reaches playing. On a loaded machine a tile at the live edge may rebuffer for a moment while
    // another starts, so the tiles are collected over the polls rather than required at one instant.
    const played = new Set<number>();
    const collectPlaying = async (): Promise<number> => {
      const tiles = await page.evaluate(() => window.__vigil?.tiles() ?? []);
      for (const tile of tiles) if (tile.state === 'playing') played.add(tile.tileIndex);
      return played.size;
    };
    await expect.poll(collectPlaying, { timeout: 45_000, interval: 200 }).toBe(16);
    // ...and then every video advances.
    const advancing = await page.evaluate(async () => {
      const videos = [...document.querySelectorAll('video')];
      const before = videos.map((video) => video.currentTime);
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      return videos.filter((video, index) => video.currentTime > (before[index] ?? 0)).length;
    });
    expect(advancing).toBe(16);
    await context.close();
  }, 120_000);

  it('works from the keyboard: arrows between tiles and tree rows, Enter for one camera alone, Esc back', async () => {
    const { context, page } = await loginThroughForm('center-op');
    const ids = sim.cameraIds().map((id) => `cam-${id}`);
    await page.goto(`${https}/#/live?grid=4&cameras=${ids.slice(0, 4).join(',')}`);
    await page.reload({ waitUntil: 'domcontentloaded' });
    const tiles = page.getByTestId('tile');
    const selected = () => page.locator('[data-testid="tile"].selected').getAttribute('data-tile-index');
    const layout = () => page.getByTestId('grid').getAttribute('data-layout');
    await tiles.first().focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(selected).toBe('1');
    await page.keyboard.press('ArrowDown');
    await expect.poll(selected).toBe('3');
    // Arrows stay within the row and the grid.
    await page.keyboard.press('ArrowRight');
    await expect.poll(selected).toBe('3');
    await page.keyboard.press('Enter');
    await expect.poll(layout).toBe('1');
    await page.keyboard.press('Escape');
    await expect.poll(layout).toBe('4');
    await expect.poll(selected).toBe('3');
    // The tree: from the search box down its rows; Enter on a camera puts it in the selected tile.
    await page.getByTestId('org-search').focus();
    for (let step = 0; step < 40; step += 1) {
      await page.keyboard.press('ArrowDown');
      if ((await page.evaluate(() => document.activeElement?.getAttribute('data-camera-id'))) === ids[5]) break;
    }
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-camera-id'))).toBe(ids[5]);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => window.__vigil?.tiles()[3]?.cameraId)).toBe(ids[5]);
    await context.close();
  });

  it('shows a branch inspector only the cameras of its own branch, and plays their live video only', async () => {
    const { context, page } = await loginThroughForm('east-insp');
    await expect.poll(() => page.getByTestId('camera-item').count(), { timeout: 10_000 }).toBe(8);
    const tree = (await page.getByTestId('org-tree').textContent()) ?? '';
    expect(tree).toContain('东企业');
    expect(tree).not.toContain('西企业');
    // cam01 belongs to the east enterprise: it plays.
    await page.goto(`${https}/#/live?camera=cam-cam01`);
    await playing(page);
    expect(await page.getByTestId('tile-status').first().getAttribute('data-status')).toBe('online');
    // cam02 is the west branch's: the console does not know it, and its media answers 403 with this session.
    const media = await page.request.get(`${https}/live/cam-cam02/main/index.m3u8`);
    expect(media.status()).toBe(403);
    expect((await page.request.get(`${https}/live/cam-cam01/main/index.m3u8`)).status()).toBe(200);
    await page.goto(`${https}/#/live?camera=cam-cam02`);
    await page.reload();
    await expect
      .poll(() => page.evaluate(() => (window.__vigil?.tiles() ?? []).some((tile) => tile.state === 'playing')))
      .toBe(false);
    expect(await page.getByTestId('org-tree').textContent()).not.toContain('Camera cam02');
    await context.close();
  });

  it('sends an expired session to the login page, and back to the same page after a new login', async () => {
    const { context, page } = await loginThroughForm('center-op');
    await page.goto(`${https}/#/live?camera=cam-cam03`);
    await playing(page);
    expect(expireSessionsOf('center-op')).toBeGreaterThan(0);
    await page.reload();
    await page.getByTestId('login-page').waitFor({ timeout: 10_000 });
    await submitLogin(page, 'center-op', TEST_PASSWORD);
    await page.getByTestId('org-tree').waitFor();
    expect(page.url()).toContain('camera=cam-cam03');
    await context.close();
  });

  it('shows the admin entry to admins only', async () => {
    const operator = await loginThroughForm('center-op');
    expect(await operator.page.getByTestId('nav-admin').count()).toBe(0);
    await operator.page.goto(`${https}/#/admin`);
    await operator.page.getByTestId('admin-forbidden').waitFor();
    expect((await operator.page.request.get(`${https}/api/admin/users`)).status()).toBe(403);
    await operator.context.close();
    const admin = await loginThroughForm('west-admin');
    await admin.page.getByTestId('nav-admin').click();
    await admin.page.getByTestId('admin-units').waitFor();
    await admin.page.getByTestId('admin-tab-users').click();
    const users = admin.page.getByTestId('admin-users-row');
    await expect.poll(() => users.count()).toBe(2);
    expect(await admin.page.getByTestId('admin-users').textContent()).not.toContain('east-insp');
    await admin.context.close();
  });

  it('lets a center admin add an enterprise through the form, with validation messages', async () => {
    const { context, page } = await loginThroughForm('center-admin');
    await page.goto(`${https}/#/admin?tab=enterprises`);
    await page.getByTestId('admin-enterprises').waitFor();
    await expect.poll(() => page.getByTestId('admin-enterprises-row').count()).toBe(3);
    await page.getByTestId('admin-add').click();
    const form = page.getByTestId('enterprise-form');
    await form.getByTestId('field-licenceNo').fill('无效');
    await form.getByTestId('form-submit').click();
    await expect.poll(() => form.getByTestId('field-error-name').textContent()).toBe('此项必填');
    await expect.poll(() => form.getByTestId('field-error-licenceNo').textContent()).toContain('许可证编号');
    await form.getByTestId('field-name').fill('北湾水产');
    await form.getByTestId('field-licenceNo').fill('SC-2024-77');
    await chooseOption(form, 'field-creditGrade', 'C');
    await chooseOption(form, 'field-orgUnitId', 'west');
    await form.getByTestId('form-submit').click();
    await form.waitFor({ state: 'detached' });
    await expect.poll(() => page.getByTestId('admin-enterprises-row').count()).toBe(4);
    expect(await page.getByTestId('admin-enterprises').textContent()).toContain('北湾水产');
    // The same licence again is a conflict, said in the form.
    await page.getByTestId('admin-add').click();
    await form.getByTestId('field-name').fill('重复');
    await form.getByTestId('field-licenceNo').fill('SC-2024-77');
    await form.getByTestId('form-submit').click();
    await expect.poll(() => form.getByTestId('form-error').textContent()).toContain('冲突');
    await form.getByTestId('form-cancel').click();
    await context.close();
  });

  it('lets every user change its password from the top bar', async () => {
    const { context, page } = await loginThroughForm('west-insp');
    await page.getByTestId('change-password').click();
    const form = page.getByTestId('password-form');
    await form.getByTestId('field-oldPassword').fill('not-the-password');
    await form.getByTestId('field-newPassword').fill('short');
    await form.getByTestId('field-confirm').fill('other');
    await form.getByTestId('form-submit').click();
    await expect.poll(() => form.getByTestId('field-error-newPassword').textContent()).toContain('至少 10 位');
    await expect.poll(() => form.getByTestId('field-error-confirm').textContent()).toBe('两次输入的新密码不一致');
    await form.getByTestId('field-newPassword').fill('Brand-new-pw-9');
    await form.getByTestId('field-confirm').fill('Brand-new-pw-9');
    await form.getByTestId('form-submit').click();
    await expect.poll(() => form.getByTestId('field-error-oldPassword').textContent()).toBe('当前密码不正确');
    await form.getByTestId('field-oldPassword').fill(TEST_PASSWORD);
    await form.getByTestId('form-submit').click();
    await page.getByTestId('password-changed').waitFor();
    await context.close();
    const again = await loginThroughForm('west-insp', 'Brand-new-pw-9');
    expect(await again.page.getByTestId('current-user').textContent()).toContain('west-insp');
    await again.context.close();
  });
});
