// Recording and playback through the hub: 90 s from the simulator, a camera offline for half a minute, the VOD
// playlist in ffprobe and in the console's hls.js, seeks, the timeline, export, and who may do any of it.
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExportJobView, PlaybackRangesView } from '../../src/contracts/index.js';
import { verifyExport } from '../../src/playback/index.js';
import type { CameraSimulator } from '../../src/simulator/index.js';
import { launchChromium } from '../../scripts/lib/chromium.js';
import { chooseOption } from '../support/element-plus.js';
import { waitUntil } from '../support/processes.js';
import {
  loggedEvents,
  closedSeconds,
  decodeFrames,
  indexedFiles,
  playlistSeconds,
  probeDuration,
  startLoopCameras,
} from '../support/recordings.js';
import { startTestHub, TEST_PASSWORD, type TestHub } from '../support/test-hub.js';

/**
 * Short files so that 90 s make nine of them, each cut at a keyframe. The footage flows through real ingest, so it
 * takes as long to record as it lasts; the outage spans two steps of the reconnect backoff.
 */
const SEGMENT_SECONDS = 10;
const FOOTAGE_MS = 90_000;
const OUTAGE_MS = 30_000;
const FPS = 25;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const pad = (n: number): string => String(n).padStart(2, '0');
const localDay = (ms: number): string => {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
};
const localTime = (ms: number): string => {
  const d = new Date(ms);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
};

