// Province-scale simulation of the center: 34 branches × 15 cameras, each branch a real nats-server leaf node with the
// hub's own branch link (its catalog and event outbox in SQLite), under a real center hub; then one real branch hub
// whose live streams the center relays. Prints catalog sync, sizes, message rates, event lag, CPU and memory.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../src/config/index.js';
import type { BranchCatalog, CameraList } from '../src/contracts/index.js';
import Database from 'better-sqlite3';
import { openDatabase, type Db } from '../src/db/index.js';
import { branchConf, NatsServerProcess } from '../src/federation/index.js';
import { BranchLink } from '../src/federation/branch-link.js';
import { Hub } from '../src/hub.js';
import { createLogger } from '../src/shared/index.js';
import { projectRoot } from '../src/version.js';
import { BenchLifecycle } from './lib/bench-lifecycle.js';
import { clockTicksPerSecond, natsServerPidOf, readRssMb, readStat } from './lib/bench-proc.js';
import { loginCookie } from './lib/province.js';

const BRANCHES = Number(process.env.BENCH_BRANCHES ?? 34);
const CAMERAS_PER_BRANCH = 15;
/** Each camera changes status about once a minute: the province's event rate. */
const STATUS_CHANGE_EVERY_S = 60;
const STEADY_SECONDS = 30;
const RELAY_STREAMS = 6;
const RELAY_SECONDS = 15;
const ADMIN_PASSWORD = 'bench-admin-password-1';
const logger = createLogger({ level: 'warn' });

const life = new BenchLifecycle();
life.install(15 * 60_000);
const root = mkdtempSync(join(tmpdir(), 'vigil-bench-scale-'));
life.addCleanup('temp dir', () => rmSync(root, { recursive: true, force: true }));
const password = (index: number) => `scale-leaf-password-${index}`;
const branchId = (index: number) => `b${String(index).padStart(2, '0')}`;
const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? Number.NaN;
};

/** A branch of 5 enterprises × 3 cameras whose statuses change now and then. */
class SimulatedBranch {
  readonly status: ('online' | 'offline')[] = Array.from({ length: CAMERAS_PER_BRANCH }, () => 'online');
  private listener: (() => void) | undefined;

  constructor(
    readonly id: string,
    readonly db: Db,
  ) {}

  catalog(): BranchCatalog {
    return {
      branchId: this.id,
      builtAt: Date.now(),
      branch: { name: `第${this.id.slice(1)}分局`, nameEn: `Branch ${this.id}` },
      enterprises: Array.from({ length: 5 }, (_, e) => ({
        id: `ent-${e}`,
        name: `企业${e}`,
        nameEn: null,
        creditGrade: (['A', 'B', 'C', 'D', 'B'] as const)[e] ?? 'B',
      })),
      cameras: this.status.map((status, c) => ({
        id: `cam-${c}`,
        enterpriseId: `ent-${c % 5}`,
        name: `监控点${c}`,
        nameEn: null,
        stage: 'processing',
        hasSub: true,
        recordMode: 'continuous',
        enabled: true,
        status,
        statusReason: status === 'offline' ? 'no packets for 10 s' : null,
      })),
    };
  }

  onChange(listener: () => void): () => void {
    this.listener = listener;
    return () => (this.listener = undefined);
  }

  /** A camera goes offline or back, as its hub logs it: an event, and a new catalog. */
  flip(camera: number): void {
    const status = this.status[camera] === 'online' ? 'offline' : 'online';
    this.status[camera] = status;
    this.db
      .prepare(
        `INSERT INTO events (at, type, severity, camera_id, org_unit_id, message) VALUES (?, ?, 'info', ?, ?, ?)`,
      )
      .run(Date.now(), `camera.${status}`, `cam-${camera}`, this.id, `监控点${camera} is ${status}`);
    this.listener?.();
  }
}

