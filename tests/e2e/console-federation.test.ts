// The center's console in Chromium: the org tree holds both branch hubs' cameras, a branch camera plays live through
// the center (leased from its branch over NATS) and recorded (relayed from the branch, then retrieved), and the link
// health page lists both branches.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../scripts/lib/chromium.js';
import type { CameraSimulator } from '../../src/simulator/index.js';
import { smallLoopSimulator } from '../support/branch-cameras.js';
import type { CameraList } from '../../src/contracts/index.js';
import { startFederatedPair, type FederatedPair } from '../support/federation.js';
import { waitUntil } from '../support/processes.js';
import { assertAvailable, commandMissing, skipWhenMissing } from '../support/requirements.js';
import { TEST_PASSWORD } from '../support/test-hub.js';
import { tempDir } from '../support/temp-dir.js';
import { encodeClip, placeRecordings } from '../../scripts/lib/seed-recordings.js';
import { join } from 'node:path';

const natsMissing = commandMissing('nats-server', 'nats-server');

describe.skipIf(skipWhenMissing('nats-server', natsMissing))('the center console over federated branches', () => {
  let sim: CameraSimulator;
  let pair: FederatedPair;
  let browser: Browser;
  /** Three recordings of east's camera, twenty minutes ago. */
  const firstMs = Math.floor((Date.now() - 20 * 60_000) / 1000) * 1000;
  const pad = (n: number) => String(n).padStart(2, '0');
  const first = new Date(firstMs);
  const day = `${first.getFullYear()}-${pad(first.getMonth() + 1)}-${pad(first.getDate())}`;
  const clock = (ms: number) => {
    const at = new Date(ms);
    return `${pad(at.getHours())}:${pad(at.getMinutes())}:${pad(at.getSeconds())}`;
  };

  const login = async (username: string) => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${pair.center.base}/#/live`);
    await page.getByTestId('login-username').fill(username);
    await page.getByTestId('login-password').fill(TEST_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('org-tree').waitFor();
    return { context, page };
  };

  beforeAll(async () => {
    assertAvailable('nats-server', natsMissing);
    sim = await smallLoopSimulator(2);
    const point = (id: string, name: string, enterprise: 'east' | 'west', simId: string) => ({
      id,
      name,
      stage: 'packaging' as const,
      enterprise,
      mainUrl: sim.url(simId, 'main'),
      subUrl: sim.url(simId, 'sub'),
      recordMode: 'off' as const,
    });
    const clip = join(tempDir(), 'clip.mp4');
    encodeClip(clip, 6, 300);
    pair = await startFederatedPair(
      [point('cam-a', '东港包装线', 'east', 'cam01')],
      // West's line is too thin for even one sub stream: its camera is refused with the reason.
      { lineKbps: { east: 20_000, west: 500 }, retrievalKbps: 10_000 },
      [point('cam-b', '西山冷库', 'west', 'cam02')],
      (dataDir) => placeRecordings(dataDir, 'cam-a', clip, { firstMs, count: 3, fileSeconds: 6 }),
    );
    // The console reads the tree when it opens: wait until the center has both branches' catalogs.
    const operator = await pair.center.login('center-op');
    const mirrored = async () =>
      ((await (await pair.center.get('/api/cameras', operator)).json()) as CameraList).cameras.filter((c) => c.remote)
        .length === 2;
    expect(await waitUntil(mirrored, 20_000, 100)).toBe(true);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await pair?.stop();
    await sim?.stop();
  });

  it("lists both branches' cameras in the center's tree and plays one of them live", async () => {
    const { context, page } = await login('center-op');
    await expect
      .poll(async () => (await page.getByTestId('org-tree').textContent()) ?? '', { timeout: 20_000 })
      .toMatch(/东港包装线[\s\S]*西山冷库|西山冷库[\s\S]*东港包装线/);
    await page.goto(`${pair.center.base}/#/live?camera=${encodeURIComponent('east~cam-a')}`);
    const media: string[] = [];
    page.on('request', (request) => media.push(new URL(request.url()).pathname));
    await page.reload();
    await page.waitForFunction(() => (document.querySelector('video')?.currentTime ?? 0) > 1, null, {
      timeout: 30_000,
    });
    expect(pair.branch.hub.federation?.outgoingStreams).toBe(1);
    // Over the WAN the single view plays the branch camera's sub stream.
    expect(media.some((path) => path.startsWith('/live/east~cam-a/sub/'))).toBe(true);
    expect(media.some((path) => path.startsWith('/live/east~cam-a/main/'))).toBe(false);
    await context.close();
  });

  it('shows why a branch camera is refused when its link is full', async () => {
    const { context, page } = await login('center-op');
    await page.goto(`${pair.center.base}/#/live?camera=${encodeURIComponent('west~cam-b')}`);
    await page.reload();
    await expect
      .poll(async () => (await page.getByTestId('tile').first().textContent()) ?? '', { timeout: 20_000 })
      .toMatch(/暂时无法播放：与 西分局 的链路已满：0 路占用 0\.0 \/ 0\.4 Mbit\/s，本路需要 0\.6 Mbit\/s/);
    await context.close();
  });

  it("plays a branch camera's recordings relayed from the branch, then retrieves them to the center", async () => {
    const { context, page } = await login('center-admin');
    await page.goto(`${pair.center.base}/#/playback?camera=${encodeURIComponent('east~cam-a')}&day=${day}`);
    await page.waitForFunction(() => (document.querySelector('video')?.currentTime ?? 0) > 1, null, {
      timeout: 30_000,
    });
    await page.getByTestId('timeline-range').first().waitFor();
    expect(await page.getByTestId('timeline-retrieved').count()).toBe(0);
    // The first two files, retrieved into the center's storage from the console.
    await page.getByTestId('retrieve-panel').waitFor();
    await page.getByTestId('export-from').fill(clock(firstMs));
    await page.getByTestId('export-to').fill(clock(firstMs + 11_000));
    await page.getByTestId('retrieve-start').click();
    await expect
      .poll(async () => (await page.getByTestId('retrieve-status').textContent()) ?? '', { timeout: 30_000 })
      .toContain('调取完成：2 个文件');
    await page.getByTestId('timeline-retrieved').first().waitFor();
    await context.close();
  });

  it('shows both branch links as up on the link health page', async () => {
    const { context, page } = await login('center-op');
    await page.getByTestId('nav-links').click();
    await expect.poll(async () => page.getByTestId('link-east').getAttribute('data-state')).toBe('up');
    await expect.poll(async () => page.getByTestId('link-west').getAttribute('data-state')).toBe('up');
    expect(await page.getByTestId('link-east').textContent()).toContain('在线');
    await context.close();
  });
});
