// H.265 cameras through a real hub: the camera's codec in its live init, an on-demand H.264 transcode within its caps,
// idle stop, the limit, the camera guard on the transcode, events naming who asked, and recordings left in H.265.
import { execFileSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseInit } from '../../src/stream/index.js';
import { startRtspServer, type RtspServer } from '../support/rtsp-server.js';
import { descendantsOf, waitUntil } from '../support/processes.js';
import { tempDir } from '../support/temp-dir.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';

const CAPS = { maxWidth: 320, maxHeight: 180, maxFps: 10 };

interface Probe {
  codec_name: string;
  width: number;
  height: number;
  nb_read_frames: string;
}

describe('H.265 cameras: direct play and on-demand H.264 transcodes', () => {
  let server: RtspServer;
  let t: TestHub;
  let cookie: string;
  const dir = tempDir('vigil-transcode-');

  const events = (type: string): Array<{ camera_id: string; user_id: string | null; data: string }> => {
    const db = new Database(join(t.dataDir, 'vigil.db'), { readonly: true });
    try {
      return db.prepare('SELECT camera_id, user_id, data FROM events WHERE type = ? ORDER BY id').all(type) as Array<{
        camera_id: string;
        user_id: string | null;
        data: string;
      }>;
    } finally {
      db.close();
    }
  };
  const transcoders = (): number =>
    descendantsOf(process.pid).filter((p) => p.command.includes('libx264') && p.command.includes('pipe:0')).length;

  /** Fetches the init and the playlist's complete segments into one file and reads it with ffprobe. */
  /**
   * A playlist as a player asks for it: a 503 saying the stream has no data yet is asked again after its Retry-After
   * (a transcode started on a loaded machine may need longer than the hub's first wait), a few times at most.
   */
  const playlist = async (path: string): Promise<Response> => {
    let response = await t.get(path, cookie);
    for (let tries = 0; response.status === 503 && tries < 3; tries += 1) {
      const { error } = (await response.clone().json()) as { error: { details?: { reason?: string } } };
      if (error.details?.reason !== 'no_data') break;
      await new Promise((resolve) => setTimeout(resolve, Number(response.headers.get('retry-after') ?? 1) * 1000));
      response = await t.get(path, cookie);
    }
    return response;
  };

  const probeLive = async (cameraId: string, stream: string, segments: number): Promise<Probe> => {
    const base = `/live/${cameraId}/${stream}`;
    let listed: string[] = [];
    await waitUntil(async () => {
      const text = await (await t.get(`${base}/index.m3u8`, cookie)).text();
      listed = text.split('\n').filter((line) => /^seg-\d+\.m4s$/.test(line));
      return listed.length >= segments;
    }, 20_000);
    expect(listed.length).toBeGreaterThanOrEqual(segments);
    const parts = [Buffer.from(await (await t.get(`${base}/init.mp4`, cookie)).arrayBuffer())];
    // The first segment may hold one part only (a quick start); the later ones are whole GOPs.
    for (const name of listed.slice(1))
      parts.push(Buffer.from(await (await t.get(`${base}/${name}`, cookie)).arrayBuffer()));
    const file = join(dir, `${cameraId}-${stream}.mp4`);
    writeFileSync(file, Buffer.concat(parts));
    const out = execFileSync('ffprobe', [
      ...['-v', 'error', '-select_streams', 'v:0', '-count_frames', '-of', 'json'],
      ...['-show_entries', 'stream=codec_name,width,height,nb_read_frames', file],
    ]).toString();
    return (JSON.parse(out) as { streams: Probe[] }).streams[0]!;
  };

  beforeAll(async () => {
    server = await startRtspServer(['--codec', 'h265', '--size', '640x360', '--fps', '25', '--gop', '25']);
    const url = `rtsp://127.0.0.1:${server.port}/stream`;
    t = await startTestHub(
      [
        // The sub stream is the same picture here: what matters is which one the transcode reads.
        { id: 'hevc-a', name: 'A', stage: 'processing', mainUrl: url, subUrl: url, recordMode: 'continuous' },
        { id: 'hevc-b', name: 'B', stage: 'packaging', mainUrl: url, recordMode: 'off' },
        { id: 'hevc-c', name: 'C', stage: 'storage', mainUrl: url, recordMode: 'off' },
      ],
      {
        transcode: { maxConcurrent: 2, ...CAPS, maxBitrateKbps: 400, idleStopSeconds: 2 },
        recording: { segmentSeconds: 2 },
      },
    );
    cookie = await t.login('center-op');
  });

  afterAll(async () => {
    await t?.hub.stop();
    await server?.stop();
  });

  it('reports the camera codec and serves its live stream with the hev1/hvc1 init the browser is asked about', async () => {
    expect(
      await waitUntil(async () => {
        const camera = (await (await t.get('/api/cameras/hevc-a', cookie)).json()) as {
          health: { main: { codec: string | null } | null } | null;
        };
        return /^(hev1|hvc1)\./.test(camera.health?.main?.codec ?? '');
      }, 20_000),
    ).toBe(true);
    const camera = (await (await t.get('/api/cameras/hevc-a', cookie)).json()) as {
      health: { main: { codec: string } };
      live: { main: string; transcode: string | null };
    };
    expect(camera.live.transcode).toBe('/live/hevc-a/h264/index.m3u8');
    const playlist = await (await t.get('/live/hevc-a/main/index.m3u8', cookie)).text();
    const map = /#EXT-X-MAP:URI="([^"]+)"/.exec(playlist)?.[1];
    expect(map).toBeDefined();
    const init = parseInit(Buffer.from(await (await t.get(`/live/hevc-a/main/${map}`, cookie)).arrayBuffer()));
    expect(init.hevc).toBe(true);
    expect(init.codec).toBe(camera.health.main.codec);
  });

  it('transcodes the sub stream to H.264 within the size and frame-rate caps, naming who asked', async () => {
    const started = Date.now();
    const first = await t.get('/live/hevc-a/h264/index.m3u8', cookie);
    expect(first.status).toBe(200);
    console.log(`first transcoded playlist after ${Date.now() - started} ms`);
    const probe = await probeLive('hevc-a', 'h264', 4);
    expect(probe.codec_name).toBe('h264');
    expect(probe.width).toBeLessThanOrEqual(CAPS.maxWidth);
    expect(probe.height).toBeLessThanOrEqual(CAPS.maxHeight);
    expect(probe.width / probe.height).toBeCloseTo(640 / 360, 1);
    const status = (await (await t.get('/live/hevc-a/h264/status.json', cookie)).json()) as {
      stream: string;
      codec: string;
      fps: number | null;
      cpuPercent: number | null;
      sourceCodec: string;
    };
    expect(status.stream).toBe('sub');
    expect(status.codec).toMatch(/^avc1\./);
    expect(status.sourceCodec).toMatch(/^(hev1|hvc1)\./);
    expect(status.fps).toBeGreaterThan(0);
    expect(status.fps).toBeLessThanOrEqual(CAPS.maxFps + 0.5);
    // Segments are GOPs of one second: frames per segment are the frame rate.
    expect(Number(probe.nb_read_frames) / 3).toBeLessThanOrEqual(CAPS.maxFps + 1);
    await waitUntil(
      async () => {
        const now = (await (await t.get('/live/hevc-a/h264/status.json', cookie)).json()) as {
          cpuPercent: number | null;
        };
        status.cpuPercent = now.cpuPercent;
        return now.cpuPercent !== null;
      },
      10_000,
      500,
    );
    console.log(`transcode ${probe.width}×${probe.height} at ${status.fps} fps: ${status.cpuPercent} % of one core`);
    expect(status.cpuPercent).toBeGreaterThan(0);
    const metrics = await (await t.get('/metrics')).text();
    expect(metrics).toContain('vigil_transcodes_running 1\n');
    expect(metrics).toContain('vigil_transcodes_limit 2\n');
    expect(metrics).toMatch(/^vigil_transcode_cpu_percent\{camera="hevc-a"\} [\d.]+$/m);
    const [start] = events('transcode.started');
    expect(start?.camera_id).toBe('hevc-a');
    expect(JSON.parse(start?.data ?? '{}')).toMatchObject({ username: 'center-op', stream: 'sub' });
    expect(start?.user_id).not.toBeNull();
  });

  it('stops the transcode and its ffmpeg after the last viewer leaves', async () => {
    expect(transcoders()).toBe(1);
    expect(
      await waitUntil(async () => (await t.get('/live/hevc-a/h264/status.json', cookie)).status === 404, 15_000),
    ).toBe(true);
    expect(await waitUntil(() => transcoders() === 0, 5_000)).toBe(true);
    expect(await waitUntil(() => events('transcode.stopped').length === 1, 5_000)).toBe(true);
    expect(JSON.parse(events('transcode.stopped')[0]!.data)).toMatchObject({ username: 'center-op' });
  });

  it('refuses a transcode beyond the limit with the reason, and names the user in the event', async () => {
    const [a, b] = await Promise.all([
      playlist('/live/hevc-a/h264/index.m3u8'),
      playlist('/live/hevc-b/h264/index.m3u8'),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    // Both are watched right now: a transcode idle for 2 s stops, and the second may have waited for its first part
    // that long (a viewer's request starts a stopped one again, so both hold their places either way).
    await Promise.all([t.get('/live/hevc-a/h264/index.m3u8', cookie), t.get('/live/hevc-b/h264/index.m3u8', cookie)]);
    const refused = await t.get('/live/hevc-c/h264/index.m3u8', cookie);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).not.toBeNull();
    const body = (await refused.json()) as {
      error: { code: string; message: string; details: Record<string, unknown> };
    };
    expect(body.error.details).toMatchObject({ reason: 'transcode_busy', limit: 2, running: 2 });
    expect(body.error.message).toMatch(/limit \(2\)/);
    expect(JSON.parse(events('transcode.refused')[0]?.data ?? '{}')).toMatchObject({ username: 'center-op', limit: 2 });
    // The event log shows them to users in scope, in their words, and to nobody else.
    const listed = async (user: string): Promise<string[]> => {
      const response = await t.get('/api/events?type=transcode.', await t.login(user));
      return ((await response.json()) as { events: Array<{ type: string }> }).events.map((event) => event.type);
    };
    expect(await listed('east-insp')).toEqual(
      expect.arrayContaining(['transcode.started', 'transcode.stopped', 'transcode.refused']),
    );
    expect(await listed('west-insp')).toEqual([]);
    // The camera's own stream is not affected by the limit.
    expect((await t.get('/live/hevc-c/main/index.m3u8', cookie)).status).toBe(200);
  });

  it('keeps the transcode behind the camera guard', async () => {
    const west = await t.login('west-insp');
    expect((await t.get('/live/hevc-a/h264/index.m3u8', west)).status).toBe(403);
    expect((await t.get('/live/hevc-a/h264/status.json', west)).status).toBe(403);
    expect((await t.get('/live/hevc-a/h264/index.m3u8')).status).toBe(401);
  });

  it('records the camera in its own H.265', async () => {
    const root = join(t.dataDir, 'recordings', 'hevc-a');
    const files = (): string[] =>
      readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.mp4'));
    expect(await waitUntil(() => files().length >= 2, 15_000, 250)).toBe(true);
    const file = join(root, files().sort()[0]!);
    const codec = execFileSync('ffprobe', [
      ...['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=codec_name', '-of', 'csv=p=0', file],
    ])
      .toString()
      .trim();
    expect(codec).toBe('hevc');
  });
});
