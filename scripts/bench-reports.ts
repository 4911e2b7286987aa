// Scores and reports benchmark: a province of 500 cameras with a year of synthetic history (status events with
// outages and hub restarts, recording rows with gaps, patrols, notices, image checks) in a temp SQLite file; the
// year scored by the daily roll-up, then the roll-up of one day at full recording density (1-minute segments) and
// the monthly report, each against a reference measured in the same run (reading the same rows without computing).
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from '../src/db/index.js';
import { CameraStore, OrgStore } from '../src/org/index.js';
import {
  DayScores,
  MonthFacts,
  MonthlyReports,
  monthlyReportCsv,
  monthlyReportPdf,
  ScoreRollup,
  ScoreStore,
} from '../src/reports/index.js';
import { SecretBox } from '../src/shared/index.js';
import { addDays, dayStart } from '../src/shared/local-day.js';
import { ProfileStore } from '../src/supervision/index.js';

const CAMERAS = Number(process.env.BENCH_CAMERAS ?? 500);
const DAYS = Number(process.env.BENCH_DAYS ?? 365);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 5);
const BRANCHES = 34;
const ENTERPRISES = Math.ceil(CAMERAS / 4);
const GRADES = ['A', 'B', 'B', 'C', 'D'] as const;
const TARGETS = { monthly_report_ms: 2000, daily_rollup_ms: 5000 };
const HOUR = 3_600_000;
const MINUTE = 60_000;

let seed = 11;
const random = (): number => {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
  return seed / 2 ** 31;
};
const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};
const timed = <T>(run: () => T): [T, number] => {
  const start = performance.now();
  const result = run();
  return [result, performance.now() - start];
};
const round = (ms: number): number => Math.round(ms * 10) / 10;

/** The day the benchmark's "now" falls on: the report is of the month before it, the roll-up of the day before. */
const TODAY = '2026-12-01';
const NOW = dayStart(TODAY).getTime() + HOUR;
const LAST_DAY = addDays(TODAY, -1);
const FIRST_DAY = addDays(TODAY, -DAYS);

const branch = (index: number): string => `branch-${String(index).padStart(2, '0')}`;
const enterpriseOf = (camera: number): string => `ent-${String(camera % ENTERPRISES).padStart(3, '0')}`;
const cameraId = (index: number): string => `cam-${String(index).padStart(3, '0')}`;

function seedProvince(db: Db): void {
  const org = new OrgStore(db);
  org.createUnit({ id: 'center', parentId: null, kind: 'center', name: '省监控中心' });
  for (let b = 0; b < BRANCHES; b += 1)
    org.createUnit({ id: branch(b), parentId: 'center', kind: 'branch', name: `分局${b}` });
  const profiles = new ProfileStore(db, () => []);
  for (let e = 0; e < ENTERPRISES; e += 1) {
    const id = `ent-${String(e).padStart(3, '0')}`;
    org.createEnterprise({
      id,
      orgUnitId: branch(e % BRANCHES),
      name: `企业${e}`,
      creditGrade: GRADES[e % GRADES.length] ?? 'B',
    });
    // Most work weekdays 08:00–17:00; every third six days 06:00–20:00.
    if (e % 3 === 0)
      profiles.update(id, { productionWeekdays: [1, 2, 3, 4, 5, 6], productionStart: '06:00', productionEnd: '20:00' });
  }
  const cameras = new CameraStore(db, new SecretBox('bench key'));
  db.transaction(() => {
    for (let c = 0; c < CAMERAS; c += 1) {
      cameras.create({
        id: cameraId(c),
        enterpriseId: enterpriseOf(c),
        name: `摄像头${c}`,
        stage: 'processing',
        mainUrl: null,
      });
    }
  })();
  db.prepare('UPDATE cameras SET created_at = ?').run(dayStart(FIRST_DAY).getTime() - 2 * 86_400_000);
}

