// Federation benchmark: a center hub here and a branch hub in a network namespace behind a 2 Mbit/s tbf-shaped WAN
// link; catalog sync, live first frame, WAN bytes for ten viewers, release, orphan stop, admission, an outage, the
// first segment of recorded footage played from the branch, and a retrieval at its cap through a line drop.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { parseConfig } from '../src/config/index.js';
import type { CameraList, FederationLinkView } from '../src/contracts/index.js';
import { Hub } from '../src/hub.js';
import { createLogger } from '../src/shared/index.js';
import { BenchLifecycle } from './lib/bench-lifecycle.js';
import { natsServerPidOf } from './lib/bench-proc.js';
import { loginCookie, seedProvince } from './lib/province.js';
import { runRetrieval } from './lib/retrieval-run.js';
import { encodeClip, placeRecordings } from './lib/seed-recordings.js';
import { WanLab, type BranchSite } from './lib/wan-lab.js';

const LINE_KBIT = 2000;
const LEASE_SECONDS = 10;
const LINGER_SECONDS = 10;
const OUTAGE_SECONDS = Number(process.env.BENCH_OUTAGE_SECONDS ?? 60);
const OUTAGE_EVENTS = 12;
const SAMPLES = 5;
const PASSWORD = 'bench-leaf-password-1';
/** Two minutes of a branch camera's main stream, recorded before the benchmark, to play back and retrieve. */
const FOOTAGE_FILES = 4;
const FOOTAGE_FILE_SECONDS = 30;
const FOOTAGE_KBPS = 500;
const RETRIEVAL_CAP_KBPS = 1000;

const life = new BenchLifecycle();
life.install(15 * 60_000);
const root = mkdtempSync(join(tmpdir(), 'vigil-bench-fed-'));
life.addCleanup('temp dir', () => rmSync(root, { recursive: true, force: true }));
let dirs = 0;
const makeDir = (): string => {
  const dir = join(root, `site-${(dirs += 1)}`);
  mkdirSync(dir, { recursive: true });
  return dir;
};
const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

