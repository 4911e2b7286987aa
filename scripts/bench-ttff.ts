// Time to first frame in real Chromium: page open to the first frame rendered (requestVideoFrameCallback).
import { flag, loggedInContext, openBrowser, percentile, startBenchHub } from './lib/bench-hub.js';

const runs = flag('runs', 8);

/** Records, relative to navigation start, when the first video element renders its first frame. */
const FIRST_FRAME_PROBE = `
  window.__firstFrameMs = null;
  const watch = (video) => video.requestVideoFrameCallback(() => {
    if (window.__firstFrameMs === null) window.__firstFrameMs = performance.now();
  });
  new MutationObserver(() => {
    for (const video of document.querySelectorAll('video')) {
      if (!video.__watched) { video.__watched = true; watch(video); }
    }
  }).observe(document, { childList: true, subtree: true });
`;

const hub = await startBenchHub({ cameras: 1 + runs, recorded: 1, mode: 'loop' });
const browser = await openBrowser();
try {
  const context = await loggedInContext(browser, hub.httpsBase);
  await context.addInitScript(FIRST_FRAME_PROBE);

  const measure = async (cameraId: string): Promise<number> => {
    const page = await context.newPage();
    await page.goto(`${hub.httpsBase}/#/live?camera=${cameraId}`);
    await page.waitForFunction(
      () => (window as unknown as { __firstFrameMs: number | null }).__firstFrameMs !== null,
      null,
      {
        timeout: 20_000,
      },
    );
    const ms = await page.evaluate(() => (window as unknown as { __firstFrameMs: number }).__firstFrameMs);
    await page.close();
    return ms;
  };

  // Warm the browser cache and let the recorded camera come online.
  await measure(hub.cameraIds[0] as string);
  const warm: number[] = [];
  for (let run = 0; run < runs; run += 1) warm.push(await measure(hub.cameraIds[0] as string));
  // Each on-demand run opens a camera nobody watches yet: the hub starts its ffmpeg on the first request.
  const cold: number[] = [];
  for (const cameraId of hub.cameraIds.slice(1)) cold.push(await measure(cameraId));

  console.log(`camera already on: ${warm.map((ms) => ms.toFixed(0)).join(', ')} ms`);
  console.log(`camera started on demand: ${cold.map((ms) => ms.toFixed(0)).join(', ')} ms`);
  console.log(
    JSON.stringify({
      bench: 'ttff',
      runs,
      on_p50_ms: Math.round(percentile(warm, 50)),
      on_p95_ms: Math.round(percentile(warm, 95)),
      on_demand_p50_ms: Math.round(percentile(cold, 50)),
      on_demand_p95_ms: Math.round(percentile(cold, 95)),
      target_on_p50_ms: 1000,
      target_on_demand_p50_ms: 2500,
    }),
  );
} finally {
  await browser.close();
  await hub.stop();
}
