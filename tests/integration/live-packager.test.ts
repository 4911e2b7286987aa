// Live ffmpeg → box reader → CameraStream → LL-HLS packager → express: blocking reload timing and real playback.
import { execFile, type ChildProcess } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { promisify } from 'node:util';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LlHlsPackager, createLiveRouter } from '../../src/live/index.js';
import { CameraStream, type StreamReader } from '../../src/stream/index.js';
import { startLiveProducer } from '../support/live-producer.js';

const run = promisify(execFile);

let ffmpeg: ChildProcess;
let server: Server;
let base: string;
let stream: CameraStream;
let packager: LlHlsPackager;
let slow: StreamReader;
/** A camera that never sends anything. */
const idle = new LlHlsPackager();
/** When each fragment reached the stream (the spy reader is synchronous, like the packager). */
const arrivals = new Map<Buffer, number>();

function until(check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const poll = (): void => {
      if (check()) resolve();
      else if (Date.now() > deadline) reject(new Error('condition not met in time'));
      else setTimeout(poll, 20);
    };
    poll();
  });
}

function hint(playlist: string): { msn: number; part: number } {
  const match = /#EXT-X-PRELOAD-HINT:TYPE=PART,URI="part-(\d+)-(\d+)\.m4s"/.exec(playlist);
  if (!match) throw new Error(`no preload hint in\n${playlist}`);
  return { msn: Number(match[1]), part: Number(match[2]) };
}

