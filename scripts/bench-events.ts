// Event log benchmark: 10 M generated events over 90 days in a temp SQLite file; filtered, scoped queries of the API.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../src/db/index.js';
import { encodeCursor, EventQueries, type EventScope } from '../src/events/index.js';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 10_000_000);
const DAYS = Number(process.env.BENCH_DAYS ?? 90);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 200);
const BRANCHES = 34;
const ENTERPRISES = 95;
const CAMERAS = 500;
const USERS = 200;
const PAGE = 50;
const DAY = 86_400_000;
const TARGET_P50_MS = 20;

let seed = 7;
const random = (): number => {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
  return seed / 2 ** 31;
};
const pickIndex = (n: number): number => Math.floor(random() * n);

// The province: enterprises spread over branches, cameras over enterprises, users over the center and branches.
const branch = (index: number): string => `branch-${String(index).padStart(2, '0')}`;
const enterpriseUnit = Array.from({ length: ENTERPRISES }, (_, index) => branch(index % BRANCHES));
const cameraEnterprise = Array.from({ length: CAMERAS }, (_, index) => index % ENTERPRISES);
const cameraId = (index: number): string => `cam-${String(index).padStart(3, '0')}`;
const enterpriseId = (index: number): string => `ent-${String(index).padStart(2, '0')}`;
// A fifth of the users work at the center; the rest at the branches.
const userUnit = (index: number): string => (index % 5 === 0 ? 'center' : branch(index % BRANCHES));
const userId = (index: number): string => `usr-${String(index).padStart(3, '0')}`;

/** Event types with their share of the log and their severities. */
const MIX: Array<{ type: string; weight: number; severity: () => string; camera: boolean; user: boolean }> = [
  { type: 'camera.online', weight: 14, severity: () => 'info', camera: true, user: false },
  { type: 'camera.reconnecting', weight: 14, severity: () => 'warning', camera: true, user: false },
  {
    type: 'camera.offline',
    weight: 8,
    severity: () => (random() < 0.5 ? 'error' : 'warning'),
    camera: true,
    user: false,
  },
  { type: 'audit.live.started', weight: 18, severity: () => 'info', camera: true, user: true },
  { type: 'audit.live.ended', weight: 18, severity: () => 'info', camera: true, user: true },
  { type: 'audit.playback', weight: 8, severity: () => 'info', camera: true, user: true },
  { type: 'audit.export.created', weight: 1, severity: () => 'info', camera: true, user: true },
  { type: 'audit.login.succeeded', weight: 8, severity: () => 'info', camera: false, user: true },
  { type: 'audit.login.failed', weight: 2, severity: () => 'warning', camera: false, user: true },
  { type: 'audit.logout', weight: 6, severity: () => 'info', camera: false, user: true },
  { type: 'audit.admin.camera.updated', weight: 1, severity: () => 'info', camera: true, user: true },
  { type: 'storage.full', weight: 0.5, severity: () => 'error', camera: false, user: false },
  { type: 'hub.started', weight: 0.5, severity: () => 'info', camera: false, user: false },
];
const TOTAL_WEIGHT = MIX.reduce((sum, item) => sum + item.weight, 0);
function pickType(): (typeof MIX)[number] {
  let left = random() * TOTAL_WEIGHT;
  for (const item of MIX) {
    left -= item.weight;
    if (left <= 0) return item;
  }
  return MIX[0] as (typeof MIX)[number];
}

