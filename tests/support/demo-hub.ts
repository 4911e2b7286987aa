// An in-process hub with the demo province (its simulated cameras, enterprises, accounts and supervision data).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { VigilConfigInput } from '../../src/config/index.js';
import { DEMO_PASSWORD } from '../../src/org/index.js';
import { loginCookie } from '../../scripts/lib/province.js';
import { tempDir } from './temp-dir.js';
import { runTestHub, type TestHub } from './test-hub.js';

export interface DemoHub extends TestHub {
  /** The session cookie of a demo account. */
  demoLogin(username: string): Promise<string>;
  /** A page of its own browser context, logged in as the demo account, at `hash`. */
  openAs(browser: Browser, username: string, hash: string): Promise<Page>;
}

/** Starts the demo with small, cheap cameras (`overrides` on top). */
export async function startDemoHub(overrides: VigilConfigInput = {}): Promise<DemoHub> {
  const dataDir = join(tempDir(), 'data');
  mkdirSync(dataDir, { recursive: true });
  const t = await runTestHub(dataDir, {
    demo: { enabled: true, cameras: 8, width: 320, height: 180, bitrateKbps: 200 },
    ...overrides,
  });
  const demoLogin = (username: string): Promise<string> => loginCookie(t.base, username, DEMO_PASSWORD);
  const openAs = async (browser: Browser, username: string, hash: string): Promise<Page> => {
    const [name, value] = (await demoLogin(username)).split('=');
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    await context.addCookies([{ name: name ?? '', value: value ?? '', url: t.base }]);
    const page = await context.newPage();
    await page.goto(`${t.base}/${hash}`);
    return page;
  };
  return { ...t, demoLogin, openAs };
}