beforeAll(async () => {
  stream = new CameraStream({ name: 'cam-1/main' });
  packager = new LlHlsPackager();
  packager.attach(stream);
  stream.addReader({
    name: 'spy',
    onItem: (item) => void (item.type === 'fragment' && arrivals.set(item.fragment.data, performance.now())),
  });
  slow = stream.addReader({ name: 'stuck', maxQueuedFragments: 5 }); // never read

  ffmpeg = startLiveProducer(stream);

  const app = express();
  app.use(
    '/live',
    createLiveRouter({
      lookup: (cameraId, name) =>
        cameraId === 'cam-1' && name === 'main' ? packager : cameraId === 'idle' ? idle : undefined,
      authorize: (_req, cameraId) => cameraId !== 'forbidden',
      notReady: (cameraId) => ({
        message: `${cameraId} is waiting to start`,
        details: { reason: 'camera_queued', waiting: 37 },
      }),
    }),
  );
  server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/live/cam-1/main`;
  // Three complete segments: enough for HOLD-BACK and for ffmpeg's HLS demuxer to start.
  await until(() => packager.state().segments.filter((s) => s.complete).length >= 3, 20_000);
});

afterAll(async () => {
  ffmpeg?.kill('SIGKILL');
  await new Promise((resolve) => server?.close(resolve));
});

describe('LL-HLS over HTTP from a live ffmpeg', () => {
  it('serves the playlist, init, parts and segments with the right headers', async () => {
    const res = await fetch(`${base}/index.m3u8`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.apple.mpegurl');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    const text = await res.text();
    expect(text).toContain('#EXT-X-MAP:URI="init.mp4"');
    expect(text).toMatch(/#EXT-X-PART:DURATION=0\.2,URI="part-\d+-0\.m4s",INDEPENDENT=YES/);
    const segment = /^seg-(\d+)\.m4s$/m.exec(text)?.[0];
    for (const uri of ['init.mp4', segment, `part-${hint(text).msn}-0.m4s`]) {
      const media = await fetch(`${base}/${uri}`);
      expect(media.status, uri).toBe(200);
      expect(media.headers.get('content-type')).toBe('video/mp4');
      expect(media.headers.get('cache-control')).toMatch(/max-age=\d+/);
      expect((await media.arrayBuffer()).byteLength).toBeGreaterThan(100);
    }
    const next = hint(text).msn;
    expect((await fetch(`${base}/seg-${next + 10}.m4s`)).status).toBe(404); // too far ahead: no wait
    expect((await fetch(`${base}/nonsense.txt`)).status).toBe(404);
    expect((await fetch(base.replace('cam-1', 'cam-2') + '/index.m3u8')).status).toBe(404);
    expect((await fetch(base.replace('cam-1', 'forbidden') + '/index.m3u8')).status).toBe(403);
  });

  it('blocking reload returns as soon as the requested part exists', async () => {
    const latencies: number[] = [];
    for (let round = 0; round < 5; round++) {
      const { msn, part } = hint(packager.playlist() ?? '');
      const asked = performance.now();
      const res = await fetch(`${base}/index.m3u8?_HLS_msn=${msn}&_HLS_part=${part}`);
      const answered = performance.now();
      const text = await res.text();
      expect(res.status).toBe(200);
      // The part may have turned into part 0 of the next segment: either way the playlist moved past the hint.
      const produced = packager.part(msn, part) ?? packager.part(msn + 1, 0);
      expect(produced).toBeDefined();
      const arrived = arrivals.get(produced!)!;
      expect(arrived).toBeGreaterThan(asked); // it really blocked
      expect(text).toMatch(new RegExp(`part-(${msn}-${part}|${msn + 1}-0)\\.m4s`));
      latencies.push(answered - arrived);
    }
    console.log('blocking reload latency after part arrival (ms):', latencies.map((l) => l.toFixed(1)).join(', '));
    expect(Math.max(...latencies)).toBeLessThan(300);
  });

  it('a preload-hinted part request blocks until the part exists', async () => {
    const { msn, part } = hint(packager.playlist() ?? '');
    const res = await fetch(`${base}/part-${msn}-${part}.m4s`);
    // 404 only when the hint became part 0 of the next segment (a keyframe cut the segment).
    if (res.status === 404) expect(packager.part(msn + 1, 0)).toBeDefined();
    else expect(Buffer.from(await res.arrayBuffer()).equals(packager.part(msn, part)!)).toBe(true);
  });

  it('refuses requests that can never be met with 400', async () => {
    const { msn } = hint(packager.playlist() ?? '');
    expect((await fetch(`${base}/index.m3u8?_HLS_msn=${msn + 10}`)).status).toBe(400);
    expect((await fetch(`${base}/index.m3u8?_HLS_msn=${msn}&_HLS_part=99`)).status).toBe(400);
    expect((await fetch(`${base}/index.m3u8?_HLS_part=1`)).status).toBe(400);
    expect((await fetch(`${base}/index.m3u8?_HLS_msn=abc`)).status).toBe(400);
  });

  it('answers 503 with the reason when a blocking request times out (camera sends nothing)', async () => {
    const started = performance.now();
    const res = await fetch(base.replace('cam-1', 'idle') + '/index.m3u8?_HLS_msn=0&_HLS_part=0');
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('1');
    expect(performance.now() - started).toBeGreaterThan(2900); // 3 × TARGETDURATION
    expect(await res.json()).toEqual({
      error: {
        code: 'VIGIL_UNAVAILABLE',
        message: 'idle is waiting to start',
        details: { reason: 'camera_queued', waiting: 37 },
      },
    });
  });

  it('plays with ffmpeg (a player that ignores the LL-HLS tags)', async () => {
    const { stderr } = await run(
      'ffmpeg',
      ['-hide_banner', '-nostats', '-loglevel', 'info', '-i', `${base}/index.m3u8`, '-t', '3', '-f', 'null', '-'],
      { timeout: 30_000 },
    );
    expect(stderr).toMatch(/Video: h264/);
    const frames = Number(
      /frame=\s*(\d+)/.exec(stderr)?.[1] ?? /(\d+) frames? (?:successfully )?decoded/.exec(stderr)?.[1] ?? 0,
    );
    expect(frames === 0 ? stderr : frames).toBeGreaterThanOrEqual(70);
  });

  it('a stuck reader on the stream does not hold the packager back', () => {
    expect(slow.stats.dropped).toBeGreaterThan(20);
    expect(stream.stats.dropped).toBe(slow.stats.dropped);
    // The newest fragment the stream saw is the packager's newest part.
    const newest = [...arrivals.entries()].sort((a, b) => b[1] - a[1])[0]![0];
    const { msn, part } = hint(packager.playlist()!);
    expect(packager.part(msn, part - 1) ?? packager.segment(msn - 1)?.subarray(-newest.length)).toEqual(newest);
  });
});
