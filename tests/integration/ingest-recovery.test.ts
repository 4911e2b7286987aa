// Ingest recovery with real ffmpeg 5.1 and a real RTSP server: kill -9, a stalled camera, a camera down at start.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveFfmpeg, type FfmpegBinary, type SourceStatus } from '../../src/ffmpeg/index.js';
import type { CameraSource, CameraSourceOptions } from '../../src/ingest/index.js';
import { addSource } from '../support/camera-source.js';
import { freePort } from '../support/net.js';
import { isGone, waitFor } from '../support/processes.js';
import { assertAvailable, gstElementMissing, skipWhenMissing } from '../support/requirements.js';
import { startRtspServer, type RtspServer } from '../support/rtsp-server.js';

type Seen = Array<{ status: SourceStatus; reason: string | null }>;

let binary: FfmpegBinary;
let server: RtspServer;
const sources: CameraSource[] = [];

/** A source whose status changes are recorded from the first one (a keepAlive source starts at construction). */
function source(url: string, extra: Partial<CameraSourceOptions> = {}): { cam: CameraSource; seen: Seen } {
  const seen: Seen = [];
  const cam = addSource(sources, url, binary, {
    onStatus: (change) => seen.push({ status: change.status, reason: change.reason?.code ?? null }),
    ...extra,
  });
  return { cam, seen };
}

beforeAll(async () => {
  binary = await resolveFfmpeg({ only: 'path' });
  expect(binary.major).toBe(5);
  server = await startRtspServer();
});

afterAll(async () => {
  const pids = sources.map((s) => s.stats.pid).filter((pid): pid is number => pid !== undefined);
  await Promise.all(sources.map((s) => s.close()));
  await server?.stop();
  for (const pid of pids) expect(isGone(pid)).toBe(true);
});

describe('ingest recovery (ffmpeg 5.1)', () => {
  it('recovers from kill -9 of its ffmpeg: fragments again within 5 s, reconnecting → online', async () => {
    const { cam, seen } = source(`rtsp://127.0.0.1:${server.port}/stream`, { keepAlive: true });
    await waitFor(() => cam.status === 'online', 15_000, 'online');
    const init = cam.output.init;
    expect(init?.codec).toMatch(/^avc1\./);
    expect(init?.width).toBe(320);
    const pid = cam.stats.pid;
    expect(pid).toBeTypeOf('number');
    if (pid === undefined) return;

    process.kill(pid, 'SIGKILL');
    const killedAt = Date.now();
    const fragmentsBefore = cam.stats.fragments;
    await waitFor(() => cam.status === 'reconnecting', 2_000, 'reconnecting');
    expect(cam.reason?.detail).toBe('ffmpeg was killed by SIGKILL');
    await waitFor(() => cam.stats.fragments > fragmentsBefore + 2, 5_000, 'fragments after the restart');
    expect(Date.now() - killedAt).toBeLessThan(5_000);
    expect(cam.status).toBe('online');
    expect(cam.stats.pid).not.toBe(pid);
    expect(cam.stats.restarts).toBe(1);
    expect(isGone(pid)).toBe(true);
    expect(seen.map((s) => s.status)).toEqual(['starting', 'online', 'reconnecting', 'online']);
    await cam.close();
  });

  it('delivers ~200 ms fragments with keyframes, to a reader of the stream fan-out', async () => {
    const { cam } = source(`rtsp://127.0.0.1:${server.port}/stream`);
    cam.acquire();
    await waitFor(() => cam.status === 'online', 15_000, 'online');
    const arrivals: number[] = [];
    let keyframes = 0;
    const reader = cam.output.addReader({
      name: 'test',
      start: 'next-keyframe',
      onItem: (item) => {
        if (item.type !== 'fragment') return;
        arrivals.push(item.fragment.receivedAt);
        if (item.fragment.keyframe) keyframes++;
      },
    });
    await waitFor(() => arrivals.length >= 15, 10_000, '15 fragments');
    reader.close();
    const gaps = arrivals.slice(1).map((at, i) => at - (arrivals[i] ?? at));
    const mean = gaps.reduce((a, b) => a + b, 0) / gaps.length;
    expect(mean).toBeGreaterThan(120);
    expect(mean).toBeLessThan(320);
    expect(keyframes).toBeGreaterThanOrEqual(2);
    cam.release();
    await cam.close();
  });

  // Both H.264 encoders a GStreamer camera may use: x264enc sends keyframes as buffer lists (FU-A), openh264enc not.
  const encoders = [
    { encoder: 'x264', missing: gstElementMissing('x264enc', 'gstreamer1.0-plugins-ugly') },
    { encoder: 'openh264', missing: gstElementMissing('openh264enc', 'gstreamer1.0-plugins-bad') },
  ] as const;

  it.for(encoders.filter(({ encoder, missing }) => !skipWhenMissing(`${encoder}enc`, missing)))(
    'reports a camera ($encoder) that keeps its session but stops sending as stalled within 10 s, then recovers',
    async ({ encoder, missing }) => {
      assertAvailable(`${encoder}enc`, missing);
      const paused = await startRtspServer(['--encoder', encoder]);
      try {
        const { cam, seen } = source(`rtsp://127.0.0.1:${paused.port}/stream`, { keepAlive: true });
        await waitFor(() => cam.status === 'online', 15_000, 'online');
        paused.command('pause');
        const pausedAt = Date.now();
        await waitFor(() => cam.status === 'reconnecting', 10_000, 'stall reported');
        expect(Date.now() - pausedAt).toBeLessThan(10_000);
        expect(cam.reason?.code).toBe('stalled');
        expect(cam.reason?.message).toBe('stalled (no data)');
        paused.command('resume');
        await waitFor(() => cam.status === 'online', 15_000, 'online again');
        expect(seen.map((s) => `${s.status}:${s.reason}`)).toEqual([
          'starting:null',
          'online:null',
          'reconnecting:stalled',
          'online:null',
        ]);
        await cam.close();
      } finally {
        await paused.stop();
      }
    },
  );

  it('retries a camera that is down at start until it appears', async () => {
    const port = await freePort();
    const { cam } = source(`rtsp://127.0.0.1:${port}/stream`, { keepAlive: true });
    await waitFor(() => cam.status === 'reconnecting', 3_000, 'reconnecting');
    expect(cam.reason?.code).toBe('unreachable');
    expect(cam.reason?.message).toBe('camera unreachable');
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    const late = await startRtspServer(['--port', String(port)]);
    try {
      await waitFor(() => cam.status === 'online', 15_000, 'online once the camera appeared');
      expect(cam.stats.runs).toBeGreaterThanOrEqual(3);
      await cam.close();
    } finally {
      await late.stop();
    }
  });
});
