// The camera simulator against real clients: ffprobe/ffmpeg, GStreamer rtspsrc, and a raw RTSP client; both ffmpeg builds as encoder.
import { execFile } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveFfmpeg, type FfmpegBinary } from '../../src/ffmpeg/index.js';
import { CameraSimulator } from '../../src/simulator/index.js';
import { RtspMessageReader, serializeRequest, type RtspResponse } from '../../src/simulator/rtsp-message.js';
import { descendantsOf, isAlive, waitUntil } from '../support/processes.js';
import { simulatedCamera as camera } from '../support/simulated-camera.js';
import { tempDir } from '../support/temp-dir.js';

const run = promisify(execFile);

/** ffprobe over `seconds` of the stream: frame pts (decoded frames only), or the error output. */
async function probeFrames(url: string, seconds: number, transport: 'tcp' | 'udp' = 'tcp'): Promise<number[]> {
  const { stdout } = await run(
    'ffprobe',
    [
      '-v',
      'error',
      '-rtsp_transport',
      transport,
      '-select_streams',
      'v',
      '-show_frames',
      '-read_intervals',
      `%+${seconds}`,
      '-show_entries',
      'frame=pts_time',
      '-of',
      'csv=p=0',
      url,
    ],
    { timeout: 20_000 },
  );
  return stdout
    .split('\n')
    .map((l) => Number.parseFloat(l))
    .filter((n) => Number.isFinite(n));
}

async function probeStream(url: string): Promise<{ codec: string; width: number; height: number }> {
  const { stdout } = await run(
    'ffprobe',
    ['-v', 'error', '-rtsp_transport', 'tcp', '-show_entries', 'stream=codec_name,width,height', '-of', 'json', url],
    { timeout: 20_000 },
  );
  const stream = (JSON.parse(stdout) as { streams: Array<{ codec_name: string; width: number; height: number }> })
    .streams[0];
  if (!stream) throw new Error('no stream');
  return { codec: stream.codec_name, width: stream.width, height: stream.height };
}

function expectIncreasing(pts: number[], minFrames: number): void {
  expect(pts.length).toBeGreaterThanOrEqual(minFrames);
  for (let i = 1; i < pts.length; i++) expect(pts[i]!).toBeGreaterThan(pts[i - 1]!);
}

/** A minimal RTSP client over TCP-interleaved, counting RTP packets on channel 0. */
class RawClient {
  private readonly socket: Socket;
  private readonly reader = new RtspMessageReader();
  private cseq = 0;
  private waiting: ((r: RtspResponse | Error) => void) | undefined;
  rtpPackets = 0;
  closed = false;
  session = '';

  constructor(port: number) {
    this.socket = connect(port, '127.0.0.1');
    this.socket.on('data', (chunk: Buffer) => {
      for (const m of this.reader.push(chunk)) {
        if (m.kind === 'interleaved' && m.channel === 0) this.rtpPackets++;
        if (m.kind === 'response') this.waiting?.(m);
      }
    });
    this.socket.on('close', () => {
      this.closed = true;
      this.waiting?.(new Error('connection closed'));
    });
  }

