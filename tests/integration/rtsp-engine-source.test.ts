// CameraSource with engine 'native': the same status events as with ffmpeg (online, stalled → reconnecting, online
// again), auth failures, B-frames, and the fallback to ffmpeg for streams the native engine does not take (UDP, VP8).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveFfmpeg, type FfmpegBinary } from '../../src/ffmpeg/index.js';
import type { CameraSource, CameraSourceOptions, SourceStatusEvent } from '../../src/ingest/index.js';
import { CameraSimulator } from '../../src/simulator/index.js';
import type { Fragment, InitSegment } from '../../src/stream/index.js';
import { addSource } from '../support/camera-source.js';
import { checkMp4 } from '../support/mp4-check.js';
import { waitFor } from '../support/processes.js';
import { startRtspServer } from '../support/rtsp-server.js';
import { simulatedCamera } from '../support/simulated-camera.js';
import { tempDir } from '../support/temp-dir.js';

const dir = tempDir('vigil-rtsp-source-');
const auth = { username: 'viewer', password: 'right-pass' };
let binary: FfmpegBinary;
let sim: CameraSimulator;
const sources: CameraSource[] = [];

beforeAll(async () => {
  binary = await resolveFfmpeg({ only: 'path' });
  sim = new CameraSimulator({
    ffmpegPath: 'ffmpeg',
    cameras: [simulatedCamera('open'), simulatedCamera('locked', { auth })],
  });
  await sim.start();
});

afterAll(async () => {
  await Promise.all(sources.map((s) => s.close()));
  await sim?.stop();
});

/** A keep-alive source on the native engine whose status events are recorded. */
function nativeSource(
  url: string,
  extra: Partial<CameraSourceOptions> = {},
): { cam: CameraSource; events: SourceStatusEvent[] } {
  const events: SourceStatusEvent[] = [];
  const cam = addSource(sources, url, binary, {
    keepAlive: true,
    engine: 'native',
    onStatus: (e) => events.push(e),
    ...extra,
  });
  return { cam, events };
}

/** Everything the source's output carries from now on. */
function record(cam: CameraSource): { inits: InitSegment[]; fragments: Fragment[] } {
  const got = { inits: [] as InitSegment[], fragments: [] as Fragment[] };
  cam.output.addReader({
    name: 'test',
    start: 'next-keyframe',
    onItem: (item) => {
      if (item.type === 'init') got.inits.push(item.init);
      else got.fragments.push(item.fragment);
    },
  });
  return got;
}

describe('CameraSource on the native engine', () => {
  it('goes online without a process, stalls when the camera pauses, and comes back', async () => {
    const server = await startRtspServer(['--codec', 'h264']);
    try {
      const { cam, events } = nativeSource(`rtsp://127.0.0.1:${server.port}/stream`, {
        timing: { stallTimeoutMs: 1_500 },
      });
      await waitFor(() => cam.status === 'online', 15_000, 'online');
      expect(cam.stats).toMatchObject({ engine: 'native', engineFallback: null, pid: undefined });
      expect(cam.stderrTail().some((line) => line.startsWith('playing H264'))).toBe(true);
      server.command('pause');
      await waitFor(() => cam.status === 'reconnecting', 10_000, 'reconnecting');
      expect(cam.reason?.code).toBe('stalled');
      server.command('resume');
      await waitFor(() => cam.status === 'online' && cam.stats.runs > 1, 15_000, 'online again');
      expect(events.map((e) => e.status)).toEqual(['starting', 'online', 'reconnecting', 'online']);
      expect(cam.stats.engine).toBe('native');
    } finally {
      await server.stop();
    }
  });

  it('a wrong Digest password: authentication failed, no password anywhere', async () => {
    const { cam } = nativeSource(sim.url('locked', 'main', { username: 'viewer', password: 'wrong-pass' }));
    await waitFor(() => cam.status === 'reconnecting' || cam.status === 'offline', 15_000, 'failure');
    expect(cam.reason?.code).toBe('auth_failed');
    expect(cam.stats.engine).toBe('native');
    expect(JSON.stringify([cam.stats, cam.stderrTail()])).not.toContain('wrong-pass');
  });

  it('the right password through the URL goes online', async () => {
    const { cam } = nativeSource(sim.url('locked', 'main', auth));
    await waitFor(() => cam.status === 'online', 15_000, 'online');
    expect(cam.stats.engine).toBe('native');
  });

  it('UDP transport is left to ffmpeg from the start', async () => {
    const { cam } = nativeSource(sim.url('open'), { transport: 'udp' });
    expect(cam.stats).toMatchObject({ engine: 'ffmpeg', engineFallback: 'RTSP over UDP' });
    await waitFor(() => cam.status === 'online', 15_000, 'online');
  });

  it('B-frames stay native: decode times from the reorder depth, a clean decode', async () => {
    const server = await startRtspServer(['--codec', 'h264', '--bframes', '2']);
    try {
      const { cam } = nativeSource(`rtsp://127.0.0.1:${server.port}/stream`);
      const got = record(cam);
      await waitFor(() => got.fragments.length >= 12, 20_000, 'fragments');
      expect(cam.stats.engine).toBe('native');
      const decodeTimes = got.fragments.map((f) => f.decodeTime);
      expect(decodeTimes).toEqual([...decodeTimes].sort((a, b) => a - b));
      const file = join(dir, 'bframes.mp4');
      writeFileSync(file, Buffer.concat([got.inits[0]!.data, ...got.fragments.map((f) => f.data)]));
      const frames = got.fragments.reduce((sum, f) => sum + f.sampleCount, 0);
      expect(checkMp4(file)).toEqual({ codec: 'h264', width: 320, height: 240, frames, decodeErrors: '' });
    } finally {
      await server.stop();
    }
  });

  it('a codec the native engine does not take (VP8) is handed to ffmpeg without a reconnect', async () => {
    const server = await startRtspServer(['--codec', 'vp8']);
    try {
      const { cam, events } = nativeSource(`rtsp://127.0.0.1:${server.port}/stream`);
      await waitFor(() => cam.stats.engine === 'ffmpeg' && cam.stats.runs >= 2, 10_000, 'handover');
      expect(cam.stats.engineFallback).toMatch(/VP8/);
      expect(events[0]?.status).toBe('starting');
      // The handover itself is no failure: no status event carries the native engine's reason.
      expect(events.filter((e) => e.reason?.detail?.includes('native engine'))).toEqual([]);
    } finally {
      await server.stop();
    }
  });
});