async function startCenter(): Promise<{ hub: Hub; base: string; dataDir: string; leafPort: number }> {
  const dataDir = join(root, 'center');
  mkdirSync(dataDir, { recursive: true });
  const branches: { id: string; password: string; lineKbps?: number }[] = Array.from({ length: BRANCHES }, (_, i) => ({
    id: branchId(i + 1),
    password: password(i + 1),
  }));
  // The relayed branch is on a wide line: the relay's cost is measured, not its admission.
  branches.push({ id: 'branch-donggang', password: password(0), lineKbps: 100_000 });
  const hub = new Hub(
    parseConfig({
      dataDir,
      server: { host: '127.0.0.1', port: 0, https: { enabled: false } },
      demo: { enabled: false },
      push: { enabled: false },
      admin: { password: ADMIN_PASSWORD },
      log: { level: 'warn' },
      federation: { role: 'center', nats: { port: 0 }, leaf: { host: '127.0.0.1', port: 0 }, branches },
    }),
    logger,
  );
  const info = await hub.start();
  life.addCleanup('center hub', () => hub.stop());
  return { hub, base: `http://127.0.0.1:${info.httpPort}`, dataDir, leafPort: info.nats?.leaf as number };
}

async function startBranch(index: number, leafPort: number): Promise<SimulatedBranch> {
  const id = branchId(index);
  const dir = join(root, id);
  mkdirSync(dir, { recursive: true });
  const db = openDatabase(join(dir, 'vigil.db'));
  const branch = new SimulatedBranch(id, db);
  const server = new NatsServerProcess({
    serverPath: 'nats-server',
    dir: join(dir, 'nats'),
    logger,
    render: (settings) =>
      branchConf({
        port: settings.clientPort ?? 0,
        storeDir: settings.storeDir,
        hubPassword: settings.hubPassword,
        branchId: id,
        centerUrl: `nats-leaf://127.0.0.1:${leafPort}`,
        centerPassword: password(index),
      }),
  });
  await server.start();
  life.addCleanup(`nats-server ${id}`, () => server.stop());
  const link = new BranchLink({
    branchId: id,
    nats: () => ({ servers: `127.0.0.1:${server.clientPort}`, user: 'hub', pass: server.hubPassword }),
    db,
    catalog: () => branch.catalog(),
    onChange: (listener) => branch.onChange(listener),
    logger,
    checkMs: 2_000,
  });
  await link.start();
  life.addCleanup(`branch link ${id}`, async () => {
    await link.stop();
    db.close();
  });
  return branch;
}

/** CPU of a process over `run`, in % of one core. */
async function cpuOf(pid: number, run: () => Promise<void>): Promise<number> {
  const ticks = clockTicksPerSecond();
  const before = readStat(pid)?.ticks ?? 0;
  const started = Date.now();
  await run();
  return (((readStat(pid)?.ticks ?? 0) - before) / ticks / ((Date.now() - started) / 1000)) * 100;
}

