// Image checks and reference pictures in SQLite: every check's verdict and figures, and each camera's chosen view.
import type { ImageCheck, ImageMetrics, ImageReference, ImageVerdict } from '../contracts/index.js';
import { cachedPrepare, type Db, type Prepare } from '../db/index.js';

export type CheckTrigger = ImageCheck['trigger'];

interface CheckRow {
  id: number;
  camera_id: string;
  at: number;
  verdict: ImageVerdict;
  trigger: CheckTrigger;
  metrics: string;
}

interface ReferenceRow {
  camera_id: string;
  path: string;
  sha256: string;
  taken_at: number;
  taken_by: string | null;
  taken_by_name: string | null;
}

/** A stored reference: where its file is (relative to the data dir) besides what the API shows. */
export type StoredReference = ImageReference & { path: string };

const toCheck = (row: CheckRow): ImageCheck => ({
  id: row.id,
  cameraId: row.camera_id,
  at: new Date(row.at).toISOString(),
  verdict: row.verdict,
  trigger: row.trigger,
  metrics: JSON.parse(row.metrics) as ImageMetrics,
});

export class ImageCheckStore {
  private readonly sql: Prepare;

  constructor(db: Db) {
    this.sql = cachedPrepare(db);
  }

  add(cameraId: string, at: number, verdict: ImageVerdict, trigger: CheckTrigger, metrics: ImageMetrics): ImageCheck {
    const result = this.sql(
      'INSERT INTO image_checks (camera_id, at, verdict, trigger, metrics) VALUES (?, ?, ?, ?, ?)',
    ).run(cameraId, at, verdict, trigger, JSON.stringify(metrics));
    return { id: Number(result.lastInsertRowid), cameraId, at: new Date(at).toISOString(), verdict, trigger, metrics };
  }

  /** The camera's checks, newest first. */
  history(cameraId: string, limit: number): ImageCheck[] {
    const rows = this.sql('SELECT * FROM image_checks WHERE camera_id = ? ORDER BY at DESC, id DESC LIMIT ?').all(
      cameraId,
      limit,
    ) as CheckRow[];
    return rows.map(toCheck);
  }

  latest(cameraId: string): ImageCheck | undefined {
    return this.history(cameraId, 1)[0];
  }

  /** Every camera's latest check (the highest id: checks are written in the order they finish). */
  latestOfAll(): ImageCheck[] {
    const rows = this.sql(
      `SELECT i.* FROM image_checks i
       JOIN (SELECT camera_id, MAX(id) AS id FROM image_checks GROUP BY camera_id) latest ON latest.id = i.id
       ORDER BY i.at DESC`,
    ).all() as CheckRow[];
    return rows.map(toCheck);
  }

  /** The cameras checked by `trigger` at or after `from` (epoch ms). */
  checkedSince(from: number, trigger: CheckTrigger): Set<string> {
    const rows = this.sql('SELECT DISTINCT camera_id FROM image_checks WHERE at >= ? AND trigger = ?').all(
      from,
      trigger,
    ) as Array<{ camera_id: string }>;
    return new Set(rows.map((row) => row.camera_id));
  }

  reference(cameraId: string): StoredReference | undefined {
    const row = this.sql('SELECT * FROM image_references WHERE camera_id = ?').get(cameraId) as
      ReferenceRow | undefined;
    return (
      row && {
        cameraId: row.camera_id,
        takenAt: new Date(row.taken_at).toISOString(),
        takenBy: row.taken_by_name,
        sha256: row.sha256,
        path: row.path,
      }
    );
  }

  /** Replaces the camera's reference; gives the path of the one it replaced (its file is the caller's to remove). */
  setReference(
    cameraId: string,
    file: { path: string; sha256: string },
    at: number,
    by: { userId: string; username: string } | undefined,
  ): string | undefined {
    const previous = this.reference(cameraId)?.path;
    this.sql(
      `INSERT INTO image_references (camera_id, path, sha256, taken_at, taken_by, taken_by_name)
       VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (camera_id) DO UPDATE SET path = excluded.path, sha256 = excluded.sha256,
         taken_at = excluded.taken_at, taken_by = excluded.taken_by, taken_by_name = excluded.taken_by_name`,
    ).run(cameraId, file.path, file.sha256, at, by?.userId ?? null, by?.username ?? null);
    return previous === file.path ? undefined : previous;
  }
}
