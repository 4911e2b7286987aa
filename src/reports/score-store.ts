// Stored camera-day scores: written once a day is over (and again when late facts correct it), summed per enterprise
// for roll-ups, and the queue of late facts the triggers of migration 14 fill.
import { cachedPrepare, type Db, type Prepare } from '../db/index.js';
import type { CameraDayScore } from './camera-day.js';

/** Production, online and recorded time summed over some camera-days. */
export interface ScoreTotals {
  cameras: number;
  productionMinutes: number;
  onlineMinutes: number;
  recordedSeconds: number;
}

/** A scored day up to which every camera-day is stored, and where that day ends. */
export interface ScoredThrough {
  day: string;
  untilMs: number;
}

/** A late fact: a camera's days from `fromMs` on, or one `day`, need scoring again. */
export interface StaleMark {
  cameraId: string;
  fromMs: number | null;
  day: string | null;
}

interface TotalsRow {
  cameras: number;
  production: number | null;
  online: number | null;
  recorded: number | null;
}

const totals = (row: TotalsRow | undefined): ScoreTotals => ({
  cameras: row?.cameras ?? 0,
  productionMinutes: row?.production ?? 0,
  onlineMinutes: row?.online ?? 0,
  recordedSeconds: row?.recorded ?? 0,
});

const SUMS = `COUNT(DISTINCT camera_id) AS cameras, SUM(production_minutes) AS production,
  SUM(online_minutes) AS online, SUM(recorded_seconds) AS recorded`;

export class ScoreStore {
  private readonly sql: Prepare;

  constructor(private readonly db: Db) {
    this.sql = cachedPrepare(db);
  }

  scoredThrough(): ScoredThrough | undefined {
    const row = this.sql('SELECT scored_through, scored_until_ms FROM score_state WHERE id = 1').get() as
      { scored_through: string; scored_until_ms: number } | undefined;
    return row && { day: row.scored_through, untilMs: row.scored_until_ms };
  }

  /** Stores a day's scores and moves the mark past it, in one transaction. */
  storeDay(
    day: ScoredThrough,
    scores: ReadonlyArray<{ cameraId: string; enterpriseId: string; score: CameraDayScore }>,
    now: number,
  ): void {
    this.db.transaction(() => {
      this.store(scores, now);
      this.sql(
        `INSERT INTO score_state (id, scored_through, scored_until_ms) VALUES (1, ?, ?)
         ON CONFLICT (id) DO UPDATE SET scored_through = excluded.scored_through, scored_until_ms = excluded.scored_until_ms`,
      ).run(day.day, day.untilMs);
    })();
  }

  store(scores: ReadonlyArray<{ cameraId: string; enterpriseId: string; score: CameraDayScore }>, now: number): void {
    const upsert = this.sql(
      `INSERT INTO camera_day_scores (camera_id, day, enterprise_id, production_minutes, online_minutes,
         recorded_seconds, computed_at) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (camera_id, day) DO UPDATE SET enterprise_id = excluded.enterprise_id,
         production_minutes = excluded.production_minutes, online_minutes = excluded.online_minutes,
         recorded_seconds = excluded.recorded_seconds, computed_at = excluded.computed_at`,
    );
    this.db.transaction(() => {
      for (const { cameraId, enterpriseId, score } of scores) {
        upsert.run(
          cameraId,
          score.day,
          enterpriseId,
          score.productionMinutes,
          score.onlineMinutes,
          score.recordedSeconds,
          now,
        );
      }
    })();
  }

  /** Takes the queued late facts (the queue is emptied). */
  takeStale(): StaleMark[] {
    return this.db.transaction(() => {
      const rows = this.sql('SELECT camera_id, from_ms, day FROM score_stale').all() as Array<{
        camera_id: string;
        from_ms: number | null;
        day: string | null;
      }>;
      this.sql('DELETE FROM score_stale').run();
      return rows.map((row) => ({ cameraId: row.camera_id, fromMs: row.from_ms, day: row.day }));
    })();
  }