const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-events-'));
try {
  const db = openDatabase(join(dir, 'bench.db'));
  // A throw-away file: no fsync, and a cache big enough that index inserts do not re-read pages.
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -1048576');
  const end = Date.UTC(2026, 2, 31);
  const begin = end - DAYS * DAY;
  const step = (DAYS * DAY) / EVENTS;

  // Bulk generation builds the event indexes once at the end (the same ones the migrations made), not row by row.
  const indexes = db
    .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events' AND sql IS NOT NULL`)
    .all() as Array<{ name: string; sql: string }>;
  // BENCH_DROP_INDEXES=events_user_at,... measures the queries without some of them.
  const dropped = new Set((process.env.BENCH_DROP_INDEXES ?? '').split(',').filter(Boolean));
  for (const index of indexes) db.exec(`DROP INDEX ${index.name}`);

  const t0 = performance.now();
  const insert = db.prepare(
    `INSERT INTO events (at, type, severity, camera_id, enterprise_id, org_unit_id, user_id, ip, message, data)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  db.transaction(() => {
    for (let i = 0; i < EVENTS; i++) {
      const kind = pickType();
      const camera = kind.camera ? pickIndex(CAMERAS) : -1;
      const user = kind.user ? pickIndex(USERS) : -1;
      const enterprise = camera >= 0 ? (cameraEnterprise[camera] as number) : -1;
      // Camera events belong to the camera's branch, logins to the user's unit, hub and storage events to nobody.
      const unit = enterprise >= 0 ? enterpriseUnit[enterprise] : user >= 0 ? userUnit(user) : null;
      insert.run(
        Math.floor(begin + i * step),
        kind.type,
        kind.severity(),
        camera >= 0 ? cameraId(camera) : null,
        enterprise >= 0 ? enterpriseId(enterprise) : null,
        unit,
        user >= 0 ? userId(user) : null,
        user >= 0 ? `10.20.${user % 250}.${(i % 250) + 1}` : null,
        `${kind.type} ${camera >= 0 ? cameraId(camera) : ''}`,
        user >= 0 ? `{"username":"user${user}","stream":"main"}` : null,
      );
    }
  })();
  for (const index of indexes) if (!dropped.has(index.name)) db.exec(index.sql);
  const generateMs = performance.now() - t0;
  db.pragma('wal_checkpoint(TRUNCATE)');
  const fileMb = Math.round(statSync(join(dir, 'bench.db')).size / 1e6);
  console.log(
    `generated ${EVENTS} events in ${(generateMs / 1000).toFixed(1)} s (${Math.round(EVENTS / (generateMs / 1000))}/s), ${fileMb} MB on disk`,
  );

  const queries = new EventQueries(db, {
    cameraUnit: (id) => enterpriseUnit[cameraEnterprise[Number(id.slice(4))] ?? -1],
    enterpriseUnit: (id) => enterpriseUnit[Number(id.slice(4))],
  });
  const province: EventScope = { kind: 'province' };
  const someBranch = (): EventScope => ({ kind: 'branch', orgUnitId: branch(pickIndex(BRANCHES)) });
  const someWeek = (): { from: number; to: number } => {
    const from = begin + pickIndex(DAYS - 7) * DAY;
    return { from, to: from + 7 * DAY };
  };
  const deepCursor = (): string =>
    encodeCursor({ at: begin + Math.floor((0.2 + 0.6 * random()) * DAYS * DAY), id: 2 ** 40 });

  interface Case {
    label: string;
    run: () => number;
  }
  const cases: Case[] = [
    { label: 'center, first page', run: () => queries.page(province, {}, PAGE).rows.length },
    { label: 'branch, first page', run: () => queries.page(someBranch(), {}, PAGE).rows.length },
    {
      label: 'branch, camera',
      run: () => {
        const camera = pickIndex(CAMERAS);
        const scope: EventScope = {
          kind: 'branch',
          orgUnitId: enterpriseUnit[cameraEnterprise[camera] as number] as string,
        };
        return queries.page(scope, { cameraId: cameraId(camera) }, PAGE).rows.length;
      },
    },
    {
      label: 'camera. + warn/error, week',
      run: () =>
        queries.page(province, { type: 'camera.', severity: ['warning', 'error'], ...someWeek() }, PAGE).rows.length,
    },
    {
      label: 'branch audit. + week',
      run: () => queries.page(someBranch(), { type: 'audit.', ...someWeek() }, PAGE).rows.length,
    },
    {
      label: 'branch audit.export., month',
      run: () => {
        const { from } = someWeek();
        return queries.page(someBranch(), { type: 'audit.export.', from, to: from + 30 * DAY }, PAGE).rows.length;
      },
    },
    { label: 'by user', run: () => queries.page(province, { userId: userId(pickIndex(USERS)) }, PAGE).rows.length },
    {
      label: 'by enterprise',
      run: () => queries.page(province, { enterpriseId: enterpriseId(pickIndex(ENTERPRISES)) }, PAGE).rows.length,
    },
    { label: 'center, deep cursor', run: () => queries.page(province, {}, PAGE, deepCursor()).rows.length },
    { label: 'branch, deep cursor', run: () => queries.page(someBranch(), {}, PAGE, deepCursor()).rows.length },
  ];

  const round = (ms: number): number => Math.round(ms * 1000) / 1000;
  const quantile = (sorted: number[], q: number): number =>
    round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0);
  const all: number[] = [];
  const results: Record<string, { p50: number; p95: number }> = {};
  for (const item of cases) {
    for (let i = 0; i < 10; i++) item.run(); // warm-up: statements and page cache
    const times: number[] = [];
    let rows = 0;
    for (let i = 0; i < SAMPLES; i++) {
      const t = performance.now();
      rows += item.run();
      times.push(performance.now() - t);
    }
    all.push(...times);
    times.sort((a, b) => a - b);
    results[item.label] = { p50: quantile(times, 0.5), p95: quantile(times, 0.95) };
    console.log(
      `${item.label.padEnd(28)} p50 ${results[item.label]?.p50} ms  p95 ${results[item.label]?.p95} ms  (avg ${Math.round(rows / SAMPLES)} rows)`,
    );
  }
  all.sort((a, b) => a - b);
  const overall = { p50: quantile(all, 0.5), p95: quantile(all, 0.95) };
  console.log(`${'overall'.padEnd(28)} p50 ${overall.p50} ms  p95 ${overall.p95} ms`);
  db.close();

  const key = (label: string): string =>
    label
      .replace(/[^a-z0-9]+/gi, '_')
      .replace(/^_|_$/g, '')
      .toLowerCase();
  console.log(
    JSON.stringify({
      bench: 'events',
      events: EVENTS,
      generate_s: Math.round(generateMs) / 1000,
      file_mb: fileMb,
      p50_ms: overall.p50,
      p95_ms: overall.p95,
      ...Object.fromEntries(
        Object.entries(results).flatMap(([label, r]) => [
          [`${key(label)}_p50_ms`, r.p50],
          [`${key(label)}_p95_ms`, r.p95],
        ]),
      ),
      target_p50_ms: TARGET_P50_MS,
    }),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
