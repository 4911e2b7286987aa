// The recording index in SQLite: one row per file, the open file's end kept current, runs computed by query.
import type { Db } from '../db/index.js';
import type { Statement } from 'better-sqlite3';

export interface RecordingRow {
  readonly id: number;
  readonly cameraId: string;
  readonly stream: string;
  readonly startMs: number;
  readonly endMs: number;
  readonly bytes: number;
  /** Relative to the data dir, '/'-separated. */
  readonly path: string;
  readonly open: boolean;
  /** The media timeline restarts at this file (producer restart or new init). */
  readonly discontinuity: boolean;
}

export interface RecordedRun {
  readonly startMs: number;
  readonly endMs: number;
  readonly files: number;
}

export interface NewRecording {
  readonly cameraId: string;
  readonly stream?: string;
  readonly startMs: number;
  readonly endMs?: number;
  readonly bytes: number;
  readonly path: string;
  readonly open: boolean;
  readonly discontinuity?: boolean;
}

export interface Progress {
  readonly id: number;
  readonly endMs: number;
  readonly bytes: number;
}

/**
 * Longest file a range query looks back for. Files are cut every minute at a keyframe, so only a camera
 * with a GOP over ~14 minutes could make one longer; bounding the look-back keeps queries on the index range.
 */
export const MAX_FILE_MS = 15 * 60_000;

interface Row {
  id: number;
  camera_id: string;
  stream: string;
  start_ms: number;
  end_ms: number;
  bytes: number;
  path: string;
  state: 'open' | 'closed';
  discontinuity: number;
}

const COLUMNS = 'id, camera_id, stream, start_ms, end_ms, bytes, path, state, discontinuity';

/**
 * No evidence lock (see locks.ts) overlaps the file: one probe of evidence_locks(camera_id, from_ms, ...) per
 * candidate row, so retention skips locked footage by index and never reads it.
 */
const UNLOCKED = `NOT EXISTS (SELECT 1 FROM evidence_locks l
  WHERE l.camera_id = recordings.camera_id AND l.from_ms < recordings.end_ms AND l.to_ms > recordings.start_ms)`;

const toRow = (r: Row): RecordingRow => ({
  id: r.id,
  cameraId: r.camera_id,
  stream: r.stream,
  startMs: r.start_ms,
  endMs: r.end_ms,
  bytes: r.bytes,
  path: r.path,
  open: r.state === 'open',
  discontinuity: r.discontinuity === 1,
});

export class RecordingStore {
  private readonly s: Record<
    | 'insert'
    | 'progress'
    | 'close'
    | 'remove'
    | 'byId'
    | 'byPath'
    | 'openRows'
    | 'newest'
    | 'files'
    | 'runs'
    | 'cameras'
    | 'expired'
    | 'oldest'
    | 'sumFrom'
    | 'sumBetween'
    | 'maxId',
    Statement
  >;
  private readonly progressMany: (rows: readonly Progress[]) => void;
  /** Total bytes of rows with id < below (all closed): see totalBytes. */
  private settled: { below: number; total: number } | undefined;

  constructor(private readonly db: Db) {
    const range = `camera_id = @cameraId AND start_ms >= @lookback AND start_ms < @to AND end_ms > @from`;
    this.s = {
      insert: db.prepare(
        `INSERT INTO recordings (camera_id, stream, start_ms, end_ms, bytes, path, state, discontinuity)
         VALUES (@cameraId, @stream, @startMs, @endMs, @bytes, @path, @state, @discontinuity)`,
      ),
      progress: db.prepare(`UPDATE recordings SET end_ms = @endMs, bytes = @bytes WHERE id = @id`),
      close: db.prepare(`UPDATE recordings SET end_ms = @endMs, bytes = @bytes, state = 'closed' WHERE id = @id`),
      remove: db.prepare(`DELETE FROM recordings WHERE id = ? RETURNING bytes`),
      byId: db.prepare(`SELECT ${COLUMNS} FROM recordings WHERE id = ?`),
      byPath: db.prepare(`SELECT ${COLUMNS} FROM recordings WHERE path = ?`),
      openRows: db.prepare(`SELECT ${COLUMNS} FROM recordings WHERE state = 'open' ORDER BY start_ms`),
      newest: db.prepare(`SELECT ${COLUMNS} FROM recordings WHERE camera_id = ? ORDER BY start_ms DESC LIMIT 1`),
      files: db.prepare(`SELECT ${COLUMNS} FROM recordings WHERE ${range} ORDER BY start_ms`),
      // Runs without scanning files: a window over the index marks each file that starts a run, a running sum
      // numbers the runs, and grouping folds each run into one row.
      runs: db.prepare(
        `WITH f AS (
           SELECT start_ms, end_ms,
             CASE WHEN start_ms - LAG(end_ms) OVER (ORDER BY start_ms) < @gapMs THEN 0 ELSE 1 END AS brk
           FROM recordings WHERE ${range}),
         g AS (SELECT start_ms, end_ms, SUM(brk) OVER (ORDER BY start_ms ROWS UNBOUNDED PRECEDING) AS run FROM f)
         SELECT MIN(start_ms) AS startMs, MAX(end_ms) AS endMs, COUNT(*) AS files FROM g GROUP BY run ORDER BY startMs`,
      ),
      // Distinct cameras by skip-scan over the (camera_id, start_ms, ...) index: one probe per camera, not per row.
      cameras: db.prepare(
        `WITH RECURSIVE c(id) AS (
           SELECT MIN(camera_id) FROM recordings
           UNION ALL SELECT (SELECT MIN(camera_id) FROM recordings WHERE camera_id > c.id) FROM c WHERE c.id IS NOT NULL)
         SELECT id FROM c WHERE id IS NOT NULL`,
      ),
      expired: db.prepare(
        `SELECT ${COLUMNS} FROM recordings
         WHERE camera_id = @cameraId AND start_ms < @cutoff AND end_ms <= @cutoff AND state = 'closed' AND ${UNLOCKED}
         ORDER BY start_ms LIMIT @limit`,
      ),
      oldest: db.prepare(
        `SELECT ${COLUMNS} FROM recordings WHERE camera_id = ? AND state = 'closed' AND ${UNLOCKED}
         ORDER BY start_ms LIMIT ?`,
      ),
      sumFrom: db.prepare(`SELECT COALESCE(SUM(bytes), 0) AS total FROM recordings WHERE id >= ?`),
      sumBetween: db.prepare(`SELECT COALESCE(SUM(bytes), 0) AS total FROM recordings WHERE id >= ? AND id < ?`),
      maxId: db.prepare(`SELECT COALESCE(MAX(id), 0) AS id FROM recordings`),
    };
    this.progressMany = db.transaction((rows: readonly Progress[]) => {
      for (const row of rows) this.s.progress.run(row);
    });
  }

