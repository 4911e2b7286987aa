// The cases page in Chromium: an inspector opens a case, adds a clip, locks it and exports it (progress, download);
// an admin releases it with a reason; an enterprise account has no cases page.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseDetail, CaseList } from '../../src/contracts/index.js';
import { launchChromium } from '../../scripts/lib/chromium.js';
import { CASE_CAMERA, startCaseHub, type CaseHub } from '../support/case-hub.js';
import { chooseOption } from '../support/element-plus.js';
import { waitUntil } from '../support/processes.js';
import { dayValue as localDay, timeOfDay as localTime } from '../../web/src/playback/clock.js';

describe('console cases page in Chromium', () => {
  let hub: CaseHub;
  let browser: Browser;

  beforeAll(async () => {
    hub = await startCaseHub({ recording: { minFreeGb: 0, minFreePercent: 0 } });
    expect(await waitUntil(() => hub.files().filter((f) => f.state === 'closed').length >= 3, 40_000, 200)).toBe(true);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await hub?.stop();
  });

  async function openAs(username: string, hash = '#/cases'): Promise<Page> {
    const [name, value] = (await hub.t.login(username)).split('=');
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    await context.addCookies([{ name: name ?? '', value: value ?? '', url: hub.t.base }]);
    const page = await context.newPage();
    await page.goto(`${hub.t.base}/${hash}`);
    return page;
  }

  it('lets an inspector open a case, add a clip, lock it and export it; an admin releases it with a reason', async () => {
    const page = await openAs('east-insp');
    await page.getByTestId('cases-new').click();
    const dialog = page.getByTestId('cases-new-form');
    await chooseOption(dialog, 'field-enterpriseId', 'ent-east');
    await dialog.getByTestId('field-title').fill('冷库温度记录造假');
    await dialog.getByTestId('form-submit').click();
    await expect.poll(() => page.getByTestId('case-title').textContent()).toBe('冷库温度记录造假');
    const inspector = await hub.t.login('east-insp');
    const list = await hub.call<CaseList>('GET', '/api/cases', inspector, undefined, 200);
    const caseId = list.cases[0]?.id ?? '';

    // The clip through the API (a date-range picker is Element's own), then seen, locked and exported in the page.
    const closed = hub.files().filter((f) => f.state === 'closed');
    const clip = { kind: 'clip', cameraId: CASE_CAMERA, fromMs: closed[0]?.startMs, toMs: closed.at(-1)?.endMs };
    await hub.call('POST', `/api/cases/${caseId}/items`, inspector, clip, 201);
    await page.reload();
    await expect.poll(() => page.getByTestId('case-items').textContent()).toContain('东企业加工区');
    await page.getByTestId('case-lock').click();
    await expect.poll(() => page.getByTestId('case-state').getAttribute('data-state')).toBe('locked');
    expect(await page.getByTestId('case-locked').textContent()).toMatch(/锁定空间 \d+\.\d MB/);
    await page.getByTestId('case-export').click();
    const job = page.getByTestId('case-export-job');
    await expect.poll(() => job.getAttribute('data-state'), { timeout: 30_000 }).toBe('done');
    const href = (await page.getByTestId('case-export-download').getAttribute('href')) ?? '';
    const tar = await page.request.get(`${hub.t.base}${href}`);
    expect(tar.status()).toBe(200);
    expect(tar.headers()['content-type']).toBe('application/x-tar');
    expect(await page.getByTestId('case-release').count()).toBe(0); // inspectors do not release

    const admin = await openAs('center-admin', `#/cases?case=${caseId}`);
    await admin.getByTestId('case-release').click();
    const release = admin.getByTestId('case-release-form');
    await release.getByTestId('field-reason').fill('复核后无需保留');
    await release.getByTestId('form-submit').click();
    await expect.poll(() => admin.getByTestId('case-state').getAttribute('data-state')).toBe('released');
    expect(await admin.getByTestId('case-released').textContent()).toContain('复核后无需保留');
    await admin.getByTestId('case-back').click();
    await expect.poll(() => admin.getByTestId(`case-${caseId}`).textContent()).toBe('冷库温度记录造假');
  });

  it('adds the range chosen on the playback page to a case', async () => {
    const inspector = await hub.t.login('east-insp');
    const made = await hub.openCase(inspector, 'ent-east', '回放取证');
    const closed = hub.files().filter((f) => f.state === 'closed');
    const from = (closed[0]?.startMs ?? 0) + 1_000;
    const to = closed.at(-1)?.endMs ?? 0;
    const page = await openAs('east-insp', `#/playback?camera=${CASE_CAMERA}&day=${localDay(from)}`);
    await page.getByTestId('export-from').fill(localTime(from));
    await page.getByTestId('export-to').fill(localTime(to));
    const panel = page.getByTestId('add-to-case');
    await chooseOption(panel, 'add-to-case-select', made.id);
    await panel.getByTestId('add-to-case-confirm').click();
    await expect.poll(() => panel.getByTestId('add-to-case-status').textContent()).toContain('已加入案件');
    const detail = await hub.call<CaseDetail>('GET', `/api/cases/${made.id}`, inspector, undefined, 200);
    expect(detail.items).toMatchObject([{ kind: 'clip', cameraId: CASE_CAMERA }]);
    expect(Math.abs((detail.items[0]?.fromMs ?? 0) - from)).toBeLessThan(1_000);
  });

  it('shows no cases page to an enterprise account', async () => {
    const page = await openAs('east-ent', '#/live');
    await page.getByTestId('nav-live').waitFor();
    expect(await page.getByTestId('nav-cases').count()).toBe(0);
  });
});
