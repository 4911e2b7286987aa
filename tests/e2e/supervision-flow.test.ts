// The supervision loop in Chromium on the demo province: a Xishan inspector patrols the grade-C meat plant, takes
// snapshots and fails a checklist item.
import { createHash } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PatrolRecord } from '../../src/contracts/index.js';
import { launchChromium } from '../../scripts/lib/chromium.js';
import { startDemoHub, type DemoHub } from '../support/demo-hub.js';

const MEAT_PLANT = 'ent-xishan-meat';

describe('the supervision loop in Chromium', () => {
  let t: DemoHub;
  let browser: Browser;
  let inspector: Page;
  let record: PatrolRecord;

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
    const start = inspector.getByTestId(`task-start-${MEAT_PLANT}`);
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
    await inspector.locator('textarea[data-testid=patrol-summary], [data-testid=patrol-summary] textarea').fill('分割车间口罩佩戴不规范');
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
});