async function main(): Promise<void> {
  // The center: in this process, its leaf port open on the WAN links' addresses.
  const centerData = join(makeDir(), 'data');
  mkdirSync(centerData, { recursive: true });
  await seedProvince(centerData, []);
  const center = new Hub(
    parseConfig({
      dataDir: centerData,
      server: { host: '127.0.0.1', port: 0, https: { enabled: false } },
      demo: { enabled: false },
      push: { enabled: false },
      log: { level: 'warn' },
      federation: {
        role: 'center',
        nats: { port: 0 },
        leaf: { host: '0.0.0.0', port: 0 },
        leaseSeconds: LEASE_SECONDS,
        lingerSeconds: LINGER_SECONDS,
        budgetShare: 0.8,
        estimateKbps: { sub: 420 },
        retrievalKbps: RETRIEVAL_CAP_KBPS,
        branches: [{ id: 'east', password: PASSWORD, lineKbps: LINE_KBIT }],
      },
    }),
    createLogger({ level: 'warn' }),
  );
  const info = await center.start();
  life.addCleanup('center hub', () => center.stop());
  const base = `http://127.0.0.1:${info.httpPort}`;
  const lab = new WanLab(makeDir);
  life.addCleanup('branch sites', () => lab.destroy());
  const cameras = [1, 2, 3, 4].map((index) => ({
    id: `cam-e${index}`,
    name: `east line ${index}`,
    stage: 'processing' as const,
    enterprise: 'east' as const,
    mainUrl: `rtsp://127.0.0.1:8554/cam0${index}/main`,
    subUrl: `rtsp://127.0.0.1:8554/cam0${index}/sub`,
    recordMode: index === 1 ? ('continuous' as const) : ('off' as const),
  }));
  const footageFromMs = Math.floor((Date.now() - 3_600_000) / 1000) * 1000;
  const clip = join(root, 'clip.mp4');
  encodeClip(clip, FOOTAGE_FILE_SECONDS, FOOTAGE_KBPS);
  const east = await lab.addSite({
    id: 'east',
    index: 1,
    rateKbit: LINE_KBIT,
    cameraKbps: 1480,
    cameras,
    prepare: (dataDir) =>
      placeRecordings(dataDir, 'cam-e2', clip, {
        firstMs: footageFromMs,
        count: FOOTAGE_FILES,
        fileSeconds: FOOTAGE_FILE_SECONDS,
      }),
    federationYaml: (address) =>
      `  role: branch\n  branchId: east\n  centerUrl: nats-leaf://${address}:${info.nats?.leaf}\n` +
      `  centerPassword: ${PASSWORD}\n  leaseSeconds: ${LEASE_SECONDS}\n  lingerSeconds: ${LINGER_SECONDS}\n` +
      `  nats:\n    port: 0\n`,
  });
  const operator = await loginCookie(base, 'center-op');
  const get = (path: string, cookie = operator) => fetch(base + path, { headers: { cookie } });
  const mirrored = async () => ((await (await get('/api/cameras')).json()) as CameraList).cameras.map((c) => c.id);
  const link = async () =>
    ((await (await get('/api/federation/links')).json()) as { links: FederationLinkView[] }).links[0];
  if (!(await life.until(async () => (await mirrored()).length === 4, 60_000, 200))) throw new Error('no catalog');
  const branchAdmin = await loginCookie(east.base, 'center-admin');
  const branchPost = (path: string, body: unknown) =>
    fetch(east.base + path, {
      method: 'POST',
      headers: { cookie: branchAdmin, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  // Catalog: a camera added at the branch, until the center lists it.
  const syncs: number[] = [];
  for (let sample = 0; sample < SAMPLES; sample += 1) {
    const started = Date.now();
    const made = await branchPost('/api/admin/cameras', {
      enterpriseId: 'ent-east',
      name: `added ${sample}`,
      stage: 'storage',
      mainUrl: 'rtsp://127.0.0.1:8554/cam04/main',
      recordMode: 'off',
    });
    const { id } = (await made.json()) as { id: string };
    await life.until(async () => (await mirrored()).includes(`east~${id}`), 10_000, 10);
    syncs.push(Date.now() - started);
  }
  console.log(`catalog sync: median ${median(syncs)} ms over ${SAMPLES} changes`);

  // Live: first parts at the center over the shaped link; ten viewers; release after they leave.
  const playlist = (camera: string) => `/live/east~${camera}/sub/index.m3u8`;
  const firstPartMs = async (camera: string, cookie: string): Promise<number> => {
    const started = Date.now();
    await life.until(
      async () => (await (await get(playlist(camera), cookie)).text()).includes('#EXT-X-PART:'),
      30_000,
      20,
    );
    return Date.now() - started;
  };
  const firstFrames = [await firstPartMs('cam-e2', operator), await firstPartMs('cam-e3', operator)];
  const viewers: string[] = [];
  for (let viewer = 0; viewer < 10; viewer += 1) viewers.push(await loginCookie(base, 'center-op'));
  firstFrames.push(await firstPartMs('cam-e1', viewers[0] as string));
  let watching = true;
  const watch = (async () => {
    while (watching) {
      await Promise.all(viewers.map(async (cookie) => (await get(playlist('cam-e1'), cookie)).arrayBuffer()));
      await life.sleep(500);
    }
  })();
  await life.sleep(3_000);
  // Only cam-e1 now: the two opened before are left to their linger first.
  await life.until(async () => (await link())?.streams === 1, 30_000, 200);
  const rxBefore = WanLab.receivedBytes(east);
  await life.sleep(10_000);
  const wanKbps = ((WanLab.receivedBytes(east) - rxBefore) * 8) / 10 / 1000;
  const branchOp = await loginCookie(east.base, 'center-op');
  const health = (await (
    await fetch(`${east.base}/api/cameras/cam-e1`, { headers: { cookie: branchOp } })
  ).json()) as CameraList['cameras'][number];
  const streamKbps = health.health?.sub?.bitrateKbps ?? Number.NaN;
  watching = false;
  await watch;
  const left = Date.now();
  const quietAt = await quietLine(east, 60_000);
  const releaseMs = quietAt - left;
  console.log(`ten viewers: ${wanKbps.toFixed(0)} kbit/s on the line for a ${streamKbps} kbit/s stream`);
  console.log(`released ${releaseMs} ms after the last request (linger ${LINGER_SECONDS} s)`);

  // Admission: three sub streams fit in 1.6 Mbit/s, the fourth is refused.
  for (const camera of ['cam-e1', 'cam-e2', 'cam-e3']) await firstPartMs(camera, operator);
  const fourth = await get(playlist('cam-e4'));
  const refused = fourth.status === 503;
  console.log(
    `fourth stream: ${fourth.status} ${refused ? ((await fourth.json()) as { error: { message: string } }).error.message : ''}`,
  );

  // A crashed center: its server frozen, the branch stops sending when the lease runs out.
  const natsPid = natsServerPidOf(centerData);
  const frozen = Date.now();
  process.kill(natsPid, 'SIGSTOP');
  let orphanStopMs = Number.NaN;
  try {
    await life.until(() => expiredSince(east, frozen) !== undefined, (LEASE_SECONDS + 10) * 1000, 100);
    orphanStopMs = (expiredSince(east, frozen) ?? Number.NaN) - frozen;
  } finally {
    process.kill(natsPid, 'SIGCONT');
  }
  console.log(`branch stopped sending ${orphanStopMs} ms after the center froze (lease ${LEASE_SECONDS} s)`);
  await life.until(async () => (await link())?.state === 'up', 30_000, 200);
  await quietLine(east, 60_000);

  // An outage: events written at the branch while its line is cut all arrive, once, in order.
  await WanLab.setWan(east, false);
  for (let index = 0; index < OUTAGE_EVENTS; index += 1) {
    await branchPost('/api/admin/enterprises', { orgUnitId: 'east', name: `断网企业${index}`, creditGrade: 'C' });
    await life.sleep((OUTAGE_SECONDS * 1000) / OUTAGE_EVENTS);
  }
  await WanLab.setWan(east, true);
  const sent = enterpriseEvents(east.dataDir);
  await life.until(() => enterpriseEvents(centerData).length >= sent.length, 60_000, 200);
  const arrived = enterpriseEvents(centerData);
  const lost = sent.filter((message) => !arrived.includes(message)).length;
  const duplicated = arrived.length - new Set(arrived).size;
  const inOrder = arrived.join('\n') === sent.join('\n');
  console.log(
    `outage of ${OUTAGE_SECONDS} s: ${sent.length} events, ${lost} lost, ${duplicated} duplicated, in order: ${inOrder}`,
  );

  // Recorded footage: its first segment played at the center from the branch, then all of it retrieved.
  await life.until(async () => (await link())?.state === 'up', 30_000, 200);
  const admin = await loginCookie(base, 'center-admin');
  const footageToMs = footageFromMs + FOOTAGE_FILES * FOOTAGE_FILE_SECONDS * 1000;
  const playbackStarted = Date.now();
  const vod = await (
    await get(`/playback/east~cam-e2/vod.m3u8?from=${footageFromMs}&to=${footageToMs}&reason=bench`, admin)
  ).text();
  const [init, media] = [/URI="([^"]+)"/.exec(vod)?.[1], /^(files\/\d+\/media\.m4s\S*)$/m.exec(vod)?.[1]];
  if (!init || !media) throw new Error(`no footage listed: ${vod}`);
  for (const part of [init, media]) await (await get(`/playback/east~cam-e2/${part}`, admin)).arrayBuffer();
  const playbackFirstSegmentMs = Date.now() - playbackStarted;
  console.log(`first recorded segment (${FOOTAGE_FILE_SECONDS} s) at the center after ${playbackFirstSegmentMs} ms`);
  const retrieval = await runRetrieval({
    base,
    cookie: admin,
    cameraId: 'east~cam-e2',
    fromMs: footageFromMs,
    toMs: footageToMs,
    site: east,
    dropAfterBytes: 2_000_000,
    dropSeconds: 10,
    timeoutMs: 300_000,
    sleep: (ms) => life.sleep(ms),
  });
  console.log(
    `retrieval of ${retrieval.job.bytes} bytes: ${retrieval.job.state} in ${retrieval.seconds.toFixed(0)} s, ` +
      `peak ${retrieval.peakKbps.toFixed(0)} kbit/s (cap ${RETRIEVAL_CAP_KBPS}), waited through the drop: ` +
      `${retrieval.waited}`,
  );

  console.log(
    JSON.stringify({
      catalog_sync_ms: median(syncs),
      live_first_frame_ms: median(firstFrames),
      wan_kbps_10_viewers: Math.round(wanKbps),
      stream_kbps: streamKbps,
      wan_bytes_ratio_10_viewers: Number((wanKbps / streamKbps).toFixed(3)),
      release_ms: releaseMs,
      linger_ms: LINGER_SECONDS * 1000,
      orphan_stop_ms: orphanStopMs,
      lease_ms: LEASE_SECONDS * 1000,
      admission_refused_4th: refused,
      outage_seconds: OUTAGE_SECONDS,
      outage_events: sent.length,
      outage_events_lost: lost,
      outage_events_duplicated: duplicated,
      outage_events_in_order: inOrder,
      playback_first_segment_ms: playbackFirstSegmentMs,
      retrieval_peak_kbps: Math.round(retrieval.peakKbps),
      retrieval_cap_kbps: RETRIEVAL_CAP_KBPS,
      retrieval_median_kbps: Math.round(median(retrieval.samplesKbps)),
      retrieval_seconds: Math.round(retrieval.seconds),
      retrieval_state: retrieval.job.state,
      retrieval_resumed_after_drop: retrieval.waited && retrieval.job.state === 'done',
    }),
  );
}

/** When the branch→center line last carried more than pings (checked every 250 ms, once quiet for a second). */
async function quietLine(site: BranchSite, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let last = WanLab.receivedBytes(site);
  let quietSince: number | undefined;
  while (Date.now() < deadline) {
    await life.sleep(250);
    const now = WanLab.receivedBytes(site);
    const rate = (now - last) * 4;
    last = now;
    if (rate < 4_000) quietSince ??= Date.now() - 250;
    else quietSince = undefined;
    if (quietSince !== undefined && Date.now() - quietSince >= 1_000) return quietSince;
  }
  throw new Error('the line never went quiet');
}

function readEvents<T>(dataDir: string, sql: string, ...params: unknown[]): T[] {
  const db = new Database(join(dataDir, 'vigil.db'), { readonly: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

const enterpriseEvents = (dataDir: string): string[] =>
  readEvents<{ message: string }>(
    dataDir,
    `SELECT message FROM events WHERE type = 'audit.admin.enterprise.created' ORDER BY id`,
  ).map((row) => row.message);

const expiredSince = (site: BranchSite, since: number): number | undefined =>
  readEvents<{ at: number }>(
    site.dataDir,
    `SELECT at FROM events WHERE type = 'federation.lease.expired' AND at >= ? ORDER BY at LIMIT 1`,
    since,
  )[0]?.at;

life.run(main);
