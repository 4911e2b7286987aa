// The API's documentation page in Chromium: Swagger UI served by the hub (no CDN) under its content security policy,
// listing every documented operation.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../scripts/lib/chromium.js';
import { OPERATIONS } from '../../src/api/openapi/operations.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';

describe('the API documentation page', () => {
  let t: TestHub;
  let browser: Browser;

  beforeAll(async () => {
    t = await startTestHub([]);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.hub.stop();
  });

  it('renders every operation from the hub alone, with no request leaving it and nothing blocked', async () => {
    const page = await browser.newPage();
    const outside: string[] = [];
    const blocked: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(t.base) && !request.url().startsWith('data:')) outside.push(request.url());
    });
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) blocked.push(message.text());
    });
    await page.goto(`${t.base}/api/docs`);
    const operations = page.locator('.opblock');
    await expect.poll(() => operations.count(), { timeout: 20_000 }).toBe(OPERATIONS.length);
    expect(await page.locator('.info .title').textContent()).toContain('Vigil');
    // The viewer reads the document without a warning (a dialect it does not support, say).
    expect(await page.locator('.info').textContent()).not.toContain('Warning');
    expect(outside).toEqual([]);
    expect(blocked).toEqual([]);
    await page.close();
  });
});
