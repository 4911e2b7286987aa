// A center hub and two branch hubs over 2 Mbit/s WAN links: each branch in its own network namespace with its own
// nats-server and simulated cameras, its WAN link shaped with tc tbf and cut with `ip link set down`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { loginCookie } from '../../scripts/lib/province.js';
import { runRetrieval } from '../../scripts/lib/retrieval-run.js';
import { encodeClip, placeRecordings } from '../../scripts/lib/seed-recordings.js';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { CameraList, FederationLinkView, PlaybackRangesView } from '../../src/contracts/index.js';
import { BRANCH_PASSWORDS } from '../support/federation.js';
import { netnsUnavailableReason } from '../support/netns.js';
import { waitUntil } from '../support/processes.js';
import { indexedFiles, loggedEvents, readOnly } from '../support/recordings.js';
import { assertAvailable, commandMissing, skipWhenMissing } from '../support/requirements.js';
import { tempDir } from '../support/temp-dir.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import { testWanLab, WanLab, type BranchSite } from '../support/wan-lab.js';

const LINE_KBIT = 2000;
const LEASE_SECONDS = 3;
const LINGER_SECONDS = 2;
const OUTAGE_SECONDS = 60;
/**
 * Main streams of 1.4 Mbit/s, sub streams of about 400 kbit/s as sent; a sub stream reserves at least its estimate
 * of 420 kbit/s plus 10 % headroom. Live streams may use 80 % of the line, 1.6 Mbit/s: three fit (3 × 462), a fourth
 * does not.
 */
const CAMERA_KBPS = 1400;
/** Two minutes of main stream at a branch, retrieved at a 1 Mbit/s cap (the default). */
const RETRIEVAL_FILES = 4;
const RETRIEVAL_FILE_SECONDS = 30;
const RETRIEVAL_CLIP_KBPS = 250;
const RETRIEVAL_CAP_KBPS = 1000;
const SUB_KBPS = 420;
const netnsMissing = netnsUnavailableReason();
const natsMissing = commandMissing('nats-server', 'nats-server');
const skip = skipWhenMissing('netns', netnsMissing) || skipWhenMissing('nats-server', natsMissing);

const branchYaml = (id: keyof typeof BRANCH_PASSWORDS, leafPort: number) => (centerAddress: string) =>
  [
    'role: branch',
    `branchId: ${id}`,
    `centerUrl: nats-leaf://${centerAddress}:${leafPort}`,
    `centerPassword: ${BRANCH_PASSWORDS[id]}`,
    'heartbeatSeconds: 0.5',
    `leaseSeconds: ${LEASE_SECONDS}`,
    `lingerSeconds: ${LINGER_SECONDS}`,
    'nats:',
    '  port: 0',
  ]
    .map((line) => `  ${line}\n`)
    .join('');

const camera = (id: string, enterprise: 'east' | 'west', index: number, recordMode: 'continuous' | 'off') => ({
  id,
  name: `${enterprise} line ${index}`,
  stage: 'processing' as const,
  enterprise,
  mainUrl: `rtsp://127.0.0.1:8554/cam0${index}/main`,
  subUrl: `rtsp://127.0.0.1:8554/cam0${index}/sub`,
  recordMode,
});

