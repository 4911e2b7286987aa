// The center's console in Chromium: the org tree holds both branch hubs' cameras, and a branch camera plays live
// through the center (leased from its branch over NATS).
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

const natsMissing = commandMissing('nats-server', 'nats-server');

describe.skipIf(skipWhenMissing('nats-server', natsMissing))('the center console over federated branches', () => {
  let sim: CameraSimulator;
  let pair: FederatedPair;
  let browser: Browser;

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
    pair = await startFederatedPair([point('cam-a', '东港包装线', 'east', 'cam01')], {}, [
      point('cam-b', '西山冷库', 'west', 'cam02'),
    ]);
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
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${pair.center.base}/#/live`);
    await page.getByTestId('login-username').fill('center-op');
    await page.getByTestId('login-password').fill(TEST_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('org-tree').waitFor();
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
});
