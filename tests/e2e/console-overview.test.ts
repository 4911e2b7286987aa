// The overview screen and the monthly report in Chromium on the demo province: a center operator's screen shows the
// branches as GET /api/overview does, follows a new notice without a reload and plays the grade C/D carousel; the
// report's headline figure is the API's and its CSV and PDF links answer; a Xishan operator sees Xishan's enterprises.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MonthlyReport, Overview, OverviewRow } from '../../src/contracts/index.js';
import { launchChromium } from '../../scripts/lib/chromium.js';
import { startDemoHub, type DemoHub } from '../support/demo-hub.js';

const DAY_MS = 86_400_000;

/** The rows the screen shows: key, cameras online, notices open/overdue. */
const shownRows = (page: Page) =>
  page.getByTestId('overview-row').evaluateAll((rows) =>
    rows.map((row) => {
      const cell = (name: string) =>
        row.querySelector(`[data-testid=overview-cell-${name}]`)?.textContent?.trim() ?? '';
      return { key: (row as HTMLElement).dataset.key, online: cell('online'), notices: cell('notices') };
    }),
  );
const expectedRows = (rows: OverviewRow[]) =>
  rows.map((row) => ({
    key: row.key,
    online: `${row.camerasOnline}/${row.camerasTotal}`,
    notices: `${row.noticesOpen}/${row.noticesOverdue}`,
  }));

describe('the overview screen and the monthly report in Chromium', () => {
  let t: DemoHub;
  let browser: Browser;

  beforeAll(async () => {
    t = await startDemoHub();
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.hub.stop();
  });

  it('shows the branches as the API does, follows a new notice without a reload, plays the carousel', async () => {
    const cookie = await t.demoLogin('center-operator');
    const page = await t.openAs(browser, 'center-operator', '#/overview');
    await page.getByTestId('overview-row').first().waitFor({ timeout: 15_000 });
    const read = async () => (await (await t.get('/api/overview', cookie)).json()) as Overview;
    // The demo's cameras may still be coming online: the screen and the API agree once a push has caught up.
    const agreed = async (): Promise<Overview | undefined> => {
      const api = await read();
      return JSON.stringify(await shownRows(page)) === JSON.stringify(expectedRows(api.rows)) ? api : undefined;
    };
    await expect.poll(agreed, { timeout: 15_000 }).toBeDefined();
    const before = (await agreed()) ?? (await read());
    expect(before.rowKind).toBe('branch');
    expect(before.rows.map((row) => row.key).sort()).toEqual(['branch-donggang', 'branch-xishan']);

    // A reload would lose this mark; the screen's figures must change under it.
    await page.evaluate(() => ((window as unknown as { overviewMark: string }).overviewMark = 'kept'));
    const inspector = await t.demoLogin('center-inspector');
    const issued = await t.send('POST', '/api/notices', inspector, {
      enterpriseId: 'ent-donggang-dairy',
      finding: '大屏测试：更衣通道未配备洗手消毒设施',
      rule: '《食品生产通用卫生规范》（GB 14881-2013）第5.1.4条',
      deadline: Date.now() + 3 * DAY_MS,
    });
    expect(issued.status).toBe(201);
    const donggang = before.rows.find((row) => row.key === 'branch-donggang') as OverviewRow;
    const notices = (page: Page) =>
      page.locator('[data-testid=overview-row][data-key=branch-donggang] [data-testid=overview-cell-notices]');
    await expect
      .poll(() => notices(page).textContent(), { timeout: 15_000 })
      .toBe(`${donggang.noticesOpen + 1}/${donggang.noticesOverdue}`);
    expect(Number(await page.getByTestId('overview-page').getAttribute('data-updates'))).toBeGreaterThan(0);
    expect(await page.evaluate(() => (window as unknown as { overviewMark?: string }).overviewMark)).toBe('kept');
    await expect.poll(agreed, { timeout: 15_000 }).toBeDefined();

    // The carousel: grade C and D cameras, two at a time, playing.
    expect(before.carousel.length).toBeGreaterThan(0);
    expect(before.carousel.every((item) => item.grade === 'C' || item.grade === 'D')).toBe(true);
    expect(await page.getByTestId('overview-carousel-item').count()).toBe(Math.min(2, before.carousel.length));
    await expect
      .poll(
        () =>
          page
            .locator('[data-testid=overview-carousel] video')
            .evaluateAll((videos) => Math.max(0, ...videos.map((video) => (video as HTMLVideoElement).currentTime))),
        { timeout: 20_000 },
      )
      .toBeGreaterThan(0.5);
    await page.context().close();
  });

  it('shows the report’s online rate as the API gives it, and its CSV and PDF links answer', async () => {
    const cookie = await t.demoLogin('center-operator');
    const page = await t.openAs(browser, 'center-operator', '#/reports');
    const body = page.getByTestId('report-body');
    await body.waitFor({ timeout: 15_000 });
    const month = await body.getAttribute('data-month');
    const report = (await (await t.get(`/api/reports/monthly?month=${month}`, cookie)).json()) as MonthlyReport;
    const rate = report.total.current.onlineRate;
    expect(rate).not.toBeNull();
    await expect
      .poll(() => page.getByTestId('report-kpi-online').getByTestId('report-kpi-value').textContent())
      .toBe(`${((rate ?? 0) * 100).toFixed(1)}%`);
    expect(await page.getByTestId('report-grade').locator('.el-table__row').count()).toBe(report.byGrade.length);
    for (const [format, type] of [
      ['csv', 'text/csv'],
      ['pdf', 'application/pdf'],
    ] as const) {
      const href = await page.getByTestId(`report-${format}`).getAttribute('href');
      expect(href).toContain(`format=${format}`);
      const file = await t.get(href ?? '', cookie);
      expect(file.status, format).toBe(200);
      expect(file.headers.get('content-type')).toContain(type);
      expect((await file.arrayBuffer()).byteLength).toBeGreaterThan(100);
    }
    await page.context().close();
  });

  it('shows a Xishan operator only Xishan’s enterprises, on the screen and in the report', async () => {
    const page = await t.openAs(browser, 'xishan-operator', '#/overview');
    await page.getByTestId('overview-row').first().waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('overview-rows').getAttribute('data-kind')).toBe('enterprise');
    const keys = (await shownRows(page)).map((row) => row.key).sort();
    expect(keys).toEqual(['ent-lvyuan-produce', 'ent-xishan-meat']);
    await page.goto(`${t.base}/#/reports`);
    await page.getByTestId('report-body').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('report-scope').count()).toBe(0);
    expect(await page.getByTestId('report-scope-fixed').textContent()).toContain('西山');
    const enterprises = await page.getByTestId('report-enterprise').locator('.el-table__row').count();
    expect(enterprises).toBe(2);
    await page.context().close();
  });
});
