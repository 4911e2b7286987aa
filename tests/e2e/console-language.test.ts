// Every page of the console in zh-CN carries no English sentence written by the hub: camera status reasons, event
// texts and refusals are made in the console's language from their codes and data.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../scripts/lib/chromium.js';
import { freePort } from '../support/net.js';
import { startTestHub, TEST_PASSWORD, type TestHub } from '../support/test-hub.js';

/** Phrases of the hub's own English (status reasons, event sentences) that a zh-CN page must not show. */
const HUB_ENGLISH =
  /\b(is online|is offline|is reconnecting|camera unreachable|authentication failed|stream not found|stalled|no stream configured|waiting for the device|logged in|logged out|started watching|stopped watching|played back|exported|changed camera|added camera)\b/i;

describe('the console in zh-CN', () => {
  let t: TestHub;
  let browser: Browser;

  beforeAll(async () => {
    const nobody = await freePort();
    t = await startTestHub([
      // A camera nothing answers for (offline: unreachable) and a push camera no device pushes to.
      {
        id: 'gate',
        name: '东门',
        stage: 'staff_entrance',
        enterprise: 'east',
        mainUrl: `rtsp://127.0.0.1:${nobody}/main`,
        recordMode: 'off',
      },
      {
        id: 'pushed',
        name: '推流点',
        stage: 'packaging',
        enterprise: 'west',
        sourceKind: 'rtmp',
        mainUrl: null,
        recordMode: 'off',
      },
    ]);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.hub.stop();
  });

  /** The page's visible text once `ready` shows. */
  const textOf = async (page: Page, hash: string, ready: string): Promise<string> => {
    await page.goto(`${t.base}/${hash}`);
    await page.getByTestId(ready).first().waitFor();
    return page.evaluate(() => document.body.innerText);
  };

  it('shows no English sentence from the hub on the live, events, playback, admin and links pages', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(`${t.base}/#/live`);
    await page.getByTestId('login-username').fill('center-admin');
    await page.getByTestId('login-password').fill(TEST_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('org-tree').waitFor();
    // Watching the unanswered camera makes the hub try it: the tile then says why, in Chinese, from the code.
    await page.goto(`${t.base}/#/live?grid=4&cameras=gate,pushed`);
    const tileText = async () => (await page.getByTestId('grid').textContent()) ?? '';
    await expect.poll(tileText, { timeout: 30_000 }).toContain('无法连接摄像机');
    expect(await tileText()).toContain('等待设备推流');
    const pages: Array<[string, string]> = [
      ['#/live?grid=4&cameras=gate,pushed', 'tile'],
      ['#/events', 'event-row'],
      ['#/playback?camera=gate', 'page-playback'],
      ['#/admin?tab=cameras', 'camera-row'],
      ['#/links', 'page-links'],
    ];
    for (const [hash, ready] of pages) {
      const text = await textOf(page, hash, ready);
      expect(text, hash).toMatch(/[\u4e00-\u9fff]/);
      expect(text.match(HUB_ENGLISH)?.[0] ?? null, `${hash}:\n${text}`).toBeNull();
    }
    await page.close();
  });
});
