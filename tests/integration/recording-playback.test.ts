// Live ffmpeg → stream → recorder (5 s files) with a camera outage → ranges, VOD playlist played by ffmpeg, export with manifest.
import { execFile, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFile, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/db/index.js';
import { EventBus, type DomainEvent } from '../../src/events/index.js';
import { ExportService, createPlaybackRouter, verifyExport, type ExportJob } from '../../src/playback/index.js';
import { Recorder, RecordingStore } from '../../src/recording/index.js';
import { CameraStream } from '../../src/stream/index.js';
import { startLiveProducer } from '../support/live-producer.js';
import { tempDir } from '../support/temp-dir.js';

const run = promisify(execFile);
const CAMERA = 'cam-1';

const dataDir = tempDir('vigil-rec-');
let db: Db;
let store: RecordingStore;
let server: Server;
let base: string;
let exports: ExportService;
const events: DomainEvent[] = [];
const progress: number[] = [];
const children = new Set<ChildProcess>();
const audited: Array<{ kind: string; cameraId: string; reason: string | null }> = [];

/** Feeds one live ffmpeg run of `seconds` into the stream, like an ingest run ending when the camera drops. */
async function feed(stream: CameraStream, seconds: number): Promise<void> {
  const ffmpeg = startLiveProducer(stream, seconds);
  children.add(ffmpeg);
  await once(ffmpeg, 'close');
  children.delete(ffmpeg);
}

async function get(path: string): Promise<{ status: number; text: string; body: Buffer }> {
  const res = await fetch(`${base}${path}`);
  const body = Buffer.from(await res.arrayBuffer());
  return { status: res.status, text: body.toString('utf8'), body };
}

/** Decodes a URL with ffmpeg; returns decoded frames and whether it reported errors. */
async function decode(url: string): Promise<{ frames: number; stderr: string }> {
  const { stdout, stderr } = await run(
    'ffmpeg',
    ['-hide_banner', '-loglevel', 'error', '-i', url, '-f', 'null', '-progress', 'pipe:1', '-'],
    {
      timeout: 30_000,
    },
  );
  const frames = [...stdout.matchAll(/^frame=(\d+)/gm)].map((m) => Number(m[1])).at(-1) ?? 0;
  return { frames, stderr };
}

beforeAll(async () => {
  db = openDatabase(join(dataDir, 'vigil.db'));
  store = new RecordingStore(db);
  const bus = new EventBus();
  bus.onPublished((event) => events.push(event));
  const recorder = new Recorder({ dataDir, index: store, events: bus, segmentSeconds: 5, progressIntervalMs: 200 });
  await recorder.start();
  const stream = new CameraStream({ name: `${CAMERA}/main` });
  recorder.record(CAMERA, stream);
  await feed(stream, 11);
  // The camera is offline for ~4 s: nothing arrives, then a new producer run starts from media time 0.
  await new Promise((resolve) => setTimeout(resolve, 4000));
  await feed(stream, 9);
  await recorder.stop();

  exports = new ExportService({
    dataDir,
    lookup: store,
    events: bus,
    hubVersion: 'test',
    describeCamera: () => ({ name: 'Intake 1', enterpriseId: 'ent-1', enterpriseName: 'Dairy Co' }),
  });
  exports.on('progress', (job) => progress.push(job.progress));
  const app = express();
  app.use('/playback', createPlaybackRouter({ lookup: store, dataDir, exports }));
  app.use(
    '/strict',
    createPlaybackRouter({
      lookup: store,
      dataDir,
      exports,
      requireReason: true,
      audit: {
        viewed: (_req, { subject, reason }) => audited.push({ kind: subject.kind, cameraId: subject.cameraId, reason }),
        exported: (_req, job, reason) => audited.push({ kind: 'exported', cameraId: job.cameraId, reason }),
      },
    }),
  );
  server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/playback`;
}, 60_000);

afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  exports?.stop();
  server?.close();
  db?.close();
});

describe('recording and playback', () => {
  it('writes closed, indexed files of about the configured length', () => {
    const rows = store.files(CAMERA, 0, Date.now() + 1000);
    expect(rows.length).toBeGreaterThanOrEqual(4);
    for (const row of rows) {
      expect(row.open).toBe(false);
      expect(row.path).toMatch(/^recordings\/cam-1\/\d{4}-\d{2}-\d{2}\/\d{2}-\d{2}-\d{2}(-\d+)?\.mp4$/);
      expect(row.endMs - row.startMs).toBeLessThan(6500);
      expect(row.bytes).toBeGreaterThan(1000);
    }
  });

  it('shows the outage as a gap in ranges', async () => {
    const rows = store.files(CAMERA, 0, Date.now() + 1000);
    const from = (rows[0]?.startMs ?? 0) - 2000;
    const to = (rows.at(-1)?.endMs ?? 0) + 2000;
    const res = await get(`/${CAMERA}/ranges?from=${new Date(from).toISOString()}&to=${to}`);
    expect(res.status).toBe(200);
    const body = JSON.parse(res.text) as {
      recorded: { startMs: number; endMs: number }[];
      gaps: { startMs: number; endMs: number }[];
    };
    expect(body.recorded).toHaveLength(2);
    const [first, second] = body.recorded;
    expect((second?.startMs ?? 0) - (first?.endMs ?? 0)).toBeGreaterThan(3000);
    expect(body.gaps).toHaveLength(3); // before, the outage, after
  });

  it('serves a VOD playlist that ffmpeg plays, with a discontinuity at the gap', async () => {
    const rows = store.files(CAMERA, 0, Date.now() + 1000);
    const from = rows[0]?.startMs ?? 0;
    const to = rows.at(-1)?.endMs ?? 0;
    const res = await get(`/${CAMERA}/vod.m3u8?from=${from}&to=${to}`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('#EXT-X-PLAYLIST-TYPE:VOD');
    expect(res.text).toContain('#EXT-X-ENDLIST');
    expect(res.text.match(/#EXT-X-DISCONTINUITY/g)).toHaveLength(1);
    expect(res.text.match(/#EXT-X-MAP/g)).toHaveLength(rows.length);
    expect(res.text.match(/#EXT-X-PROGRAM-DATE-TIME/g)).toHaveLength(rows.length);

    const recordedSeconds = rows.reduce((sum, r) => sum + (r.endMs - r.startMs) / 1000, 0);
    const all = await decode(`${base}/${CAMERA}/vod.m3u8?from=${from}&to=${to}`);
    expect(all.stderr).toBe('');
    expect(Math.abs(all.frames / 25 - recordedSeconds)).toBeLessThan(1);

    // One contiguous run on its own: its decoded length matches the index within a second.
    const runs = store.runs(CAMERA, from, to, 2000);
    const firstRun = runs[0];
    if (!firstRun) throw new Error('no run');
    const one = await decode(`${base}/${CAMERA}/vod.m3u8?from=${firstRun.startMs}&to=${firstRun.endMs}`);
    expect(Math.abs(one.frames / 25 - (firstRun.endMs - firstRun.startMs) / 1000)).toBeLessThan(1);
  });

  it('serves whole files with Range, only under their own camera', async () => {
    const row = store.files(CAMERA, 0, Date.now() + 1000)[0];
    if (!row) throw new Error('no file');
    const whole = await get(`/${CAMERA}/files/${row.id}.mp4`);
    expect(whole.status).toBe(200);
    expect(whole.body.length).toBe(row.bytes);
    const part = await fetch(`${base}/${CAMERA}/files/${row.id}.mp4`, { headers: { Range: 'bytes=0-7' } });
    expect(part.status).toBe(206);
    expect(Buffer.from(await part.arrayBuffer()).toString('latin1', 4, 8)).toBe('ftyp');
    expect((await get(`/cam-2/files/${row.id}.mp4`)).status).toBe(404);
  });

  it('rejects bad ranges with a clear 400', async () => {
    const backwards = await get(`/${CAMERA}/vod.m3u8?from=2000&to=1000`);
    expect(backwards.status).toBe(400);
    expect(backwards.text).toContain('before');
    const tooLong = await get(`/${CAMERA}/vod.m3u8?from=0&to=${30 * 86_400_000}`);
    expect(tooLong.status).toBe(400);
    expect(tooLong.text).toContain('at most 7 days');
    expect((await get(`/${CAMERA}/ranges?from=yesterday&to=1`)).status).toBe(400);
  });

  it('exports a clip with progress, a manifest whose SHA-256 verifies, and events', async () => {
    const runs = store.runs(CAMERA, 0, Date.now() + 1000, 2000);
    const firstRun = runs[0];
    if (!firstRun) throw new Error('no run');
    const from = firstRun.startMs + 1000;
    const to = firstRun.endMs - 1000;
    const res = await fetch(`${base}/${CAMERA}/exports`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ from: new Date(from).toISOString(), to }),
    });
    expect(res.status).toBe(202);
    const created = (await res.json()) as { id: string };
    const job = await new Promise<ExportJob>((resolve) => exports.once('finished', resolve));
    expect(job.error).toBeUndefined();
    expect(job.state).toBe('done');
    const status = JSON.parse((await get(`/exports/${created.id}`)).text) as { state: string; progress: number };
    expect(status).toMatchObject({ state: 'done', progress: 1 });
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.at(-1)).toBe(1);

    const manifest = JSON.parse((await get(`/exports/${created.id}/manifest`)).text) as {
      file: { sha256: string; bytes: number };
      camera: { name: string };
      enterprise: { name: string };
    };
    expect(manifest.camera.name).toBe('Intake 1');
    expect(manifest.enterprise.name).toBe('Dairy Co');
    const clip = await get(`/exports/${created.id}/download`);
    expect(clip.body.length).toBe(manifest.file.bytes);
    const { createHash } = await import('node:crypto');
    expect(createHash('sha256').update(clip.body).digest('hex')).toBe(manifest.file.sha256);

    const dir = exports.dirOf(created.id);
    const { stdout } = await run('ffprobe', [
      '-v',
      'error',
      '-show_entries',
      'format=duration',
      '-of',
      'csv=p=0',
      join(dir, job.fileName),
    ]);
    expect(Math.abs(Number(stdout.trim()) - (to - from) / 1000)).toBeLessThan(1.5);

    expect(await verifyExport(dir)).toMatchObject({ ok: true });
    const path = join(dir, job.fileName);
    const bytes = await readFile(path);
    bytes[bytes.length >> 1] = (bytes[bytes.length >> 1] ?? 0) ^ 0xff;
    await writeFile(path, bytes);
    expect(await verifyExport(dir)).toMatchObject({ ok: false, reason: 'SHA-256 differs from the manifest' });

    const types = events.map((e) => e.type);
    expect(types).toContain('recording.export.started');
    expect(types).toContain('recording.export.completed');
  });

  it('asks for a reason when the hub requires one and hands it to the audit trail', async () => {
    const rows = store.files(CAMERA, 0, Date.now() + 1000);
    const from = rows[0]?.startMs ?? 0;
    const to = rows.at(-1)?.endMs ?? 0;
    expect(JSON.parse((await get('/config')).text)).toMatchObject({ requireReason: false });
    expect(
      JSON.parse(await fetch(`${base.replace('/playback', '/strict')}/config`).then((r) => r.text())),
    ).toMatchObject({
      requireReason: true,
    });
    const strict = base.replace('/playback', '/strict');
    const missing = await fetch(`${strict}/${CAMERA}/vod.m3u8?from=${from}&to=${to}`);
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { error: { message: string } }).error.message).toContain('reason');
    expect(audited).toHaveLength(0);
    const given = await fetch(
      `${strict}/${CAMERA}/vod.m3u8?from=${from}&to=${to}&reason=${encodeURIComponent('案件 2026-17')}`,
    );
    expect(given.status).toBe(200);
    expect(audited).toEqual([{ kind: 'range', cameraId: CAMERA, reason: '案件 2026-17' }]);

    // The playlist's fragments carry its view: no reason again, and no second audit entry however many are read.
    const list = await given.text();
    const uris = list.split('\n').filter((line) => line.startsWith('files/'));
    expect(uris.length).toBeGreaterThanOrEqual(2);
    for (const uri of uris) expect((await fetch(`${strict}/${CAMERA}/${uri}`)).status).toBe(200);
    expect(audited).toHaveLength(1);
    // The same fragment outside the view needs its own reason, and is then one view of that file.
    const bare = `${strict}/${CAMERA}/${(uris[0] ?? '').split('?')[0]}`;
    const refused = await fetch(bare);
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toContain('reason');
    expect((await fetch(`${bare}?view=not-a-view`)).status).toBe(400);
    for (let i = 0; i < 3; i++) expect((await fetch(`${bare}?reason=spot-check`)).status).toBe(200);
    expect(audited.slice(1)).toEqual([{ kind: 'file', cameraId: CAMERA, reason: 'spot-check' }]);

    const exportWith = (body: Record<string, unknown>): Promise<Response> =>
      fetch(`${strict}/${CAMERA}/exports`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ from, to: from + 3000, ...body }),
      });
    expect((await exportWith({})).status).toBe(400);
    const finished = new Promise<ExportJob>((resolve) => exports.once('finished', resolve));
    const created = await exportWith({ reason: 'complaint 88' });
    expect(created.status).toBe(202);
    const view = (await created.json()) as { statusUrl: string; downloadUrl: string };
    expect(view.statusUrl).toMatch(/^\/strict\/exports\/exp_\w+\?view=[\w-]+$/);
    const [statusPath, viewQuery] = view.statusUrl.split('?');
    expect(view.downloadUrl).toBe(`${statusPath}/download?${viewQuery}`);
    expect(audited.at(-1)).toEqual({ kind: 'exported', cameraId: CAMERA, reason: 'complaint 88' });
    await finished;
    // The download is a view bound to the export's reason: audited once, at the first download.
    const origin = new URL(strict).origin;
    const status = (await (await fetch(origin + view.statusUrl)).json()) as { downloadUrl: string };
    expect(status.downloadUrl).toBe(view.downloadUrl);
    for (let i = 0; i < 2; i++) expect((await fetch(origin + view.downloadUrl)).status).toBe(200);
    expect((await fetch(`${origin}${statusPath}/download`)).status).toBe(400);
    expect(audited.at(-1)).toEqual({ kind: 'export', cameraId: CAMERA, reason: 'complaint 88' });
    expect(audited.filter((entry) => entry.kind === 'export')).toHaveLength(1);
  });
});