describe('recording and playback through the hub', () => {
  let sim: CameraSimulator;
  let t: TestHub;
  let browser: Browser;
  let inspector: string;
  /** Start of steady's first file: the footage asked for begins here. */
  let from: number;
  let to: number;

  const json = async <T>(path: string, cookie: string): Promise<T> => (await t.get(path, cookie)).json() as Promise<T>;

  beforeAll(async () => {
    sim = await startLoopCameras(2, { width: 640, height: 360, bitrateKbps: 600 });
    t = await startTestHub(
      [
        { id: 'steady', name: 'Steady', stage: 'processing', enterprise: 'east', mainUrl: sim.url('cam01', 'main') },
        { id: 'flaky', name: 'Flaky', stage: 'packaging', enterprise: 'east', mainUrl: sim.url('cam02', 'main') },
      ],
      { recording: { segmentSeconds: SEGMENT_SECONDS } },
    );
    browser = await launchChromium();
    // flaky records a little, goes offline for half a minute, then comes back; steady records throughout.
    expect(await waitUntil(() => closedSeconds(t.dataDir, 'flaky') >= SEGMENT_SECONDS, 30_000, 500)).toBe(true);
    sim.setOffline('cam02', true);
    await sleep(OUTAGE_MS);
    sim.setOffline('cam02', false);
    const back = Date.now();
    const recorded = await waitUntil(
      () =>
        closedSeconds(t.dataDir, 'steady') >= FOOTAGE_MS / 1000 &&
        indexedFiles(t.dataDir, 'flaky').some((f) => f.state === 'closed' && f.startMs > back),
      150_000,
      1000,
    );
    expect(recorded).toBe(true);
    from = indexedFiles(t.dataDir, 'steady')[0]?.startMs ?? 0;
    to = from + FOOTAGE_MS;
    inspector = await t.login('east-insp');
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await t?.hub.stop();
    await sim?.stop();
  });

  it('shows the half minute offline as a gap in the ranges and as a discontinuity in the playlist', async () => {
    const ranges = await json<PlaybackRangesView>(
      `/playback/flaky/ranges?from=${from - 60_000}&to=${Date.now()}`,
      inspector,
    );
    expect(ranges.recorded).toHaveLength(2);
    const [before, after] = ranges.recorded;
    const outage = (after?.startMs ?? 0) - (before?.endMs ?? 0);
    expect(outage).toBeGreaterThan(OUTAGE_MS - 3_000);
    expect(ranges.gaps.some((gap) => gap.startMs === before?.endMs && gap.endMs === after?.startMs)).toBe(true);

    const list = await (
      await t.get(`/playback/flaky/vod.m3u8?from=${from - 60_000}&to=${Date.now()}`, inspector)
    ).text();
    expect(list.match(/#EXT-X-DISCONTINUITY/g)).toHaveLength(1);
    const steady = await (await t.get(`/playback/steady/vod.m3u8?from=${from}&to=${to}`, inspector)).text();
    expect(steady).not.toContain('#EXT-X-DISCONTINUITY');
  });

  it('serves 90 s as a VOD playlist that ffprobe reads and ffmpeg decodes at the right length', async () => {
    const res = await t.get(`/playback/steady/vod.m3u8?from=${from}&to=${to}`, inspector);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain('#EXT-X-PLAYLIST-TYPE:VOD');
    expect(text).toContain('#EXT-X-ENDLIST');
    const listed = playlistSeconds(text);
    expect(listed).toBeGreaterThanOrEqual(FOOTAGE_MS / 1000 - 1);
    expect(listed).toBeLessThan(FOOTAGE_MS / 1000 + SEGMENT_SECONDS + 1);

    const url = `${t.base}/playback/steady/vod.m3u8?from=${from}&to=${to}`;
    expect(Math.abs((await probeDuration(`${url}&reason=probe`, inspector)) - listed)).toBeLessThan(1);
    const decoded = await decodeFrames(`${url}&reason=decode-once`, inspector);
    expect(decoded.stderr).toBe('');
    // Media time reached, not frames / fps: a starved simulator may have skipped frames, leaving short gaps.
    expect(Math.abs(decoded.seconds - listed)).toBeLessThan(1);
    expect(decoded.frames).toBeGreaterThan((listed - 5) * FPS);

    // One audit event for that playlist request, although ffmpeg then fetched every file of it.
    const played = loggedEvents(t.dataDir, 'audit.playback').filter((e) => e.data.reason === 'decode-once');
    expect(played).toHaveLength(1);
    expect(played[0]).toMatchObject({ cameraId: 'steady', orgUnitId: 'east', data: { username: 'east-insp' } });
    expect(played[0]?.userId).toMatch(/\S/);
    expect(played[0]?.ip).toContain('127.0.0.1');
  });

  it('refuses operators and other branches at every door, unknown and out of scope alike', async () => {
    const operator = await t.login('center-op');
    const otherBranch = await t.login('west-insp');
    const file = indexedFiles(t.dataDir, 'steady')[0]?.id ?? 0;
    const doors = (camera: string): string[] => [
      `/playback/${camera}/ranges?from=${from}&to=${to}`,
      `/playback/${camera}/vod.m3u8?from=${from}&to=${to}`,
      `/playback/${camera}/files/${file}/init.mp4`,
      `/playback/${camera}/files/${file}/media.m4s`,
      `/playback/${camera}/files/${file}.mp4`,
    ];
    const post = (camera: string, cookie: string): Promise<Response> =>
      fetch(`${t.base}/playback/${camera}/exports`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json' },
        body: JSON.stringify({ from: from + 10_000, to: from + 20_000 }),
      });
    for (const [index, path] of doors('steady').entries()) {
      expect((await t.get(path)).status).toBe(401);
      const refusedRole = await t.get(path, operator);
      expect(refusedRole.status).toBe(403);
      expect(((await refusedRole.json()) as { error: { code: string } }).error.code).toBe('VIGIL_FORBIDDEN');
      const outOfScope = await t.get(path, otherBranch);
      const unknown = await t.get(doors('no-such-camera')[index] ?? '', otherBranch);
      expect(outOfScope.status).toBe(403);
      expect(await outOfScope.text()).toBe(await unknown.text());
    }
    expect((await post('steady', operator)).status).toBe(403);
    const refusedExport = await post('steady', otherBranch);
    expect(refusedExport.status).toBe(403);
    expect(await refusedExport.text()).toBe(await (await post('no-such-camera', otherBranch)).text());

    const created = await post('steady', inspector);
    expect(created.status).toBe(202);
    const job = (await created.json()) as ExportJobView;
    for (const suffix of ['', '/download', '/manifest']) {
      const foreign = await t.get(`/playback/exports/${job.id}${suffix}`, otherBranch);
      const unknown = await t.get(`/playback/exports/exp_000000000000${suffix}`, otherBranch);
      expect(foreign.status).toBe(404);
      expect(await foreign.text()).toBe(await unknown.text());
      expect((await t.get(`/playback/exports/${job.id}${suffix}`, operator)).status).toBe(403);
    }
    expect((await t.get(`/playback/steady/ranges?from=${from}&to=${to}`, await t.login('center-admin'))).status).toBe(
      200,
    );
    const audit = loggedEvents(t.dataDir, 'audit.export.created').find((e) => e.data.exportId === job.id);
    expect(audit).toMatchObject({ cameraId: 'steady', orgUnitId: 'east', data: { username: 'east-insp' } });
  });

  describe('the console playback page in Chromium', () => {
    let page: Page;

    beforeAll(async () => {
      const context = await browser.newContext({ viewport: { width: 1600, height: 900 }, acceptDownloads: true });
      page = await context.newPage();
      await page.goto(`${t.base}/#/playback?camera=flaky&day=${localDay(from)}`);
      await page.getByTestId('login-username').fill('east-insp');
      await page.getByTestId('login-password').fill(TEST_PASSWORD);
      await page.getByTestId('login-submit').click();
      await page.getByTestId('page-playback').waitFor();
    });

    it('draws the recorded ranges and the gap of the day on the timeline', async () => {
      await expect.poll(() => page.getByTestId('timeline-range').count(), { timeout: 10_000 }).toBe(2);
      expect(await page.getByTestId('timeline-gap').count()).toBeGreaterThanOrEqual(3);
      await chooseOption(page.getByTestId('page-playback'), 'playback-camera', 'steady');
      await expect.poll(() => page.getByTestId('timeline-range').count(), { timeout: 10_000 }).toBe(1);
      // The day's playlist plays: the time under the playhead is steady's footage, and it advances.
      const shown = async (): Promise<number> =>
        Number((await page.getByTestId('playback-time').getAttribute('data-ms')) ?? NaN);
      await expect.poll(shown, { timeout: 20_000 }).toBeGreaterThanOrEqual(from - 1000);
      const first = await shown();
      expect(first).toBeLessThanOrEqual(Date.now());
      await expect.poll(shown, { timeout: 10_000 }).toBeGreaterThan(first);
    });

    it('plays the 90 s with hls.js at the right length and seeks to within a second', async () => {
      const listed = playlistSeconds(
        await (await t.get(`/playback/steady/vod.m3u8?from=${from}&to=${to}`, inspector)).text(),
      );
      await page.evaluate(([a, b]) => window.__vigilPlayback?.playRange(a, b), [from, to] as const);
      await page.waitForFunction(() => Number.isFinite(window.__vigilPlayback?.video.duration ?? NaN), null, {
        timeout: 20_000,
      });
      const duration = await page.evaluate(() => window.__vigilPlayback?.video.duration ?? 0);
      expect(Math.abs(duration - listed)).toBeLessThan(1);

      const target = from + 55_000;
      const landed = await page.evaluate(
        (at) =>
          new Promise<number | null>((resolve) => {
            const hook = window.__vigilPlayback;
            hook?.video.addEventListener('seeked', () => resolve(hook.playingDate()), { once: true });
            hook?.seek(at);
          }),
        target,
      );
      expect(Math.abs((landed ?? 0) - target)).toBeLessThan(1000);
      // Frames are shown from there on.
      await page.waitForFunction((at) => (window.__vigilPlayback?.playingDate() ?? 0) > at + 1000, target, {
        timeout: 15_000,
      });
    });

    it('seeks where the timeline is clicked, zoomed in to minutes', async () => {
      const timeline = page.getByTestId('timeline');
      for (let i = 0; i < 7; i++) await page.getByTestId('timeline-zoom-in').click();
      const view = await timeline.evaluate((el) => [Number(el.dataset.viewStart), Number(el.dataset.viewEnd)]);
      const [viewStart = 0, viewEnd = 0] = view;
      expect(viewEnd - viewStart).toBeLessThan(15 * 60_000);
      const box = await timeline.boundingBox();
      if (!box) throw new Error('timeline not laid out');
      // The zoom keeps the playhead where it was on the track, so late in the day the view may end before from + 70 s:
      // the click goes to recorded time inside the view.
      const wanted = Math.min(from + 70_000, viewEnd - 5_000);
      expect(wanted).toBeGreaterThan(Math.max(from, viewStart));
      const x = box.x + ((wanted - viewStart) / (viewEnd - viewStart)) * box.width;
      const clickedTime = viewStart + ((Math.round(x) - box.x) / box.width) * (viewEnd - viewStart);
      const landed = page.evaluate(
        () =>
          new Promise<number | null>((resolve) => {
            const hook = window.__vigilPlayback;
            hook?.video.addEventListener('seeked', () => resolve(hook.playingDate()), { once: true });
          }),
      );
      await page.mouse.click(Math.round(x), box.y + box.height / 2);
      expect(Math.abs(((await landed) ?? 0) - clickedTime)).toBeLessThan(1000);
    });

    it('exports a selected clip with a progress bar and a download whose SHA-256 matches its manifest', async () => {
      await page.getByTestId('export-from').fill(localTime(from + 30_000));
      await page.getByTestId('export-to').fill(localTime(from + 60_000));
      expect(await page.getByTestId('timeline-selection').isVisible()).toBe(true);
      const statusAsks: string[] = [];
      const countAsks = (request: { url(): string }) => {
        if (/\/playback\/exports\/exp_[a-z0-9]+(\?|$)/.test(request.url())) statusAsks.push(request.url());
      };
      page.on('request', countAsks);
      await page.getByTestId('export-start').click();
      await page.getByTestId('export-progress').waitFor();
      const download = page.getByTestId('export-download');
      await download.waitFor({ timeout: 30_000 });
      page.off('request', countAsks);
      // The progress is pushed over socket.io: the console asked for the export's status once, not in a loop.
      expect(statusAsks.length).toBeLessThanOrEqual(1);
      expect(await page.getByTestId('export-progress').evaluate((el) => (el as HTMLProgressElement).value)).toBe(1);
      const clip = await page.request.get(new URL((await download.getAttribute('href')) ?? '', t.base).href);
      expect(clip.status()).toBe(200);
      const manifestHref = (await page.getByTestId('export-manifest').getAttribute('href')) ?? '';
      const manifest = (await (await page.request.get(new URL(manifestHref, t.base).href)).json()) as {
        exportId: string;
        file: { sha256: string; bytes: number };
        camera: { id: string };
      };
      const body = await clip.body();
      expect(body.length).toBe(manifest.file.bytes);
      expect(createHash('sha256').update(body).digest('hex')).toBe(manifest.file.sha256);
      expect(manifest.camera.id).toBe('steady');
      expect(await page.getByTestId('export-sha256').textContent()).toContain(manifest.file.sha256);
      expect(await verifyExport(join(t.dataDir, 'exports', manifest.exportId))).toMatchObject({ ok: true });
    });

    it('keeps the camera and day in the address, and loads those of an address changed from outside', async () => {
      const query = (): URLSearchParams => new URLSearchParams(new URL(page.url()).hash.split('?')[1] ?? '');
      expect(query().get('camera')).toBe('steady');
      expect(query().get('day')).toBe(localDay(from));
      await page.evaluate((day) => (window.location.hash = `#/playback?camera=flaky&day=${day}`), localDay(from));
      await expect.poll(() => page.getByTestId('timeline-range').count(), { timeout: 10_000 }).toBe(2);
      expect(await page.getByTestId('playback-camera').textContent()).toContain('Flaky');
    });
  });
});