  /** Totals per enterprise over the days `from`–`to` (inclusive, `YYYY-MM-DD`). */
  byEnterprise(from: string, to: string): Map<string, ScoreTotals> {
    const rows = this.sql(
      `SELECT enterprise_id, ${SUMS} FROM camera_day_scores WHERE day >= ? AND day <= ? GROUP BY enterprise_id`,
    ).all(from, to) as Array<TotalsRow & { enterprise_id: string }>;
    return new Map(rows.map((row) => [row.enterprise_id, totals(row)]));
  }

  /** Totals per camera of one enterprise over the days `from`–`to`. */
  byCamera(enterpriseId: string, from: string, to: string): Map<string, ScoreTotals> {
    const rows = this.sql(
      `SELECT camera_id, ${SUMS} FROM camera_day_scores WHERE enterprise_id = ? AND day >= ? AND day <= ?
       GROUP BY camera_id`,
    ).all(enterpriseId, from, to) as Array<TotalsRow & { camera_id: string }>;
    return new Map(rows.map((row) => [row.camera_id, totals(row)]));
  }

  /** Totals per day of one enterprise over the days `from`–`to`, oldest first. */
  enterpriseDays(enterpriseId: string, from: string, to: string): Array<{ day: string } & ScoreTotals> {
    const rows = this.sql(
      `SELECT day, ${SUMS} FROM camera_day_scores WHERE enterprise_id = ? AND day >= ? AND day <= ?
       GROUP BY day ORDER BY day`,
    ).all(enterpriseId, from, to) as Array<TotalsRow & { day: string }>;
    return rows.map((row) => ({ day: row.day, ...totals(row) }));
  }

  /** Totals per day over `from`–`to` of the enterprises of one branch (or all, when null), oldest first. */
  days(from: string, to: string, orgUnitId: string | null): Array<{ day: string } & ScoreTotals> {
    const rows = this.sql(
      `SELECT s.day, COUNT(DISTINCT s.camera_id) AS cameras, SUM(s.production_minutes) AS production,
         SUM(s.online_minutes) AS online, SUM(s.recorded_seconds) AS recorded
       FROM camera_day_scores s JOIN enterprises e ON e.id = s.enterprise_id
       WHERE s.day >= @from AND s.day <= @to AND (@unit IS NULL OR e.org_unit_id = @unit)
       GROUP BY s.day ORDER BY s.day`,
    ).all({ from, to, unit: orgUnitId }) as Array<TotalsRow & { day: string }>;
    return rows.map((row) => ({ day: row.day, ...totals(row) }));
  }

  /** The enterprise's last `count` days with production up to `through`, newest first. */
  recentProductionDays(enterpriseId: string, through: string, count: number): Array<{ day: string } & ScoreTotals> {
    const rows = this.sql(
      `SELECT day, ${SUMS} FROM camera_day_scores WHERE enterprise_id = ? AND day <= ?
       GROUP BY day HAVING SUM(production_minutes) > 0 ORDER BY day DESC LIMIT ?`,
    ).all(enterpriseId, through, count) as Array<TotalsRow & { day: string }>;
    return rows.map((row) => ({ day: row.day, ...totals(row) }));
  }

  /** Enterprises with any score on `day`. */
  enterprisesOn(day: string): string[] {
    return (
      this.sql('SELECT DISTINCT enterprise_id FROM camera_day_scores WHERE day = ?').all(day) as Array<{
        enterprise_id: string;
      }>
    ).map((row) => row.enterprise_id);
  }

  /** One camera's stored days from `from` to `to`, oldest first. */
  cameraDays(cameraId: string, from: string, to: string): CameraDayScore[] {
    const rows = this.sql(
      `SELECT day, production_minutes, online_minutes, recorded_seconds FROM camera_day_scores
       WHERE camera_id = ? AND day >= ? AND day <= ? ORDER BY day`,
    ).all(cameraId, from, to) as Array<{
      day: string;
      production_minutes: number;
      online_minutes: number;
      recorded_seconds: number;
    }>;
    return rows.map((row) => ({
      day: row.day,
      productionMinutes: row.production_minutes,
      onlineMinutes: row.online_minutes,
      recordedSeconds: row.recorded_seconds,
    }));
  }

  /** One camera's stored day, if scored. */
  cameraDay(cameraId: string, day: string): CameraDayScore | undefined {
    return this.cameraDays(cameraId, day, day)[0];
  }
}
