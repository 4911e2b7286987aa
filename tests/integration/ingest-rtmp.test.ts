// RTMP input through the same ingest path (4.1 and 5.1): an ffmpeg RTMP listener stands in for the push gateway.
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveFfmpeg } from '../../src/ffmpeg/index.js';
import { CameraSource } from '../../src/ingest/index.js';
import { silentLogger } from '../../src/shared/index.js';
import { freePort } from '../support/net.js';
import { waitFor } from '../support/processes.js';

const publishers: ChildProcess[] = [];
const sources: CameraSource[] = [];

/** An RTMP "server" with one live stream: ffmpeg in listen mode, serving the first client that plays. */
function rtmpPublisher(port: number): ChildProcess {
  const child = spawn(
    'ffmpeg',
    [
      ...['-hide_banner', '-nostdin', '-loglevel', 'error', '-re', '-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=25'],
      ...['-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-g', '25', '-f', 'flv'],
      ...['-listen', '1', `rtmp://127.0.0.1:${port}/live/cam1`],
    ],
    // Its "Broken pipe" when the ingest side closes is expected: stderr is not shown.
    { stdio: ['ignore', 'ignore', 'ignore'] },
  );
  publishers.push(child);
  return child;
}

afterAll(async () => {
  await Promise.all(sources.map((source) => source.close()));
  for (const child of publishers) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

describe('RTMP ingest', () => {
  it.each(['path', 'bundled'] as const)('pulls rtmp://127.0.0.1 with the %s ffmpeg into fragments', async (only) => {
    const binary = await resolveFfmpeg({ only });
    const port = await freePort();
    // The source starts first: the gateway's stream may appear after the camera was registered.
    const cam = new CameraSource({
      cameraId: `push-${only}`,
      stream: 'main',
      url: `rtmp://127.0.0.1:${port}/live/cam1`,
      binary,
      logger: silentLogger(),
      keepAlive: true,
    });
    sources.push(cam);
    await waitFor(() => cam.reason !== null, 5_000, 'the first attempt to fail');
    expect(cam.reason?.code).toBe('unreachable');
    rtmpPublisher(port);
    await waitFor(() => cam.status === 'online' && cam.stats.fragments >= 5, 20_000, 'RTMP fragments');
    expect(cam.stats.inputKind).toBe('rtmp');
    expect(cam.output.init?.codec).toMatch(/^avc1\./);
    expect(cam.output.init?.width).toBe(320);
    await cam.close();
  });
});
