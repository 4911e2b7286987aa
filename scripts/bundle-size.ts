// Prints what each console page loads (gzip kB) from the last `npm run build:web`, then one line of JSON.
import { join } from 'node:path';
import { bundleReport } from './lib/bundle-sizes.js';
import { projectRoot } from '../src/version.js';

const report = bundleReport(join(projectRoot(), 'dist', 'web'));
console.log(`shell (entry, Vue, Element Plus base, router, i18n, socket.io): ${report.shellKb.toFixed(1)} kB gzip`);
console.log('page                                        own kB   first load kB');
for (const page of report.pages) {
  console.log(
    `${page.source.padEnd(42)} ${page.ownKb.toFixed(1).padStart(7)} ${page.firstLoadKb.toFixed(1).padStart(15)}`,
  );
}
const round = (value: number): number => Math.round(value * 10) / 10;
console.log(
  JSON.stringify({
    bench: 'bundle',
    shell_kb: round(report.shellKb),
    pages: Object.fromEntries(report.pages.map((page) => [page.source, round(page.firstLoadKb)])),
  }),
);
