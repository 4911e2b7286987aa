// The notices page in Chromium: the enterprise sees the badge, opens its notice (read), answers with a photo; the
// inspector re-inspects and closes it, and both badges follow over the socket without a reload.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../scripts/lib/chromium.js';
import { issueNotice, testPicture } from '../support/notice-fixtures.js';
import { tempDir } from '../support/temp-dir.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';

describe('console notices page in Chromium', () => {
  let t: TestHub;
  let browser: Browser;
  const work = tempDir();

  beforeAll(async () => {
    t = await startTestHub([]);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.hub.stop();
  });

  async function openNotices(username: string): Promise<Page> {
    const [name, value] = (await t.login(username)).split('=');
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    await context.addCookies([{ name: name ?? '', value: value ?? '', url: t.base }]);
    const page = await context.newPage();
    await page.goto(`${t.base}/#/notices`);
    await page.getByTestId('notices-page').waitFor();
    return page;
  }

  it('runs issue → read → answer with a photo → re-inspect → close through the console', async () => {
    const notice = await issueNotice(t, await t.login('east-insp'), 'ent-east');
    testPicture(work, 'jpg');
    const enterprise = await openNotices('east-ent');
    const badge = enterprise.getByTestId('notices-badge');
    await expect.poll(() => badge.getAttribute('data-open')).toBe('1');
    await enterprise.getByTestId(`notice-row-${notice.number}`).click();
    const detail = enterprise.getByTestId(`notice-detail-${notice.number}`);
    await expect.poll(() => detail.getAttribute('data-state')).toBe('read');
    expect(await detail.textContent()).not.toContain('内部备注');
    await enterprise.getByTestId('notice-answer-text').fill('地面已清理，排水沟已加盖');
    await enterprise.getByTestId('notice-answer-photos').setInputFiles(`${work}/pattern.jpg`);
    await enterprise.getByTestId('notice-answer-submit').click();
    await expect.poll(() => detail.getAttribute('data-state')).toBe('answered');
    await expect.poll(() => enterprise.getByTestId('notice-photos').locator('img').count()).toBe(1);

    const inspector = await openNotices('east-insp');
    const inspectorBadge = inspector.getByTestId('notices-badge');
    await expect.poll(() => inspectorBadge.getAttribute('data-open')).toBe('1');
    await inspector.getByTestId(`notice-row-${notice.number}`).click();
    const seen = inspector.getByTestId(`notice-detail-${notice.number}`);
    expect(await seen.textContent()).toContain('内部备注');
    expect(await inspector.getByTestId('notice-pdf').getAttribute('href')).toBe(`/api/notices/${notice.id}/pdf`);
    await inspector.getByTestId('notice-step-note').fill('实时画面复查，已整改');
    await inspector.getByTestId('notice-reinspect').click();
    await expect.poll(() => seen.getAttribute('data-state')).toBe('reinspected');
    await inspector.getByTestId('notice-close').click();
    await expect.poll(() => seen.getAttribute('data-state')).toBe('closed');
    // Both badges empty out as the hub tells the rooms (no reload).
    await expect.poll(() => inspectorBadge.count()).toBe(0);
    await expect.poll(() => badge.count()).toBe(0);
  });
});
