// Live latency in real Chromium: wall clock minus hls.playingDate, sampled every second, single view and 16-tile grid.
import { flag, loggedInContext, openBrowser, percentile, sleep, startBenchHub } from './lib/bench-hub.js';

interface Sample {
  cameraId: string | null;
  latencyMs: number | null;
}

const seconds = flag('seconds', 60);
const warmupSeconds = flag('warmup', 8);
const grid = flag('grid', 16);

async function sampleLatencies(
  page: import('playwright-core').Page,
  totalSeconds: number,
): Promise<Map<string, number[]>> {
  const byCamera = new Map<string, number[]>();
  for (let second = 0; second < totalSeconds; second += 1) {
    await sleep(1000);
    const samples = (await page.evaluate(() => window.__vigil?.latencies() ?? [])) as Sample[];
    for (const sample of samples) {
      if (!sample.cameraId || sample.latencyMs === null) continue;
      const list = byCamera.get(sample.cameraId) ?? [];
      list.push(sample.latencyMs);
      byCamera.set(sample.cameraId, list);
    }
  }
  return byCamera;
}

const browser = await openBrowser();
// Single view: one camera encoding live (a real camera's timing, its clock burned in), main stream.
const single: number[] = [];
{
  const hub = await startBenchHub({ cameras: 1, recorded: 1, mode: 'live' });
  try {
    const context = await loggedInContext(browser, hub.httpsBase);
    const page = await context.newPage();
    await sleep(3000); // the recorded camera comes online
    console.log(`single view over HTTPS/HTTP2: ${seconds} s of samples after ${warmupSeconds} s warm-up`);
    await page.goto(`${hub.httpsBase}/#/live?camera=${hub.cameraIds[0]}`);
    await sleep(warmupSeconds * 1000);
    single.push(...[...(await sampleLatencies(page, seconds)).values()].flat());
    await context.close();
  } finally {
    await hub.stop();
  }
}
const singleP50 = percentile(single, 50);
const singleP95 = percentile(single, 95);
console.log(`  samples ${single.length}, p50 ${singleP50.toFixed(0)} ms, p95 ${singleP95.toFixed(0)} ms`);

// Grid: the tiles play sub streams, started on demand; only those 16 small encoders run in the simulator.
const hub = await startBenchHub({ cameras: grid, recorded: 0, mode: 'live' });
try {
  const context = await loggedInContext(browser, hub.httpsBase);
  const page = await context.newPage();
  console.log(`${grid}-tile grid (sub streams) over HTTPS/HTTP2`);
  await page.goto(`${hub.httpsBase}/#/live?grid=${grid}&cameras=${hub.cameraIds.join(',')}`);
  await page.reload();
  await sleep(warmupSeconds * 1000);
  const tiles = await sampleLatencies(page, seconds);
  const tileP50s = [...tiles.entries()].map(([cameraId, values]) => ({
    cameraId,
    p50: percentile(values, 50),
    n: values.length,
  }));
  for (const tile of tileP50s) console.log(`  ${tile.cameraId}: p50 ${tile.p50.toFixed(0)} ms over ${tile.n} samples`);
  const worstTileP50 = Math.max(...tileP50s.map((tile) => tile.p50));

  console.log(
    JSON.stringify({
      bench: 'latency',
      single_p50_ms: Math.round(singleP50),
      single_p95_ms: Math.round(singleP95),
      single_samples: single.length,
      grid_tiles: grid,
      grid_tiles_playing: tileP50s.length,
      grid_worst_tile_p50_ms: Math.round(worstTileP50),
      grid_median_tile_p50_ms: Math.round(
        percentile(
          tileP50s.map((tile) => tile.p50),
          50,
        ),
      ),
      target_single_p50_ms: 1000,
      target_single_p95_ms: 1500,
      target_grid_tile_p50_ms: 2000,
    }),
  );
} finally {
  await browser.close();
  await hub.stop();
}