/** Status events (outages on a third of the days, a hub restart a month) and recording rows (gaps on a fifth). */
function seedHistory(db: Db): { events: number; recordings: number; lastDayRecordings: number } {
  const event = db.prepare(
    `INSERT INTO events (at, type, severity, camera_id, message, data) VALUES (?, ?, ?, ?, '', '{"stream":"main"}')`,
  );
  const restart = db.prepare(
    `INSERT INTO events (at, type, severity, message, data) VALUES (?, 'hub.started', 'info', '', '{}')`,
  );
  const recording = db.prepare(
    `INSERT INTO recordings (camera_id, stream, start_ms, end_ms, bytes, path, state) VALUES (?, 'main', ?, ?, 1, ?, 'closed')`,
  );
  let events = 0;
  let recordings = 0;
  let lastDayRecordings = 0;
  db.transaction(() => {
    for (let c = 0; c < CAMERAS; c += 1)
      event.run(dayStart(FIRST_DAY).getTime() - HOUR, 'camera.online', 'info', cameraId(c));
    events += CAMERAS;
  })();
  for (let day = FIRST_DAY; day <= LAST_DAY; day = addDays(day, 1)) {
    const start = dayStart(day).getTime();
    const segment = day === LAST_DAY ? MINUTE : HOUR;
    db.transaction(() => {
      if (dayStart(day).getDate() === 15) {
        restart.run(start + 3 * HOUR);
        for (let c = 0; c < CAMERAS; c += 1) event.run(start + 3 * HOUR + MINUTE, 'camera.online', 'info', cameraId(c));
        events += CAMERAS + 1;
      }
      for (let c = 0; c < CAMERAS; c += 1) {
        const id = cameraId(c);
        if (random() < 0.3) {
          const down = start + Math.floor(random() * 22 * 60) * MINUTE;
          event.run(down, 'camera.offline', 'warning', id);
          event.run(down + (5 + Math.floor(random() * 115)) * MINUTE, 'camera.online', 'info', id);
          events += 2;
        }
        const gapFrom = random() < 0.2 ? start + Math.floor(random() * 23) * HOUR : -1;
        for (let at = start; at < start + 24 * HOUR; at += segment) {
          if (at >= gapFrom && at < gapFrom + HOUR) continue;
          recording.run(id, at, at + segment, `r/${id}/${at}.mp4`);
          recordings += 1;
          if (day === LAST_DAY) lastDayRecordings += 1;
        }
      }
    })();
  }
  return { events, recordings, lastDayRecordings };
}

/** A year of patrols, findings, notices and daily image checks, as the report reads them. */
function seedSupervision(db: Db): void {
  const task = db.prepare(
    `INSERT INTO patrol_tasks (id, org_unit_id, enterprise_id, kind, due_at, state, created_at) VALUES (?, ?, ?, 'scheduled', ?, ?, 0)`,
  );
  const record = db.prepare(
    `INSERT INTO patrol_records (id, enterprise_id, inspector_name, started_at, finished_at, result, points) VALUES (?, ?, 'bench', ?, ?, ?, ?)`,
  );
  const notice = db.prepare(
    `INSERT INTO notices (id, number, org_unit_id, enterprise_id, year, seq, finding, rule, deadline, state, issued_at, closed_at)
     VALUES (?, ?, ?, ?, 2026, ?, 'f', 'r', ?, ?, ?, ?)`,
  );
  const check = db.prepare(`INSERT INTO image_checks (camera_id, at, verdict, trigger) VALUES (?, ?, ?, 'daily')`);
  let n = 0;
  db.transaction(() => {
    for (let day = FIRST_DAY; day <= LAST_DAY; day = addDays(day, 1)) {
      const start = dayStart(day).getTime();
      for (let e = 0; e < ENTERPRISES; e += 1) {
        if (random() > 0.12) continue; // about four patrols a month each
        n += 1;
        const enterprise = `ent-${String(e).padStart(3, '0')}`;
        const done = random() < 0.85;
        task.run(`t${n}`, branch(e % BRANCHES), enterprise, start + 10 * HOUR, done ? 'done' : 'open');
        if (!done) continue;
        const fail = random() < 0.2;
        const points = [
          {
            stage: 'processing',
            items: [{ key: 'caps-masks', text: '工作人员规范佩戴工作帽和口罩', verdict: fail ? 'fail' : 'pass' }],
          },
        ];
        record.run(
          `r${n}`,
          enterprise,
          start + 10 * HOUR,
          start + 11 * HOUR,
          fail ? 'fail' : 'pass',
          JSON.stringify(points),
        );
        if (fail) {
          const closed = random() < 0.8 ? start + 2 * 86_400_000 : null;
          notice.run(
            `n${n}`,
            `N${n}`,
            branch(e % BRANCHES),
            enterprise,
            n,
            start + 3 * 86_400_000,
            closed ? 'closed' : 'issued',
            start + 12 * HOUR,
            closed,
          );
        }
      }
      for (let c = 0; c < CAMERAS; c += 1) check.run(cameraId(c), start + 2 * HOUR, random() < 0.01 ? 'blurred' : 'ok');
    }
  })();
}

