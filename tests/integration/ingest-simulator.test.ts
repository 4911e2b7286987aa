// Ingest against the project's own camera simulator: Digest auth, main+sub, stop-sending, dropped and offline cameras.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveFfmpeg, type FfmpegBinary } from '../../src/ffmpeg/index.js';
import { IngestService, type CameraSource, type SourceStatusEvent } from '../../src/ingest/index.js';
import { createLogger, silentLogger } from '../../src/shared/index.js';
import { CameraSimulator } from '../../src/simulator/index.js';
import { descendantsOf, waitFor } from '../support/processes.js';
import { simulatedCamera as camera } from '../support/simulated-camera.js';

const auth = { username: 'admin', password: 'Pa55:w@rd' };

let binary: FfmpegBinary;
let sim: CameraSimulator;
let ingest: IngestService;
const events: SourceStatusEvent[] = [];

function ffmpegChildren(): number[] {
  return descendantsOf(process.pid)
    .filter((p) => p.command.includes('pipe:1') && p.command.includes('-c:v copy'))
    .map((p) => p.pid);
}

beforeAll(async () => {
  binary = await resolveFfmpeg({ only: 'path' });
  sim = new CameraSimulator({
    port: 0,
    ffmpegPath: binary.path,
    font: false,
    cameras: [
      camera('secure', { auth, sub: { width: 160, height: 96, bitrateKbps: 100 } }),
      camera('halt'),
      camera('flaky'),
    ],
  });
  await sim.start();
  ingest = new IngestService({
    binary,
    logger: process.env.DBG ? createLogger({ level: 'debug' }) : silentLogger(),
    onStatus: (event) => events.push(event),
  });
});

afterAll(async () => {
  await ingest?.stop();
  expect(ffmpegChildren()).toEqual([]);
  await sim?.stop();
});

describe('ingest against the camera simulator', () => {
  it('pulls main and sub through Digest auth, and names a wrong password', async () => {
    const main = await ingest.add({
      cameraId: 'secure',
      stream: 'main',
      url: sim.url('secure', 'main', auth),
      keepAlive: true,
    });
    const sub = await ingest.add({
      cameraId: 'secure',
      stream: 'sub',
      url: sim.url('secure', 'sub'),
      ...auth,
      keepAlive: true,
    });
    const wrong = await ingest.add({
      cameraId: 'intruder',
      stream: 'main',
      url: sim.url('secure', 'main', { username: 'admin', password: 'guess' }),
      keepAlive: true,
    });
    await waitFor(() => main.status === 'online' && sub.status === 'online', 20_000, 'main and sub online');
    expect([main.output.init?.width, sub.output.init?.width]).toEqual([320, 160]);
    await waitFor(() => wrong.reason !== null, 10_000, 'the wrong password to fail');
    expect(wrong.reason?.message).toBe('authentication failed');
    expect(events.filter((e) => e.cameraId === 'secure').map((e) => `${e.stream}:${e.status}`)).toEqual([
      'main:starting',
      'sub:starting',
      expect.stringMatching(/online/),
      expect.stringMatching(/online/),
    ]);
    expect(JSON.stringify(wrong.stderrTail())).not.toContain('guess');
    await ingest.remove('intruder');
    await ingest.remove('secure');
  });

  it('reports a camera that stops sending as stalled, and a dropped connection as reconnecting, then recovers', async () => {
    const halt = await ingest.add({ cameraId: 'halt', stream: 'main', url: sim.url('halt'), keepAlive: true });
    const flaky = await ingest.add({ cameraId: 'flaky', stream: 'main', url: sim.url('flaky'), keepAlive: true });
    await waitFor(() => halt.status === 'online' && flaky.status === 'online', 20_000, 'online');

    sim.setStopped('halt', true);
    const dropped = sim.dropClients('flaky');
    expect(dropped).toBeGreaterThan(0);
    await waitFor(() => flaky.status === 'reconnecting', 3_000, 'flaky reconnecting');
    await waitFor(() => flaky.status === 'online', 5_000, 'flaky online again');
    const stalledIn = await waitFor(() => halt.status === 'reconnecting', 10_000, 'halt stalled');
    expect(stalledIn).toBeLessThan(10_000);
    expect(halt.reason?.code).toBe('stalled');
    sim.setStopped('halt', false);
    await waitFor(() => halt.status === 'online', 20_000, 'halt online again');
    expect(halt.stats.restarts).toBeGreaterThanOrEqual(1);
  });

  it('reports an offline camera and comes back when it does', async () => {
    const flaky = ingest.get('flaky', 'main') as CameraSource;
    sim.setOffline('flaky', true);
    await waitFor(() => flaky.status !== 'online', 5_000, 'flaky down');
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(flaky.status).toBe('reconnecting');
    expect(flaky.reason?.code).not.toBeNull();
    sim.setOffline('flaky', false);
    await waitFor(() => flaky.status === 'online', 15_000, 'flaky back');
  });
});
