// Playback benchmark: 100 cameras × 30 days of 1-minute files in a temp SQLite index; ranges and VOD playlist latency.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../src/db/index.js';
import { PlaybackCatalog } from '../src/playback/index.js';
import { RecordingStore, recordingRelativePath } from '../src/recording/index.js';

const CAMERAS = Number(process.env.BENCH_CAMERAS ?? 100);
const DAYS = Number(process.env.BENCH_DAYS ?? 30);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 200);
const MINUTE = 60_000;
const DAY = 86_400_000;
const TARGET_P50_MS = 20;

const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-'));
try {
  const db = openDatabase(join(dir, 'bench.db'));
  // A throw-away file: no fsync, and a cache big enough that index inserts do not re-read pages.
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -262144');
  const end = Date.UTC(2026, 0, 31);
  const begin = end - DAYS * DAY;

  // Rows in (camera, time) order: every index (the covering camera span index, the unique path) is appended to.
  const t0 = performance.now();
  const insert = db.prepare(
    `INSERT INTO recordings (camera_id, stream, start_ms, end_ms, bytes, path, state) VALUES (?, 'main', ?, ?, ?, ?, 'closed')`,
  );
  let rows = 0;
  db.transaction(() => {
    for (let c = 0; c < CAMERAS; c++) {
      const cameraId = `cam-${String(c).padStart(3, '0')}`;
      for (let start = begin; start < end; start += MINUTE) {
        // A file ending 3 s early every 6 hours gives the runs query real gaps to find.
        const outage = (start - begin) % (6 * 3_600_000) === 0 ? 3000 : 0;
        const jitter = (start / MINUTE) % 7;
        insert.run(
          cameraId,
          start + jitter,
          start + MINUTE + jitter - 5 - outage,
          3_750_000,
          recordingRelativePath(cameraId, start),
        );
        rows++;
      }
    }
  })();
  const generateMs = performance.now() - t0;
  console.log(
    `generated ${rows} rows in ${(generateMs / 1000).toFixed(1)} s (${Math.round(rows / (generateMs / 1000))} rows/s)`,
  );

  const store = new RecordingStore(db);
  const catalog = new PlaybackCatalog({ lookup: store, now: () => end + DAY });
  let seed = 42;
  const random = (): number => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const pick = (span: number): { cameraId: string; from: number } => ({
    cameraId: `cam-${String(Math.floor(random() * CAMERAS)).padStart(3, '0')}`,
    from: begin + Math.floor(random() * (DAYS * DAY - span)),
  });

  function measure(
    label: string,
    span: number,
    work: (cameraId: string, from: number, to: number) => number,
  ): { p50: number; p95: number } {
    for (let i = 0; i < 10; i++) {
      const { cameraId, from } = pick(span);
      work(cameraId, from, from + span); // warm-up: statement and page cache
    }
    const times: number[] = [];
    let items = 0;
    for (let i = 0; i < SAMPLES; i++) {
      const { cameraId, from } = pick(span);
      const t = performance.now();
      items += work(cameraId, from, from + span);
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    const at = (q: number): number =>
      Math.round((times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0) * 1000) / 1000;
    const result = { p50: at(0.5), p95: at(0.95) };
    console.log(
      `${label.padEnd(16)} p50 ${result.p50} ms  p95 ${result.p95} ms  (avg ${Math.round(items / SAMPLES)} items)`,
    );
    return result;
  }

  const ranges = measure('ranges 1 day', DAY, (c, f, t) => catalog.ranges(c, f, t).recorded.length);
  const vod1h = measure('vod 1 h', 3_600_000, (c, f, t) => catalog.playlist(c, f, t).files);
  const vod24h = measure('vod 24 h', DAY, (c, f, t) => catalog.playlist(c, f, t).files);
  const t1 = performance.now();
  const total = store.totalBytes();
  const t2 = performance.now();
  store.totalBytes();
  const t3 = performance.now();
  console.log(
    `total bytes ${total}: first ${(t2 - t1).toFixed(1)} ms, then ${(t3 - t2).toFixed(2)} ms (retention quota check)`,
  );
  db.close();

  console.log(
    JSON.stringify({
      bench: 'playback',
      rows,
      generate_s: Math.round(generateMs) / 1000,
      ranges_day_p50_ms: ranges.p50,
      ranges_day_p95_ms: ranges.p95,
      vod_1h_p50_ms: vod1h.p50,
      vod_1h_p95_ms: vod1h.p95,
      vod_24h_p50_ms: vod24h.p50,
      vod_24h_p95_ms: vod24h.p95,
      target_p50_ms: TARGET_P50_MS,
    }),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