const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-reports-'));
try {
  const db = openDatabase(join(dir, 'bench.db'));
  db.pragma('synchronous = OFF');
  const [, seedMs] = timed(() => {
    seedProvince(db);
    return undefined;
  });
  const [history, historyMs] = timed(() => seedHistory(db));
  timed(() => seedSupervision(db));
  console.log(
    `seeded ${CAMERAS} cameras, ${ENTERPRISES} enterprises, ${BRANCHES} branches, ${DAYS} days: ` +
      `${history.events} status events, ${history.recordings} recording rows (hourly, the last day by the minute) ` +
      `in ${round((seedMs + historyMs) / 1000)} s`,
  );

  const store = new ScoreStore(db);
  const profiles = new ProfileStore(db, () => []);
  const cameras = new CameraStore(db, new SecretBox('bench key'));
  const scores = new DayScores(db, {
    enterpriseOf: (id) => cameras.get(id)?.enterpriseId,
    declarationOf: (id) => profiles.declaration(id),
  });
  const rollup = new ScoreRollup({ db, store, scores, now: () => NOW, backfillDays: DAYS });
  // The year, scored day by day as the roll-up does after each day.
  const backfillStart = performance.now();
  const backfill = await rollup.run();
  const backfillMs = performance.now() - backfillStart;
  console.log(
    `scored ${backfill.days.length} days (${backfill.cameraDays} camera-days) in ${round(backfillMs / 1000)} s`,
  );

  // The last day again, at full density: the roll-up of one day as it runs each night.
  const previousDay = addDays(LAST_DAY, -1);
  const rollups: number[] = [];
  for (let i = 0; i < SAMPLES; i += 1) {
    db.prepare('UPDATE score_state SET scored_through = ?, scored_until_ms = ?').run(
      previousDay,
      dayStart(LAST_DAY).getTime(),
    );
    const start = performance.now();
    const result = await rollup.run();
    rollups.push(performance.now() - start);
    if (result.cameraDays !== CAMERAS) throw new Error(`the roll-up scored ${result.cameraDays} camera-days`);
  }
  // Reference: reading the same day's rows (status events and recordings of every camera) without computing.
  const from = dayStart(LAST_DAY).getTime();
  const reads: number[] = [];
  for (let i = 0; i < SAMPLES; i += 1) {
    reads.push(
      timed(() => {
        const events = db.prepare('SELECT at, type FROM events WHERE camera_id = ? AND at >= ? AND at < ?');
        const rows = db.prepare(
          `SELECT start_ms, end_ms FROM recordings WHERE camera_id = ? AND stream = 'main' AND end_ms > ? AND start_ms < ?`,
        );
        for (let c = 0; c < CAMERAS; c += 1) {
          events.all(cameraId(c), from, from + 24 * HOUR);
          rows.all(cameraId(c), from, from + 24 * HOUR);
        }
        return undefined;
      })[1],
    );
  }

  const reports = new MonthlyReports({
    facts: new MonthFacts(db, store),
    scores: store,
    enterprises: () => new OrgStore(db).listEnterprises(),
    units: () => new OrgStore(db).listUnits(),
    thresholds: { online: 0.95, recorded: 0.95 },
    now: () => NOW,
  });
  const month = LAST_DAY.slice(0, 7);
  const province = Array.from({ length: SAMPLES }, () => timed(() => reports.report(month, null))[1]);
  const oneBranch = Array.from({ length: SAMPLES }, () => timed(() => reports.report(month, branch(0)))[1]);
  const report = reports.report(month, null);
  const [, csvMs] = timed(() => monthlyReportCsv(report, 'zh-CN'));
  const pdfStart = performance.now();
  const pdf = await monthlyReportPdf(report, 'zh-CN');
  const pdfMs = performance.now() - pdfStart;
  // Reference: one sum over the month's stored scores.
  const sums = Array.from(
    { length: SAMPLES },
    () =>
      timed(() =>
        db
          .prepare(
            'SELECT SUM(online_minutes), SUM(production_minutes) FROM camera_day_scores WHERE day >= ? AND day <= ?',
          )
          .get(`${month}-01`, LAST_DAY),
      )[1],
  );

  const figures = {
    cameras: CAMERAS,
    days: DAYS,
    enterprises: ENTERPRISES,
    branches: BRANCHES,
    status_events: history.events,
    recording_rows: history.recordings,
    daily_rollup_recording_rows: history.lastDayRecordings,
    db_mb: Math.round(statSync(join(dir, 'bench.db')).size / 1e6),
    backfill_s: round(backfillMs / 1000),
    backfill_day_ms: round(backfillMs / Math.max(1, backfill.days.length)),
    daily_rollup_ms: round(median(rollups)),
    daily_read_reference_ms: round(median(reads)),
    daily_rollup_over_read: round(median(rollups) / median(reads)),
    monthly_report_ms: round(median(province)),
    monthly_report_branch_ms: round(median(oneBranch)),
    monthly_csv_ms: round(csvMs),
    monthly_pdf_ms: round(pdfMs),
    monthly_pdf_kb: Math.round(pdf.length / 1024),
    monthly_sum_reference_ms: round(median(sums)),
    monthly_report_over_sum: round(median(province) / Math.max(median(sums), 0.01)),
    province_online_rate: report.total.current.onlineRate,
    targets: TARGETS,
    within_targets: median(province) <= TARGETS.monthly_report_ms && median(rollups) <= TARGETS.daily_rollup_ms,
  };
  console.log(
    `daily roll-up of ${CAMERAS} cameras: median ${figures.daily_rollup_ms} ms (reading the rows: ${figures.daily_read_reference_ms} ms)`,
  );
  console.log(
    `monthly report of the province: median ${figures.monthly_report_ms} ms; a branch ${figures.monthly_report_branch_ms} ms; PDF ${figures.monthly_pdf_ms} ms`,
  );
  db.close();
  console.log(JSON.stringify(figures));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