async function main(): Promise<void> {
  const center = await startCenter();
  const admin = await loginCookie(center.base, 'admin', ADMIN_PASSWORD);
  const cameraList = async () =>
    ((await (await fetch(`${center.base}/api/cameras`, { headers: { cookie: admin } })).json()) as CameraList).cameras;

  // Catalog: every branch starts, until the center lists all of their cameras.
  const started = Date.now();
  const branches: SimulatedBranch[] = [];
  for (let index = 1; index <= BRANCHES; index += 1) branches.push(await startBranch(index, center.leafPort));
  const branchesUpMs = Date.now() - started;
  const total = BRANCHES * CAMERAS_PER_BRANCH;
  if (!(await life.until(async () => (await cameraList()).length === total, 120_000, 250))) {
    throw new Error(`the center lists ${(await cameraList()).length} of ${total} cameras`);
  }
  const catalogSyncMs = Date.now() - started;
  const listTimes: number[] = [];
  for (let sample = 0; sample < 5; sample += 1) {
    const at = Date.now();
    await cameraList();
    listTimes.push(Date.now() - at);
  }
  const catalogBytes = Buffer.byteLength(JSON.stringify(branches[0]?.catalog()));
  console.log(
    `${BRANCHES} branches up in ${branchesUpMs} ms; the center lists ${total} cameras after ${catalogSyncMs} ms; ` +
      `GET /api/cameras ${percentile(listTimes, 0.5)} ms; one branch catalog ${catalogBytes} bytes`,
  );

  // Steady state: pings, and each camera changing status about once a minute (an event and a new catalog each).
  const centerNats = natsServerPidOf(center.dataDir);
  const connection = center.hub.federation?.center?.nats;
  const statsBefore = connection?.stats();
  const arrivals = new ArrivalWatch(join(center.dataDir, 'vigil.db'));
  const changesPerSecond = total / STATUS_CHANGE_EVERY_S;
  let changes = 0;
  const natsCpu = cpuOf(centerNats, () => life.sleep(STEADY_SECONDS * 1000));
  const hubCpu = await cpuOf(process.pid, async () => {
    const deadline = Date.now() + STEADY_SECONDS * 1000;
    while (Date.now() < deadline) {
      const branch = branches[Math.floor(Math.random() * branches.length)] as SimulatedBranch;
      branch.flip(Math.floor(Math.random() * CAMERAS_PER_BRANCH));
      changes += 1;
      await life.sleep(1000 / changesPerSecond);
    }
  });
  const statsAfter = connection?.stats();
  await life.until(() => arrivals.lags.length >= changes, 30_000, 200);
  arrivals.stop();
  const lags = arrivals.lags;
  const centerNatsCpu = await natsCpu;
  const msgsIn = ((statsAfter?.inMsgs ?? 0) - (statsBefore?.inMsgs ?? 0)) / STEADY_SECONDS;
  const bytesIn = ((statsAfter?.inBytes ?? 0) - (statsBefore?.inBytes ?? 0)) / STEADY_SECONDS;
  const branchNatsRss = branches.map((branch) => readRssMb(natsServerPidOf(join(root, branch.id))) ?? Number.NaN);
  console.log(
    `steady: ${(changes / STEADY_SECONDS).toFixed(1)} status changes/s; center hub ${hubCpu.toFixed(1)} % CPU, ` +
      `its nats-server ${centerNatsCpu.toFixed(1)} %; ${msgsIn.toFixed(0)} messages/s (${(bytesIn / 1000).toFixed(0)} kB/s) ` +
      `into the center hub; event lag p50 ${percentile(lags, 0.5)} ms, p95 ${percentile(lags, 0.95)} ms`,
  );

  // Relay: a real branch hub with simulated cameras; the center's CPU with its streams relayed against without.
  const relay = await startRelayBranch(center.leafPort);
  const relayIds = Array.from({ length: RELAY_STREAMS }, (_, i) => `branch-donggang~demo-cam-0${i + 1}`);
  await life.until(async () => {
    const listed = new Set((await cameraList()).map((camera) => camera.id));
    return relayIds.every((id) => listed.has(id));
  }, 60_000);
  const idleCpu = await cpuOf(process.pid, () => life.sleep(RELAY_SECONDS * 1000));
  const operator = await loginCookie(center.base, 'admin', ADMIN_PASSWORD);
  let watching = true;
  const watch = Promise.all(
    relayIds.map(async (id) => {
      while (watching) {
        await (await fetch(`${center.base}/live/${id}/sub/index.m3u8`, { headers: { cookie: operator } })).text();
        await life.sleep(500);
      }
    }),
  );
  await life.until(async () => (center.hub.federation?.views()[BRANCHES]?.streams ?? 0) === RELAY_STREAMS, 30_000);
  await life.sleep(3_000);
  const relayCpu = await cpuOf(process.pid, () => life.sleep(RELAY_SECONDS * 1000));
  watching = false;
  await watch;
  const perStream = (relayCpu - idleCpu) / RELAY_STREAMS;
  console.log(
    `relay: ${RELAY_STREAMS} streams at ${relayCpu.toFixed(1)} % against ${idleCpu.toFixed(1)} % without: ` +
      `${perStream.toFixed(2)} % of a core per relayed stream`,
  );
  relay.kill('SIGTERM');

  console.log(
    JSON.stringify({
      branches: BRANCHES,
      cameras: total,
      catalog_sync_all_ms: catalogSyncMs,
      catalog_bytes_per_branch: catalogBytes,
      api_cameras_list_ms: percentile(listTimes, 0.5),
      status_changes_per_s: Number((changes / STEADY_SECONDS).toFixed(1)),
      center_msgs_in_per_s: Math.round(msgsIn),
      center_kbytes_in_per_s: Math.round(bytesIn / 1000),
      event_lag_p50_ms: percentile(lags, 0.5),
      event_lag_p95_ms: percentile(lags, 0.95),
      center_hub_cpu_pct: Number(hubCpu.toFixed(1)),
      center_nats_cpu_pct: Number(centerNatsCpu.toFixed(1)),
      center_hub_rss_mb: Math.round(readRssMb(process.pid) ?? Number.NaN),
      center_nats_rss_mb: Math.round(readRssMb(centerNats) ?? Number.NaN),
      branch_nats_rss_mb: Math.round(percentile(branchNatsRss, 0.5)),
      relay_streams: RELAY_STREAMS,
      relay_cpu_pct_per_stream: Number(perStream.toFixed(2)),
    }),
  );
}

