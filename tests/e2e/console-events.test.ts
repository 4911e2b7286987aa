// The events page in Chromium: newest-first pages with "load more", filters, the CSV link, live events, branch scope.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../src/events/index.js';
import type { CameraSimulator } from '../../src/simulator/index.js';
import { launchChromium } from '../../scripts/lib/chromium.js';
import { branchCameras, smallLiveSimulator } from '../support/branch-cameras.js';
import { chooseOption } from '../support/element-plus.js';
import { eventWriter } from '../support/event-writer.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';

const HOUR = 3_600_000;

describe('console events page in Chromium', () => {
  let sim: CameraSimulator;
  let t: TestHub;
  let browser: Browser;

  beforeAll(async () => {
    sim = await smallLiveSimulator(1);
    t = await startTestHub(branchCameras(sim.url('cam01', 'main')));
    // A day of history: 130 camera events, one a minute, alternating between the branches; every fifth an error.
    const writer = eventWriter(t.dataDir);
    const start = Date.now() - 24 * HOUR;
    for (let i = 0; i < 130; i++) {
      const error = i % 5 === 0;
      const event: DomainEvent = {
        type: error ? 'camera.offline' : 'camera.reconnecting',
        severity: error ? 'error' : 'warning',
        message: `历史事件 ${i}`,
        cameraId: i % 2 === 0 ? 'cam-east' : 'cam-west',
        data: error
          ? { stream: 'main', status: 'offline', reason: 'authentication failed', reasonCode: 'auth_failed' }
          : { stream: 'main', status: 'reconnecting', reason: null, reasonCode: null },
      };
      writer.write(event, start + i * 60_000);
    }
    writer.close();
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.hub.stop();
    await sim?.stop();
  });

  async function openEvents(username: string, hash = '#/events'): Promise<Page> {
    const [name, value] = (await t.login(username)).split('=');
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    await context.addCookies([{ name: name ?? '', value: value ?? '', url: t.base }]);
    const page = await context.newPage();
    await page.goto(`${t.base}/${hash}`);
    await page.getByTestId('events-table').waitFor();
    return page;
  }
  const rows = (page: Page) => page.getByTestId('event-row');
  const attributes = (page: Page, name: string): Promise<string[]> =>
    rows(page).evaluateAll(
      (elements, attribute) => elements.map((element) => element.getAttribute(attribute) ?? ''),
      name,
    );

  it('lists events newest first and loads older pages on demand', async () => {
    const page = await openEvents('center-op');
    await expect.poll(() => rows(page).count(), { timeout: 10_000 }).toBe(50);
    expect(await page.getByTestId('events-table').locator('th').first().textContent()).toBe('时间');
    await page.getByTestId('events-load-more').click();
    await expect.poll(() => rows(page).count()).toBe(100);
    await page.getByTestId('events-load-more').click();
    // 130 written here, plus what the hub logged itself (its start).
    await expect.poll(() => rows(page).count()).toBeGreaterThanOrEqual(131);
    await expect.poll(() => page.getByTestId('events-load-more').isHidden()).toBe(true);
    const ids = (await attributes(page, 'data-event-id')).map(Number);
    expect(new Set(ids).size).toBe(ids.length);
    const times = await rows(page)
      .locator('time')
      .evaluateAll((elements) => elements.map((element) => Date.parse(element.getAttribute('datetime') ?? '')));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    // Each text is made in the console's language from the event's type and data, not the hub's English sentence.
    const texts = await page.locator('.event-message').allTextContents();
    expect(texts.filter((text) => /离线：认证失败/.test(text)).length).toBe(26);
    expect(texts.filter((text) => /正在重连/.test(text)).length).toBe(104);
    expect(texts.filter((text) => /\b(is|offline|online|started|watching)\b/.test(text))).toEqual([]);
    await page.getByTestId('lang-en').click();
    const english = async () =>
      (await page.locator('.event-message').allTextContents()).filter((text) =>
        text.includes('is offline: authentication failed'),
      ).length;
    await expect.poll(english).toBe(26);
    await page.getByTestId('lang-zh-CN').click();
    await page.context().close();
  });

  it('filters by severity, type and camera, and offers the same view as CSV', async () => {
    const page = await openEvents('center-op');
    const filters = page.getByTestId('events-filters');
    await filters.getByTestId('events-filter-severity-error').check();
    await chooseOption(filters, 'events-filter-type', 'camera.');
    await chooseOption(filters, 'events-filter-camera', 'cam-east');
    await page.getByTestId('events-apply').click();
    // i = 0, 10, 20, ... 120: even (east) and a multiple of five (error).
    await expect.poll(() => rows(page).count(), { timeout: 10_000 }).toBe(13);
    expect(new Set(await attributes(page, 'data-severity'))).toEqual(new Set(['error']));
    expect(page.url()).toContain('severity=error');
    const href = (await page.getByTestId('events-csv').getAttribute('href')) ?? '';
    const csvUrl = new URL(href, t.base);
    expect(csvUrl.pathname).toBe('/api/events.csv');
    expect(Object.fromEntries(csvUrl.searchParams)).toMatchObject({
      severity: 'error',
      type: 'camera.',
      cameraId: 'cam-east',
      lang: 'zh-CN',
    });
    const csv = await page.evaluate(async (url) => (await fetch(url)).text(), href);
    expect(csv.trim().split('\r\n')).toHaveLength(1 + 13);
    // The address holds the filter: opened again, it shows the same filter and the same rows.
    const again = await page.context().newPage();
    await again.goto(page.url());
    await expect.poll(() => rows(again).count(), { timeout: 10_000 }).toBe(13);
    expect(await again.getByTestId('events-filter-severity-error').isChecked()).toBe(true);
    expect(await again.getByTestId('events-filter-severity-warning').isChecked()).toBe(false);
    expect(
      await again
        .getByTestId('events-filter-camera')
        .getByRole('option', { selected: true, includeHidden: true })
        .textContent(),
    ).toBe('东门');
    await page.context().close();
  });

  it('puts a live event that matches the filter on top, and leaves out one that does not', async () => {
    const page = await openEvents('center-op', '#/events?type=audit.live.');
    await expect.poll(() => page.getByTestId('events-status').getAttribute('data-state')).toBe('empty');
    await expect.poll(() => page.getByTestId('realtime-status').getAttribute('data-connected')).toBe('true');
    // The east inspector opens the camera: the hub logs the start of the view (and the camera comes online).
    const viewer = await t.login('east-insp');
    expect((await t.get('/live/cam-east/main/index.m3u8', viewer)).status).toBe(200);
    await expect.poll(() => attributes(page, 'data-type'), { timeout: 10_000 }).toEqual(['audit.live.started']);
    const first = rows(page).first();
    expect(await first.textContent()).toContain('east-insp');
    expect(await first.getAttribute('class')).toContain('event-new');

    // Written behind the hub's bus, so never pushed: it shows up when the socket comes back after a network drop.
    const writer = eventWriter(t.dataDir);
    const missed = writer.write({
      type: 'audit.live.ended',
      severity: 'info',
      message: 'written while the console was offline',
      cameraId: 'cam-east',
      data: { username: 'east-insp' },
    });
    writer.close();
    await page.evaluate(() => window.dispatchEvent(new Event('offline')));
    await expect.poll(() => attributes(page, 'data-event-id'), { timeout: 15_000 }).toContain(String(missed.id));
    expect(await rows(page).first().getAttribute('data-event-id')).toBe(String(missed.id));
    await page.context().close();
  });

  it('shows a branch inspector only the events and the units of its own branch', async () => {
    const page = await openEvents('west-insp');
    await expect.poll(() => rows(page).count(), { timeout: 10_000 }).toBe(50);
    const places = await rows(page).evaluateAll((elements) => elements.map((element) => element.textContent ?? ''));
    // Its own camera's events and its own logins; nothing that names the other branch or its camera.
    expect(places.filter((text) => text.includes('西门')).length).toBeGreaterThan(0);
    expect(places.filter((text) => text.includes('东'))).toEqual([]);
    // Its own unit is the only one offered (全部 is what the select says while none is chosen).
    const unit = page.getByTestId('events-filter-unit');
    expect(await unit.getByRole('option', { includeHidden: true }).allTextContents()).toEqual(['西分局']);
    expect(await unit.getByText('全部').count()).toBe(1);
    await page.getByTestId('lang-en').click();
    expect(await page.getByTestId('events-table').locator('th').first().textContent()).toBe('Time');
    await page.context().close();
  });
});
