// Evidence locks: camera time ranges a locked case holds; retention's queries skip the files they overlap.
import type { Statement } from 'better-sqlite3';
import type { Db } from '../db/index.js';
import { MAX_FILE_MS } from './store.js';

/** One locked range of a camera's footage, named by the case and the case item that hold it. */
export interface LockedRange {
  readonly itemId: string;
  readonly cameraId: string;
  readonly fromMs: number;
  readonly toMs: number;
}

/** Files and bytes of recordings that a lock (or all locks) holds now; a file held twice is counted once. */
export interface LockedSpace {
  readonly files: number;
  readonly bytes: number;
}

/** The recordings overlapping a lock row `l`, found by the (camera_id, start_ms) index with a bounded look-back. */
const HELD = `SELECT r.id FROM evidence_locks l JOIN recordings r ON r.camera_id = l.camera_id
  AND r.start_ms >= l.from_ms - ${MAX_FILE_MS} AND r.start_ms < l.to_ms AND r.end_ms > l.from_ms`;
const SPACE = 'SELECT COUNT(*) AS files, COALESCE(SUM(bytes), 0) AS bytes FROM recordings WHERE id IN';

export class EvidenceLocks {
  private readonly s: Record<'insert' | 'clear' | 'caseSpace' | 'totalSpace' | 'cases' | 'ranges', Statement>;
  private readonly replace: (caseId: string, ranges: readonly LockedRange[]) => void;

  constructor(db: Db) {
    this.s = {
      insert: db.prepare(
        `INSERT INTO evidence_locks (case_id, item_id, camera_id, from_ms, to_ms)
         VALUES (@caseId, @itemId, @cameraId, @fromMs, @toMs)`,
      ),
      clear: db.prepare('DELETE FROM evidence_locks WHERE case_id = ?'),
      caseSpace: db.prepare(`${SPACE} (${HELD} WHERE l.case_id = ?)`),
      totalSpace: db.prepare(`${SPACE} (${HELD})`),
      cases: db.prepare('SELECT DISTINCT case_id AS caseId FROM evidence_locks'),
      ranges: db.prepare(
        `SELECT item_id AS itemId, camera_id AS cameraId, from_ms AS fromMs, to_ms AS toMs
         FROM evidence_locks WHERE case_id = ? ORDER BY camera_id, from_ms`,
      ),
    };
    this.replace = db.transaction((caseId: string, ranges: readonly LockedRange[]) => {
      this.s.clear.run(caseId);
      for (const range of ranges) this.s.insert.run({ caseId, ...range });
    });
  }

  /** Holds the ranges for the case (replacing what it held); retention skips them from its next query on. */
  lock(caseId: string, ranges: readonly LockedRange[]): void {
    this.replace(caseId, ranges);
  }

  /** Lets the case's footage go: the next sweep may delete it by the usual rules. */
  release(caseId: string): void {
    this.s.clear.run(caseId);
  }

  ranges(caseId: string): LockedRange[] {
    return this.s.ranges.all(caseId) as LockedRange[];
  }

  /** Space held by one case, or by every lock together (counted once per file). */
  space(caseId?: string): LockedSpace {
    return (caseId === undefined ? this.s.totalSpace.get() : this.s.caseSpace.get(caseId)) as LockedSpace;
  }

  /** Space held per locked case, for /metrics. */
  byCase(): Array<{ caseId: string } & LockedSpace> {
    return (this.s.cases.all() as Array<{ caseId: string }>).map(({ caseId }) => ({ caseId, ...this.space(caseId) }));
  }
}
