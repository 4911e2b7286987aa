// The supervision loop in Chromium on the demo province: a Xishan inspector patrols the grade-C meat plant, takes
// snapshots, fails a checklist item and issues a notice from it; the plant's own account sees that notice and only its
// two cameras, and answers with a photo; the inspector re-inspects by live view and closes the notice. The demo's
// notice past its deadline is flagged.
import { createHash } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NoticeView, PatrolRecord } from '../../src/contracts/index.js';
import { addDays, localDay } from '../../src/shared/local-day.js';
import { launchChromium } from '../../scripts/lib/chromium.js';
import { startDemoHub, type DemoHub } from '../support/demo-hub.js';
import { testPicture } from '../support/notice-fixtures.js';
import { tempDir } from '../support/temp-dir.js';

const MEAT_PLANT = 'ent-xishan-meat';

describe('the supervision loop in Chromium', () => {
  let t: DemoHub;
  let browser: Browser;
  let inspector: Page;
  let record: PatrolRecord;
  let notice: NoticeView;
  const work = tempDir();

  /** The text field of an Element Plus input marked `testId` (the mark lands on the input or on its wrapper). */
  const field = (page: Page, testId: string) =>
    page.locator(
      ['input', 'textarea']
        .flatMap((tag) => [`${tag}[data-testid=${testId}]`, `[data-testid=${testId}] ${tag}`])
        .join(', '),
    );

  /** The <video> of a single live view has played for a while. */
  const playing = (page: Page, scope: string) =>
    expect
      .poll(
        () =>
          page
            .locator(`${scope} [data-testid=single-live] video`)
            .evaluate((video: HTMLVideoElement) => video.currentTime),
        {
          timeout: 20_000,
        },
      )
      .toBeGreaterThan(0.5);

  beforeAll(async () => {
    t = await startDemoHub();
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.hub.stop();
  });

  it('a Xishan inspector patrols the meat plant: live view, snapshots, a failed checklist item', async () => {
    inspector = await t.openAs(browser, 'xishan-inspector', '#/patrol');
    const start = inspector.getByTestId(`task-start-${MEAT_PLANT}-scheduled`);
    await start.waitFor({ timeout: 15_000 });
    await start.click();
    await inspector.getByTestId('patrol-point-0').waitFor();
    // The point's live view plays before the evidence is taken.
    await expect
      .poll(
        () =>
          inspector.locator('[data-testid=single-live] video').evaluate((video: HTMLVideoElement) => video.currentTime),
        {
          timeout: 20_000,
        },
      )
      .toBeGreaterThan(0.5);
    await inspector.getByTestId('patrol-snapshot').click();
    await expect.poll(() => inspector.getByTestId('patrol-thumb').count(), { timeout: 15_000 }).toBe(1);
    await inspector.getByTestId('item-caps-masks-fail').click();
    await inspector.getByTestId('item-caps-masks-comment').fill('分割车间两名工人未戴口罩');
    await inspector.getByTestId('item-surfaces-clean-pass').click();
    await inspector.getByTestId('patrol-next').click();
    await inspector.getByTestId('patrol-point-1').waitFor();
    await inspector.getByTestId('patrol-snapshot').click();
    await expect.poll(() => inspector.getByTestId('patrol-thumb').count(), { timeout: 15_000 }).toBe(1);
    await inspector.getByTestId('item-gloves-pass').click();
    await inspector
      .locator('textarea[data-testid=patrol-summary], [data-testid=patrol-summary] textarea')
      .fill('分割车间口罩佩戴不规范');
    await inspector.getByTestId('patrol-submit').click();
    await expect.poll(() => inspector.getByTestId('patrol-done').getAttribute('data-result')).toBe('fail');

    const cookie = await t.demoLogin('xishan-inspector');
    const { records } = (await (await t.get(`/api/patrol/records?enterpriseId=${MEAT_PLANT}`, cookie)).json()) as {
      records: PatrolRecord[];
    };
    expect(records).toHaveLength(1);
    record = records[0] as PatrolRecord;
    expect(record.failedItems).toBe(1);
    const shots = record.points.flatMap((point) => point.snapshots);
    expect(shots).toHaveLength(2);
    // Each snapshot's recorded hash verifies against the file the hub serves.
    for (const shot of shots) {
      const bytes = Buffer.from(await (await t.get(shot.url, cookie)).arrayBuffer());
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(shot.sha256);
    }
  });

  it('issues a rectification notice from the failed item, with the patrol’s snapshots as evidence', async () => {
    await inspector.getByTestId('patrol-issue-notice').click();
    const dialog = inspector.getByTestId('notice-issue-dialog');
    await dialog.waitFor();
    expect(await inspector.getByTestId('notice-issue-evidence').locator('li').count()).toBe(2); // snapshot + item
    await field(inspector, 'notice-issue-rule').fill('《食品生产通用卫生规范》（GB 14881-2013）第6.3条');
    await inspector.getByTestId('notice-issue-submit').click();
    await dialog.waitFor({ state: 'hidden' });
    const cookie = await t.demoLogin('xishan-inspector');
    const { notices } = (await (await t.get(`/api/notices?enterpriseId=${MEAT_PLANT}`, cookie)).json()) as {
      notices: NoticeView[];
    };
    const listed = notices.find((candidate) => candidate.finding.includes('分割车间两名工人未戴口罩'));
    notice = (await (await t.get(`/api/notices/${listed?.id ?? ''}`, cookie)).json()) as NoticeView;
    expect(notice.number).toMatch(/^西山〔\d{4}〕第\d{4}号$/);
    expect(notice.evidence.map((item) => item.kind).sort()).toEqual(['patrol_item', 'snapshot']);
  });

  it('the plant’s own account sees only its two cameras and its notices, and answers with a photo', async () => {
    const plant = await t.openAs(browser, 'xishan-meat-enterprise', '#/live');
    await expect.poll(() => plant.getByTestId('camera-item').count(), { timeout: 15_000 }).toBe(2);
    expect(await plant.getByTestId('grade-badge').count()).toBe(0);
    await plant.goto(`${t.base}/#/notices`);
    await plant.getByTestId(`notice-row-${notice.number}`).click();
    const detail = plant.getByTestId(`notice-detail-${notice.number}`);
    await expect.poll(() => detail.getAttribute('data-state')).toBe('read');
    testPicture(work, 'jpg');
    await field(plant, 'notice-answer-text').fill('已对分割车间员工培训，全员规范佩戴口罩');
    await plant.getByTestId('notice-answer-photos').setInputFiles(`${work}/pattern.jpg`);
    await plant.getByTestId('notice-answer-submit').click();
    await expect.poll(() => detail.getAttribute('data-state')).toBe('answered');

    // It declares a day without production from its profile (read-only to it otherwise).
    await plant.goto(`${t.base}/#/patrol`);
    await plant.getByRole('tab', { name: '企业档案与停产申报' }).click();
    await plant.getByTestId('profile-panel').waitFor();
    expect(await plant.getByTestId('profile-save').count()).toBe(0);
    const day = plant.locator('.profile-declare input').first();
    const closed = addDays(localDay(new Date()), 10);
    await day.fill(closed);
    await day.press('Enter');
    await plant.getByTestId('closure-declare').click();
    await expect.poll(() => plant.getByTestId('closure-table').textContent()).toContain(closed);
  });

  it('the inspector re-inspects by live view, closes the notice, and sees the overdue one flagged', async () => {
    await inspector.goto(`${t.base}/#/notices`);
    const badge = inspector.getByTestId('notices-badge');
    await expect.poll(() => badge.getAttribute('data-overdue')).toBe('1');
    await expect.poll(() => inspector.getByTestId('notice-overdue').count()).toBe(1);
    await inspector.getByTestId(`notice-row-${notice.number}`).click();
    const detail = inspector.getByTestId(`notice-detail-${notice.number}`);
    await expect.poll(() => detail.getAttribute('data-state')).toBe('answered');
    await playing(inspector, '[data-testid=reinspect-live]');
    await inspector.getByTestId('reinspect-snapshot').click();
    await inspector.getByTestId('reinspect-thumb').waitFor();
    await field(inspector, 'notice-step-note').fill('实时画面复查：工人均已佩戴口罩');
    await inspector.getByTestId('notice-reinspect').click();
    await expect.poll(() => detail.getAttribute('data-state')).toBe('reinspected');
    await inspector.getByTestId('notice-close').click();
    await expect.poll(() => detail.getAttribute('data-state')).toBe('closed');
    const cookie = await t.demoLogin('xishan-inspector');
    const closed = (await (await t.get(`/api/notices/${notice.id}`, cookie)).json()) as NoticeView;
    expect(closed.steps.map((step) => step.to)).toEqual(['issued', 'read', 'answered', 'reinspected', 'closed']);
  });
});