/** One real branch hub (the federated demo's 东港 branch) with its simulated cameras, as a child process. */
async function startRelayBranch(leafPort: number) {
  const dir = join(root, 'relay');
  mkdirSync(join(dir, 'data'), { recursive: true });
  const config = {
    server: { host: '127.0.0.1', port: 0, https: { enabled: false } },
    push: { enabled: false },
    demo: {
      enabled: true,
      scope: 'branch-donggang',
      cameras: RELAY_STREAMS,
      width: 320,
      height: 180,
      bitrateKbps: 300,
    },
    federation: {
      role: 'branch',
      branchId: 'branch-donggang',
      centerUrl: `nats-leaf://127.0.0.1:${leafPort}`,
      centerPassword: password(0),
      nats: { port: 0 },
    },
  };
  writeFileSync(join(dir, 'vigil.yaml'), JSON.stringify(config));
  const child = spawn(process.execPath, ['--import', 'tsx', join(projectRoot(), 'src', 'main.ts')], {
    cwd: projectRoot(),
    env: { ...process.env, VIGIL_CONFIG: join(dir, 'vigil.yaml'), VIGIL_DATA_DIR: join(dir, 'data') },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  life.trackPid(child.pid as number, exited);
  life.addCleanup('relay branch hub', async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
  });
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  if (!(await life.until(() => out.includes('Vigil console:'), 60_000)))
    throw new Error(`relay branch not ready: ${out}`);
  return child;
}

/**
 * Watches the center's event log for branch events as they land, every 50 ms: each one's lag is the time it was seen
 * less the time its branch wrote it (one clock here).
 */
class ArrivalWatch {
  readonly lags: number[] = [];
  private readonly db: Database.Database;
  private lastId: number;
  private readonly timer: ReturnType<typeof setInterval>;

  constructor(file: string) {
    this.db = new Database(file, { readonly: true });
    this.lastId = (this.db.prepare('SELECT COALESCE(MAX(id), 0) AS id FROM events').get() as { id: number }).id;
    const next = this.db.prepare(`SELECT id, at FROM events WHERE id > ? AND origin IS NOT NULL ORDER BY id`);
    this.timer = setInterval(() => {
      const seen = Date.now();
      for (const row of next.all(this.lastId) as { id: number; at: number }[]) {
        this.lastId = row.id;
        this.lags.push(seen - row.at);
      }
    }, 50);
  }

  stop(): void {
    clearInterval(this.timer);
    this.db.close();
  }
}

life.run(main);
