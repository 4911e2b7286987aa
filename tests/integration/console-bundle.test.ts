// The console's load: the live page's first load (the shell, the page's chunks and stylesheets, hls.js) stays within
// 300 kB gzip, every page is a chunk of its own, loaded when first opened, and no chunk carries zod.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundleReport } from '../../scripts/lib/bundle-sizes.js';
import { projectRoot } from '../../src/version.js';

const WEB = join(projectRoot(), 'dist', 'web');

describe('the console bundle', () => {
  it('loads the live page in at most 300 kB gzip, and each other page as a chunk of its own', () => {
    // `npm test` builds the console first.
    expect(existsSync(join(WEB, 'index.html')), 'run `npm run build:web` before this test').toBe(true);
    const report = bundleReport(WEB);
    const page = (name: string) => report.pages.find((load) => load.source.includes(`/${name}/`));
    for (const name of ['live', 'playback', 'events', 'admin', 'federation']) expect(page(name), name).toBeDefined();
    const live = page('live');
    console.info(`live page first load: ${live?.firstLoadKb.toFixed(1)} kB gzip (shell ${report.shellKb.toFixed(1)})`);
    expect(live?.firstLoadKb).toBeLessThanOrEqual(300);
    // hls.js comes with the live page, not with the shell every page loads.
    expect(live?.ownKb).toBeGreaterThan(100);
  });

  it('carries no schema library: the console takes only types from the wire contracts', () => {
    const assets = join(WEB, 'assets');
    const withZod = readdirSync(assets)
      .filter((file) => file.endsWith('.js.map'))
      .filter((file) => readFileSync(join(assets, file), 'utf8').includes('node_modules/zod/'));
    expect(withZod).toEqual([]);
  });
});
