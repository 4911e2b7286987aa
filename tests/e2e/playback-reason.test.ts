// A hub that requires a reason for playback: the console asks for it first, and the audit trail keeps it.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CameraSimulator } from '../../src/simulator/index.js';
import { launchChromium } from '../../scripts/lib/chromium.js';
import { waitUntil } from '../support/processes.js';
import { loggedEvents, indexedFiles, startLoopCameras } from '../support/recordings.js';
import { startTestHub, TEST_PASSWORD, type TestHub } from '../support/test-hub.js';

const REASON = '案件 2026-031';

describe('playback with a required reason', () => {
  let sim: CameraSimulator;
  let t: TestHub;
  let browser: Browser;

  beforeAll(async () => {
    sim = await startLoopCameras(1, { width: 320, height: 240, bitrateKbps: 300 });
    t = await startTestHub(
      [
        {
          id: 'dock',
          name: 'Dock',
          stage: 'raw_material_intake',
          enterprise: 'east',
          mainUrl: sim.url('cam01', 'main'),
        },
      ],
      { recording: { segmentSeconds: 4 }, playback: { requireReason: true } },
    );
    browser = await launchChromium();
    const closed = (): number => indexedFiles(t.dataDir, 'dock').filter((f) => f.state === 'closed').length;
    expect(await waitUntil(() => closed() >= 2, 30_000, 250)).toBe(true);
  });

  afterAll(async () => {
    await browser?.close();
    await t?.hub.stop();
    await sim?.stop();
  });

  it('asks for the reason before loading the recording and records it with the playback and the export', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
    const playlists: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/vod.m3u8')) playlists.push(request.url());
    });
    await page.goto(`${t.base}/#/playback?camera=dock`);
    await page.getByTestId('login-username').fill('east-insp');
    await page.getByTestId('login-password').fill(TEST_PASSWORD);
    await page.getByTestId('login-submit').click();
    const reason = page.getByTestId('playback-reason');
    await reason.waitFor();
    await expect.poll(() => page.getByTestId('timeline-range').count()).toBe(0);
    expect(playlists).toEqual([]);

    await reason.fill(REASON);
    await page.getByTestId('playback-reason-confirm').click();
    await expect
      .poll(() => page.getByTestId('playback-time').getAttribute('data-ms'), { timeout: 20_000 })
      .toBeTruthy();
    expect(new URL(playlists[0] ?? 'http://x/').searchParams.get('reason')).toBe(REASON);
    const played = loggedEvents(t.dataDir, 'audit.playback');
    expect(played).toHaveLength(1);
    expect(played[0]).toMatchObject({
      cameraId: 'dock',
      orgUnitId: 'east',
      data: { username: 'east-insp', reason: REASON },
    });

    await page.getByTestId('export-mark-in').click();
    await page.waitForTimeout(2_500);
    await page.getByTestId('export-mark-out').click();
    await page.getByTestId('export-start').click();
    await page.getByTestId('export-download').waitFor({ timeout: 20_000 });
    const exported = loggedEvents(t.dataDir, 'audit.export.created');
    expect(exported).toHaveLength(1);
    expect(exported[0]?.data).toMatchObject({ username: 'east-insp', reason: REASON });
  });
});