describe.skipIf(skip)('federation over shaped WAN links in network namespaces', () => {
  const lab = testWanLab();
  let center: TestHub;
  let east: BranchSite;
  let west: BranchSite;
  const retrievalFromMs = Math.floor((Date.now() - 3_600_000) / 1000) * 1000;
  let operator: string;

  const centerCameras = async (cookie = operator): Promise<CameraList['cameras']> =>
    ((await (await center.get('/api/cameras', cookie)).json()) as CameraList).cameras;
  const links = async (): Promise<FederationLinkView[]> =>
    ((await (await center.get('/api/federation/links', operator)).json()) as { links: FederationLinkView[] }).links;
  const eastSend = async (method: string, path: string, body: unknown): Promise<Response> =>
    fetch(east.base + path, {
      method,
      headers: { cookie: await loginCookie(east.base, 'center-admin'), 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  /** Bytes per second on east's WAN link, branch → center, over `seconds`. */
  const wanRate = async (seconds: number): Promise<number> => {
    const before = WanLab.receivedBytes(east);
    await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
    return (WanLab.receivedBytes(east) - before) / seconds;
  };

  beforeAll(async () => {
    assertAvailable('netns', netnsMissing);
    assertAvailable('nats-server', natsMissing);
    center = await startTestHub([], {
      federation: {
        role: 'center',
        nats: { port: 0 },
        // The branches reach the center over their WAN links' addresses in this namespace.
        leaf: { host: '0.0.0.0', port: 0 },
        heartbeatSeconds: 0.5,
        staleAfterSeconds: 2,
        leaseSeconds: LEASE_SECONDS,
        lingerSeconds: LINGER_SECONDS,
        budgetShare: 0.8,
        estimateKbps: { sub: SUB_KBPS },
        branches: [
          { id: 'east', password: BRANCH_PASSWORDS.east, lineKbps: LINE_KBIT },
          { id: 'west', password: BRANCH_PASSWORDS.west, lineKbps: LINE_KBIT },
        ],
      },
    });
    operator = await center.login('center-op');
    const leafPort = center.info.nats?.leaf as number;
    east = await lab.addSite({
      id: 'east',
      index: 1,
      rateKbit: LINE_KBIT,
      cameraKbps: CAMERA_KBPS,
      cameras: [
        camera('cam-e1', 'east', 1, 'continuous'),
        camera('cam-e2', 'east', 2, 'off'),
        camera('cam-e3', 'east', 3, 'off'),
        camera('cam-e4', 'east', 4, 'off'),
      ],
      federationYaml: branchYaml('east', leafPort),
    });
    const clip = join(tempDir(), 'clip.mp4');
    encodeClip(clip, RETRIEVAL_FILE_SECONDS, RETRIEVAL_CLIP_KBPS);
    west = await lab.addSite({
      id: 'west',
      index: 2,
      rateKbit: LINE_KBIT,
      cameraKbps: 800,
      cameras: [camera('cam-w1', 'west', 1, 'off')],
      federationYaml: branchYaml('west', leafPort),
      // Two minutes of cam-w1's main stream recorded an hour ago, for the retrieval.
      prepare: (dataDir) =>
        placeRecordings(dataDir, 'cam-w1', clip, {
          firstMs: retrievalFromMs,
          count: RETRIEVAL_FILES,
          fileSeconds: RETRIEVAL_FILE_SECONDS,
        }),
    });
  }, 180_000);

  afterAll(async () => {
    await lab.destroy();
    await center?.hub.stop();
  }, 60_000);

  it('shows both branches at the center, and a camera added at a branch within 5 s', async () => {
    const mirrored = async () => (await centerCameras()).filter((c) => c.remote).map((c) => c.id);
    expect(await waitUntil(async () => (await mirrored()).length === 5, 20_000, 200)).toBe(true);
    expect((await mirrored()).sort()).toEqual([
      'east~cam-e1',
      'east~cam-e2',
      'east~cam-e3',
      'east~cam-e4',
      'west~cam-w1',
    ]);
    const started = Date.now();
    const added = await eastSend('POST', '/api/admin/cameras', {
      ...camera('x', 'east', 2, 'off'),
      id: undefined,
      enterprise: undefined,
      enterpriseId: 'ent-east',
      name: 'added at the branch',
    });
    expect(added.status).toBe(201);
    const { id } = (await added.json()) as { id: string };
    expect(await waitUntil(async () => (await mirrored()).includes(`east~${id}`), 5_000, 50)).toBe(true);
    console.info(`catalog change over the 2 Mbit/s link: ${Date.now() - started} ms`);
  });

  it('carries one stream on the line for ten center viewers, and none once they leave', async () => {
    const playlist = '/live/east~cam-e1/sub/index.m3u8';
    const viewers: string[] = [];
    for (let viewer = 0; viewer < 10; viewer += 1) viewers.push(await center.login('center-op'));
    const asked = Date.now();
    const poll = () => Promise.all(viewers.map(async (cookie) => (await center.get(playlist, cookie)).text()));
    expect(
      await waitUntil(async () => (await poll()).every((text) => text.includes('#EXT-X-PART:')), 30_000, 250),
    ).toBe(true);
    console.info(`first parts at the center after ${Date.now() - asked} ms`);
    let watching = true;
    const keepWatching = (async () => {
      while (watching) {
        await poll();
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    })();
    const rate = await wanRate(10);
    watching = false;
    await keepWatching;
    const health = (await (
      await fetch(`${east.base}/api/cameras/cam-e1`, { headers: { cookie: await loginCookie(east.base, 'center-op') } })
    ).json()) as CameraList['cameras'][number];
    const streamBytesPerSecond = ((health.health?.sub?.bitrateKbps ?? 0) * 1000) / 8;
    console.info(`WAN ${Math.round((rate * 8) / 1000)} kbit/s for a ${health.health?.sub?.bitrateKbps} kbit/s stream`);
    expect(streamBytesPerSecond).toBeGreaterThan(0);
    expect(rate / streamBytesPerSecond).toBeLessThanOrEqual(1.15);
    expect(loggedEvents(east.dataDir, 'audit.live.remote')).toHaveLength(1);
    // The viewers left: within the linger and one sweep, only pings remain on the line.
    await new Promise((resolve) => setTimeout(resolve, (LINGER_SECONDS + 2) * 1000));
    expect(await wanRate(2)).toBeLessThan(2_000);
  });

  it('admits three sub streams in a 1.6 Mbit/s budget, refuses the fourth with the reason, and keeps the three', async () => {
    const viewer = await center.login('center-op');
    const playlistOf = (id: string) => `/live/east~${id}/sub/index.m3u8`;
    const three = ['cam-e1', 'cam-e2', 'cam-e3'];
    const sequences = async () =>
      Promise.all(
        three.map(async (id) => {
          const text = await (await center.get(playlistOf(id), viewer)).text();
          expect(text).not.toContain('#EXT-X-DISCONTINUITY');
          // The newest whole segment: it moves on every segment while the stream flows.
          return Math.max(-1, ...[...text.matchAll(/^seg-(\d+)\.m4s$/gm)].map((match) => Number(match[1])));
        }),
      );
    // All three are asked for together and kept asked for: a stream nobody asks for is released after the linger.
    const playing = async () =>
      (await Promise.all(three.map(async (id) => (await center.get(playlistOf(id), viewer)).text()))).every((text) =>
        text.includes('#EXT-X-PART:'),
      );
    expect(await waitUntil(playing, 30_000, 250)).toBe(true);
    const refused = await center.get(playlistOf('cam-e4'), viewer);
    expect(refused.status).toBe(503);
    const reason = ((await refused.json()) as { error: { message: string } }).error.message;
    expect(reason).toMatch(/link to 东分局 is full: 3 stream\(s\) use \d\.\d of 1\.6 Mbit\/s/);
    console.info(`fourth stream refused: ${reason}`);
    // The three keep playing: new segments, no discontinuity, while the fourth is refused again and again.
    const before = await sequences();
    for (let round = 0; round < 6; round += 1) {
      expect((await center.get(playlistOf('cam-e4'), viewer)).status).toBe(503);
      await sequences();
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const after = await sequences();
    after.forEach((sequence, index) => expect(sequence).toBeGreaterThan(before[index] ?? 0));
    const east = (await links()).find((link) => link.branchId === 'east');
    expect(east).toMatchObject({ budgetKbps: 1600, streams: 3 });
    // The refusals are an event at the center: one, however often the viewer asked within the window.
    const refusals = () => loggedEvents(center.dataDir, 'federation.admission.refused');
    expect(await waitUntil(() => refusals().length > 0, 2_000, 50)).toBe(true);
    expect(refusals()).toHaveLength(1);
    expect(refusals()[0]?.message).toContain('(live sub) refused: The link to 东分局 is full');
    // Nobody watches any more: the three are released (the next test starts with an empty line).
    expect(
      await waitUntil(
        async () => (await links()).find((l) => l.branchId === 'east')?.streams === 0,
        (LINGER_SECONDS + 4) * 1000,
        250,
      ),
    ).toBe(true);
  });

  it(`keeps the branch working through a ${OUTAGE_SECONDS} s outage and loses none of its events`, async () => {
    await WanLab.setWan(east, false);
    const cut = Date.now();
    try {
      expect(
        await waitUntil(async () => (await links()).find((l) => l.branchId === 'east')?.state === 'down', 6_000, 100),
      ).toBe(true);
      const stale = (await centerCameras()).find((c) => c.id === 'east~cam-e1');
      expect(stale?.remote?.stale).toBe(true);
      // Meanwhile the branch's own console answers and its admin works; each change is an event.
      for (let index = 0; index < 6; index += 1) {
        const made = await eastSend('POST', '/api/admin/enterprises', {
          orgUnitId: 'east',
          name: `断网期间企业${index}`,
          creditGrade: 'C',
        });
        expect(made.status).toBe(201);
        await new Promise((resolve) => setTimeout(resolve, ((OUTAGE_SECONDS - 5) * 1000) / 6));
      }
    } finally {
      await WanLab.setWan(east, true);
    }
    const restored = Date.now();
    const atBranch = loggedEvents(east.dataDir, 'audit.admin.enterprise.created').map((event) => event.message);
    expect(atBranch).toHaveLength(6);
    const atCenter = () =>
      loggedEvents(center.dataDir, 'audit.admin.enterprise.created')
        .filter((event) => event.orgUnitId === 'east')
        .map((event) => event.message);
    expect(await waitUntil(() => atCenter().length >= 6, 30_000, 200)).toBe(true);
    expect(atCenter()).toEqual(atBranch);
    console.info(`outage events at the center ${Date.now() - restored} ms after the line came back`);
    expect(
      await waitUntil(async () => (await links()).find((l) => l.branchId === 'east')?.state === 'up', 10_000),
    ).toBe(true);
    const ids = (await centerCameras()).map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    // The branch recorded through the outage: its index covers the whole cut with no gap over one file's length.
    const files = indexedFiles(east.dataDir, 'cam-e1').filter((file) => file.endMs > cut && file.startMs < restored);
    const gaps = files.slice(1).map((file, i) => file.startMs - (files[i]?.endMs ?? file.startMs));
    expect(files[0]?.startMs).toBeLessThanOrEqual(cut);
    expect(Math.max(0, ...gaps)).toBeLessThan(1_000);
    // ...and the center lists that period from the branch's index, on the camera's timeline.
    const from = cut - 5_000;
    const inspector = await center.login('east-insp');
    const listed = await center.get(`/playback/east~cam-e1/ranges?from=${from}&to=${restored}`, inspector);
    const body = await listed.text();
    expect(listed.status, body).toBe(200);
    const ranges = JSON.parse(body) as PlaybackRangesView;
    expect(ranges.cameraId).toBe('east~cam-e1');
    const covering = ranges.recorded.find((span) => span.startMs <= cut && span.endMs >= restored - 10_000);
    expect(covering, JSON.stringify(ranges.recorded)).toBeDefined();
  }, 120_000);

  it("refuses a branch user at the center another branch's camera", async () => {
    const west = await center.login('west-insp');
    const media = await center.get('/live/east~cam-e1/sub/index.m3u8', west);
    expect([403, 404]).toContain(media.status);
    expect((await centerCameras(west)).map((c) => c.id)).toEqual(['west~cam-w1']);
  });

  it('retrieves two minutes of main stream within its 1 Mbit/s cap, through a line drop, every hash matching', async () => {
    const admin = await center.login('center-admin');
    const listed = async () => (await center.get('/api/cameras/west~cam-w1', admin)).ok;
    expect(await waitUntil(listed, 20_000, 200)).toBe(true);
    const run = await runRetrieval({
      base: center.base,
      cookie: admin,
      cameraId: 'west~cam-w1',
      fromMs: retrievalFromMs,
      toMs: retrievalFromMs + RETRIEVAL_FILES * RETRIEVAL_FILE_SECONDS * 1000,
      site: west,
      dropAfterBytes: 1_000_000,
      // Longer than the center's stale time (2 s) and nats-server's ping timeout (6 s): the link is seen down.
      dropSeconds: 8,
      timeoutMs: 150_000,
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    });
    console.info(
      `retrieval: ${run.job.bytes} bytes in ${run.seconds.toFixed(0)} s, peak ${run.peakKbps.toFixed(0)} kbit/s ` +
        `(cap ${RETRIEVAL_CAP_KBPS}), per second ${run.samplesKbps.map((kbps) => kbps.toFixed(0)).join(' ')}`,
    );
    expect(run.job).toMatchObject({ state: 'done', files: RETRIEVAL_FILES, filesDone: RETRIEVAL_FILES });
    expect(run.waited).toBe(true);
    expect(run.peakKbps).toBeLessThanOrEqual(RETRIEVAL_CAP_KBPS * 1.1);
    // What a drop re-sent is at most the piece in flight: the line carried little more than the footage.
    expect(run.lineBytes).toBeLessThan(run.job.bytes * 1.15);
    const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
    const branchFiles = readOnly(west.dataDir, (db) =>
      db.prepare(`SELECT path FROM recordings WHERE camera_id = 'cam-w1' ORDER BY start_ms`).all(),
    ) as { path: string }[];
    const copies = readOnly(center.dataDir, (db) =>
      db
        .prepare(
          `SELECT r.path, f.sha256 FROM federation_retrieved f JOIN recordings r ON r.id = f.recording_id
           WHERE f.camera_id = 'west~cam-w1' ORDER BY r.start_ms`,
        )
        .all(),
    ) as { path: string; sha256: string }[];
    expect(copies.map((copy) => sha(join(center.dataDir, copy.path)))).toEqual(
      branchFiles.map((file) => sha(join(west.dataDir, file.path))),
    );
    expect(copies.every((copy) => copy.sha256 === sha(join(center.dataDir, copy.path)))).toBe(true);
  }, 180_000);
});
