// Screenshots of every console page in zh-CN and English, from the demo hub started as `npm start` starts it.
// Writes docs/screenshots/<page>-<language>.png; needs `npm run build:web` first. Names on the command line
// (`npm run screenshots -- overview reports`) take only those pages.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../src/version.js';
import { launchChromium } from './lib/chromium.js';
import { startHubProcess } from './lib/hub-process.js';

const LANGUAGES = ['zh-CN', 'en'] as const;
/** Each page: its address and the element that says it has loaded. */
const PAGES: ReadonlyArray<[name: string, hash: string, ready: string]> = [
  ['live', '#/live?grid=4&all=1', 'tile'],
  ['playback', '#/playback?camera=demo-cam-01', 'timeline-range'],
  ['events', '#/events', 'event-row'],
  ['admin', '#/admin?tab=cameras', 'camera-row'],
  ['admin-enterprises', '#/admin?tab=enterprises', 'admin-enterprises-row'],
  ['reports', '#/reports', 'report-kpis'],
  ['overview', '#/overview', 'overview-row'],
];
const asked = process.argv.slice(2);
const pages = asked.length > 0 ? PAGES.filter(([name]) => asked.includes(name)) : PAGES;

const out = join(projectRoot(), 'docs', 'screenshots');
mkdirSync(out, { recursive: true });
const dir = mkdtempSync(join(tmpdir(), 'vigil-screens-'));
const config = join(dir, 'vigil.yaml');
writeFileSync(config, 'server:\n  host: 127.0.0.1\n  port: 0\n  https:\n    enabled: false\n');
const hub = startHubProcess({ VIGIL_CONFIG: config, VIGIL_DATA_DIR: join(dir, 'data'), VIGIL_LOG_LEVEL: 'warn' });
const browser = await launchChromium();
try {
  const { httpUrl } = await hub.ready;
  const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
  await page.goto(`${httpUrl}#/live`);
  await page.getByTestId('login-username').fill('center-admin');
  await page.getByTestId('login-password').fill('vigil-demo');
  await page.getByTestId('login-submit').click();
  await page.getByTestId('org-tree').waitFor();
  // Some footage for the playback page's timeline.
  await page.waitForTimeout(15_000);
  for (const language of LANGUAGES) {
    await page.evaluate((lang) => window.localStorage.setItem('vigil.lang', lang), language);
    for (const [name, hash, ready] of pages) {
      await page.goto(`${httpUrl}${hash}`);
      await page.reload();
      await page.getByTestId(ready).first().waitFor({ timeout: 30_000 });
      // Video pages are taken once a picture plays; tables once their rows are in.
      if (name === 'live' || name === 'playback' || name === 'overview') {
        await page.waitForFunction(() =>
          [...document.querySelectorAll('video')].some((video) => video.currentTime > 1),
        );
      }
      // Charts animate in.
      await page.waitForTimeout(name === 'reports' || name === 'overview' ? 1500 : 500);
      const file = join(out, `${name}-${language}.png`);
      await page.screenshot({ path: file });
      console.log(file.slice(projectRoot().length + 1));
    }
  }
} finally {
  await browser.close();
  hub.child.kill('SIGTERM');
  await hub.exited;
}