  insert(rec: NewRecording): number {
    const result = this.s.insert.run({
      cameraId: rec.cameraId,
      stream: rec.stream ?? 'main',
      startMs: Math.round(rec.startMs),
      endMs: Math.round(rec.endMs ?? rec.startMs),
      bytes: rec.bytes,
      path: rec.path,
      state: rec.open ? 'open' : 'closed',
      discontinuity: rec.discontinuity ? 1 : 0,
    });
    return Number(result.lastInsertRowid);
  }

  /** Many open files' progress in one transaction: one fsync-free commit per second for the whole hub. */
  updateProgress(rows: readonly Progress[]): void {
    if (rows.length > 0) this.progressMany(rows.map((r) => ({ ...r, endMs: Math.round(r.endMs) })));
  }

  close(id: number, endMs: number, bytes: number): void {
    this.s.close.run({ id, endMs: Math.round(endMs), bytes });
  }

  remove(id: number): void {
    const removed = this.s.remove.get(id) as { bytes: number } | undefined;
    if (removed && this.settled && id < this.settled.below) this.settled.total -= removed.bytes;
  }

  byId(id: number): RecordingRow | undefined {
    const row = this.s.byId.get(id) as Row | undefined;
    return row && toRow(row);
  }

  byPath(path: string): RecordingRow | undefined {
    const row = this.s.byPath.get(path) as Row | undefined;
    return row && toRow(row);
  }

  openRows(): RecordingRow[] {
    return (this.s.openRows.all() as Row[]).map(toRow);
  }

  newest(cameraId: string): RecordingRow | undefined {
    const row = this.s.newest.get(cameraId) as Row | undefined;
    return row && toRow(row);
  }

  /** Files overlapping [fromMs, toMs), oldest first. */
  files(cameraId: string, fromMs: number, toMs: number): RecordingRow[] {
    return (this.s.files.all({ cameraId, from: fromMs, to: toMs, lookback: fromMs - MAX_FILE_MS }) as Row[]).map(toRow);
  }

  /** Contiguous runs overlapping [fromMs, toMs): two files join when the next starts < gapMs after one ends. */
  runs(cameraId: string, fromMs: number, toMs: number, gapMs: number): RecordedRun[] {
    return this.s.runs.all({
      cameraId,
      from: fromMs,
      to: toMs,
      lookback: fromMs - MAX_FILE_MS,
      gapMs,
    }) as RecordedRun[];
  }

  cameras(): string[] {
    return (this.s.cameras.all() as { id: string }[]).map((r) => r.id);
  }

  /** Closed, unlocked files of a camera that ended at or before `cutoffMs`, oldest first. */
  expired(cameraId: string, cutoffMs: number, limit: number): RecordingRow[] {
    return (this.s.expired.all({ cameraId, cutoff: cutoffMs, limit }) as Row[]).map(toRow);
  }

  /**
   * The `limit` oldest closed files across all cameras that no evidence lock holds. Merged from each camera's oldest (index range
   * scans) rather than `ORDER BY start_ms` over the table, which has no index on start_ms alone.
   */
  oldest(limit: number): RecordingRow[] {
    const rows: RecordingRow[] = [];
    for (const cameraId of this.cameras()) rows.push(...(this.s.oldest.all(cameraId, limit) as Row[]).map(toRow));
    return rows.sort((a, b) => a.startMs - b.startMs).slice(0, limit);
  }

  /**
   * Bytes of all recordings. A plain SUM reads every row (≈0.4 s at 4 M rows, blocking the event loop), so
   * rows below the oldest open file, which never change again, are summed once and kept up to date on
   * delete; each call then sums only the recent rows by rowid range.
   */
  totalBytes(): number {
    const below = this.settledBoundary();
    const sum = (from: number, to?: number): number =>
      ((to === undefined ? this.s.sumFrom.get(from) : this.s.sumBetween.get(from, to)) as { total: number }).total;
    if (!this.settled) this.settled = { below, total: sum(0, below) };
    else if (below > this.settled.below) {
      this.settled.total += sum(this.settled.below, below);
      this.settled.below = below;
    }
    return this.settled.total + sum(this.settled.below);
  }

  /** First id that may still change: the oldest open file (always its camera's newest), else past the end. */
  private settledBoundary(): number {
    let below = (this.s.maxId.get() as { id: number }).id + 1;
    for (const cameraId of this.cameras()) {
      const newest = this.newest(cameraId);
      if (newest?.open) below = Math.min(below, newest.id);
    }
    return below;
  }

  transaction<T>(work: () => T): T {
    return this.db.transaction(work)();
  }
}
