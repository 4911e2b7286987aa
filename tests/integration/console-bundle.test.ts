// The console's load: the live page's first load (the entry script, what it preloads, the stylesheet) stays within
// 300 kB gzip with hls.js, and the other pages are chunks of their own, loaded when first opened.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/version.js';

const WEB = join(projectRoot(), 'dist', 'web');
const gzipKb = (file: string): number => gzipSync(readFileSync(join(WEB, file)), { level: 9 }).length / 1024;

describe('the console bundle', () => {
  it('loads the live page in at most 300 kB gzip, and each other page as a chunk of its own', () => {
    // `npm test` builds the console first.
    expect(existsSync(join(WEB, 'index.html')), 'run `npm run build:web` before this test').toBe(true);
    const page = readFileSync(join(WEB, 'index.html'), 'utf8');
    const firstLoad = [...page.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g)].map(
      (match) => match[1] as string,
    );
    expect(firstLoad.some((file) => file.endsWith('.js'))).toBe(true);
    const total = firstLoad.reduce((sum, file) => sum + gzipKb(file), 0);
    console.info(`live page first load: ${total.toFixed(1)} kB gzip (${firstLoad.join(', ')})`);
    expect(total).toBeLessThanOrEqual(300);
    const chunks = readdirSync(join(WEB, 'assets'));
    for (const name of ['PlaybackPage', 'events-page', 'admin-page', 'links-page']) {
      expect(
        chunks.some((file) => file.startsWith(`${name}-`) && file.endsWith('.js')),
        name,
      ).toBe(true);
    }
  });
});