  request(method: string, url: string, headers: Record<string, string> = {}): Promise<RtspResponse> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${method}: no reply`)), 10_000);
      this.waiting = (r) => {
        clearTimeout(timer);
        if (r instanceof Error) reject(r);
        else resolve(r);
      };
      this.socket.write(serializeRequest(method, url, { CSeq: ++this.cseq, ...headers }));
    });
  }

  async play(url: string): Promise<void> {
    expect((await this.request('DESCRIBE', url)).status).toBe(200);
    const setup = await this.request('SETUP', `${url}/trackID=0`, { Transport: 'RTP/AVP/TCP;unicast;interleaved=0-1' });
    expect(setup.status).toBe(200);
    this.session = setup.headers.get('session')?.split(';')[0] ?? '';
    const play = await this.request('PLAY', url, { Session: this.session });
    expect(play.status).toBe(200);
    expect(play.headers.get('rtp-info')).toMatch(/url=.*trackID=0;seq=\d+;rtptime=\d+/);
  }

  close(): void {
    this.socket.destroy();
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('camera simulator', () => {
  let ffmpeg: FfmpegBinary;
  let sim: CameraSimulator;
  const seenEncoders = new Set<number>();
  const auth = { username: 'admin', password: 's3cret' };

  beforeAll(async () => {
    ffmpeg = await resolveFfmpeg({ only: 'path' });
    sim = new CameraSimulator({
      port: 0,
      ffmpegPath: ffmpeg.path,
      clipCacheDir: tempDir('vigil-sim-clips-'),
      loopClipSeconds: 2,
      idleStopMs: 1500,
      cameras: [
        camera('a', { sub: { width: 160, height: 96, bitrateKbps: 100 } }),
        camera('b', { width: 352, height: 288, pattern: 'testsrc' }),
        camera('secure', { auth }),
        camera('halt'),
        camera('loop', { mode: 'loop' }),
      ],
    });
    await sim.start();
  });

  afterAll(async () => {
    for (const pid of sim.encoderPids()) seenEncoders.add(pid);
    await sim.stop();
    expect(sim.encoderPids()).toEqual([]);
    for (const pid of seenEncoders) expect(isAlive(pid)).toBe(false);
    expect(descendantsOf(process.pid).filter((p) => p.command.includes('ffmpeg'))).toEqual([]);
  });

  it('serves each camera as H.264 at its size to ffprobe over TCP, with advancing frames', async () => {
    const [a, b, sub, frames] = await Promise.all([
      probeStream(sim.url('a')),
      probeStream(sim.url('b')),
      probeStream(sim.url('a', 'sub')),
      probeFrames(sim.url('b'), 2),
    ]);
    expect(a).toEqual({ codec: 'h264', width: 320, height: 240 });
    expect(b).toEqual({ codec: 'h264', width: 352, height: 288 });
    expect(sub).toEqual({ codec: 'h264', width: 160, height: 96 });
    expectIncreasing(frames, 25);
  });

  it('plays in GStreamer rtspsrc over TCP and over UDP', async () => {
    const gst = (protocols: string): Promise<unknown> =>
      run(
        'gst-launch-1.0',
        [
          '-q',
          'rtspsrc',
          `location=${sim.url('a')}`,
          `protocols=${protocols}`,
          '!',
          'rtph264depay',
          '!',
          'h264parse',
          '!',
          'avdec_h264',
          '!',
          'fakesink',
          'num-buffers=25',
        ],
        { timeout: 20_000 },
      );
    await Promise.all([gst('tcp'), gst('udp')]);
  });

  it('serves two clients at once, over TCP and UDP, and both receive frames', async () => {
    let most = 0;
    const watch = setInterval(() => (most = Math.max(most, sim.playingCount('b'))), 100);
    const [one, two] = await Promise.all([probeFrames(sim.url('b'), 2, 'tcp'), probeFrames(sim.url('b'), 2, 'udp')]);
    clearInterval(watch);
    expectIncreasing(one, 25);
    expectIncreasing(two, 25);
    expect(most).toBe(2);
    for (const pid of sim.encoderPids()) seenEncoders.add(pid);
  });

  it('refuses a wrong Digest password with 401 and plays with the right one', async () => {
    const wrong = run(
      'ffprobe',
      ['-v', 'error', '-rtsp_transport', 'tcp', sim.url('secure', 'main', { ...auth, password: 'nope' })],
      {
        timeout: 20_000,
      },
    );
    await expect(wrong).rejects.toMatchObject({ stderr: expect.stringMatching(/401/) });
    const none = new RawClient(sim.port);
    const challenge = await none.request('DESCRIBE', sim.url('secure'));
    expect(challenge.status).toBe(401);
    expect(challenge.headers.get('www-authenticate')).toMatch(/^Digest realm="[^"]+", nonce="[0-9a-f]+"/);
    none.close();
    expect(await probeStream(sim.url('secure', 'main', auth))).toEqual({ codec: 'h264', width: 320, height: 240 });
  });

  it('answers errors with the right status codes', async () => {
    const client = new RawClient(sim.port);
    const base = `rtsp://127.0.0.1:${sim.port}`;
    const options = await client.request('OPTIONS', `${base}/a/main`);
    expect(options.status).toBe(200);
    expect(options.headers.get('cseq')).toBe('1');
    expect(options.headers.get('public')).toContain('GET_PARAMETER');
    expect((await client.request('DESCRIBE', `${base}/nope/main`)).status).toBe(404);
    expect((await client.request('DESCRIBE', `${base}/b/sub`)).status).toBe(404);
    expect((await client.request('PLAY', `${base}/a/main`, { Session: 'DEADBEEF' })).status).toBe(454);
    expect((await client.request('SETUP', `${base}/a/main/trackID=0`, { Transport: 'RTP/AVP;multicast' })).status).toBe(
      461,
    );
    expect((await client.request('RECORD', `${base}/a/main`)).status).toBe(405);
    client.close();
  });

  it('keeps the session but stops sending RTP when a camera is stopped, and resumes', async () => {
    const client = new RawClient(sim.port);
    await client.play(sim.url('halt'));
    await waitUntil(() => client.rtpPackets > 20, 5000);
    expect(client.rtpPackets).toBeGreaterThan(20);
    sim.setStopped('halt', true);
    await sleep(300);
    const atStop = client.rtpPackets;
    await sleep(1500);
    expect(client.rtpPackets).toBe(atStop);
    const keepAlive = await client.request('GET_PARAMETER', sim.url('halt'), { Session: client.session });
    expect(keepAlive.status).toBe(200);
    sim.setStopped('halt', false);
    expect(await waitUntil(() => client.rtpPackets > atStop, 3000)).toBe(true);

    // Dropping clients closes the connection; an offline camera closes new ones at once.
    expect(sim.dropClients('halt')).toBe(1);
    expect(await waitUntil(() => client.closed, 2000)).toBe(true);
    sim.setOffline('halt', true);
    const refused = new RawClient(sim.port);
    await expect(refused.request('DESCRIBE', sim.url('halt'))).rejects.toThrow();
    expect(refused.closed).toBe(true);
    sim.setOffline('halt', false);
  });

  it('loops a clip with timestamps that keep increasing across the loop point', async () => {
    // The clip lasts 2 s (two GOPs); 3.5 s of frames cross the loop point at least once.
    expectIncreasing(await probeFrames(sim.url('loop'), 3.5), 75);
    expect(sim.encoderPids().length).toBeLessThanOrEqual(5);
  });

  it('adds and removes cameras at runtime, and stops idle encoders', async () => {
    await sim.addCamera(camera('late', { width: 176, height: 144 }));
    expect(await probeStream(sim.url('late'))).toEqual({ codec: 'h264', width: 176, height: 144 });
    for (const pid of sim.encoderPids()) seenEncoders.add(pid);
    await sim.removeCamera('late');
    const client = new RawClient(sim.port);
    expect((await client.request('DESCRIBE', sim.url('late'))).status).toBe(404);
    client.close();
    // idleStopMs is 1.5 s: with nobody watching, every encoder goes away.
    expect(await waitUntil(() => sim.encoderPids().length === 0, 8000)).toBe(true);
  });
});

describe.each(['path', 'bundled'] as const)('encoding with the %s ffmpeg', (only) => {
  let sim: CameraSimulator;
  let binary: FfmpegBinary;

  beforeAll(async () => {
    binary = await resolveFfmpeg({ only, env: {} });
    sim = new CameraSimulator({
      port: 0,
      ffmpegPath: binary.path,
      cameras: [camera('v', { width: 256, height: 144 })],
    });
    await sim.start();
  });

  afterAll(async () => {
    const pids = sim.encoderPids();
    await sim.stop();
    for (const pid of pids) expect(isAlive(pid)).toBe(false);
  });

  it('serves a decodable stream', async () => {
    expect(binary.major).toBe(only === 'path' ? 5 : 4);
    expectIncreasing(await probeFrames(sim.url('v'), 1.5), 20);
    expect(await probeStream(sim.url('v'))).toEqual({ codec: 'h264', width: 256, height: 144 });
  });
});
