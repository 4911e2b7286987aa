// Camera-day scores read from the hub's own facts: the status events of the camera's main stream (and the hub's
// starts) in the event log, and the recording index; the production window from the enterprise's profile.
import { cachedPrepare, type Db, type Prepare } from '../db/index.js';
import { localDay } from '../shared/local-day.js';
import {
  cameraDayScore,
  onlineIntervals,
  productionWindow,
  type CameraDayScore,
  type ProductionDeclaration,
  type StatusChange,
} from './camera-day.js';

const STATUS_OF: Record<string, StatusChange['status']> = {
  'camera.online': 'online',
  'camera.offline': 'offline',
  'camera.reconnecting': 'reconnecting',
  'hub.started': 'hub-started',
};

/**
 * Status events of a camera's main stream, and the starts of the hub that runs it (which end what was known of its
 * cameras: at a center, a branch's start, mirrored with the branch as origin, ends what was known of that branch's
 * cameras only): two queries, each on its own index (camera and time, type and time), rather than one OR that would
 * walk the whole log; `+type` keeps the first off the type index, which would walk every camera's events of that type.
 */
const SOURCES = [
  `SELECT id, at, type FROM events WHERE camera_id = @camera AND at >= @from AND at < @to
     AND +type IN ('camera.online', 'camera.offline', 'camera.reconnecting') AND json_extract(data, '$.stream') = 'main'`,
  `SELECT id, at, type FROM events WHERE type = 'hub.started' AND at >= @from AND at < @to AND origin IS @origin`,
] as const;

interface ChangeRow {
  id: number;
  at: number;
  type: string;
}

const byTime = (a: ChangeRow, b: ChangeRow): number => a.at - b.at || a.id - b.id;

export interface DayScoreSources {
  /** The enterprise a camera belongs to. */
  enterpriseOf(cameraId: string): string | undefined;
  /** The branch hub a camera is mirrored from (null: this hub's own); its starts are the ones that count. */
  originOf?(cameraId: string): string | null;
  /** What the enterprise declared: weekdays, hours, closures. */
  declarationOf(enterpriseId: string): ProductionDeclaration;
}

export class DayScores {
  private readonly sql: Prepare;

  constructor(
    db: Db,
    private readonly sources: DayScoreSources,
  ) {
    this.sql = cachedPrepare(db);
  }

  /** The camera's score for the local day that starts at `dayStart` (local midnight). */
  score(cameraId: string, dayStart: Date): CameraDayScore | undefined {
    const enterpriseId = this.sources.enterpriseOf(cameraId);
    if (!enterpriseId) return undefined;
    const from = dayStart.getTime();
    const next = new Date(dayStart);
    next.setDate(next.getDate() + 1);
    const to = next.getTime();
    const origin = this.sources.originOf?.(cameraId) ?? null;
    // The last change before the day (from the start of the log) and the changes within it, from both sources.
    const lastBefore = SOURCES.map(
      (sql) =>
        this.sql(`${sql} ORDER BY at DESC, id DESC LIMIT 1`).get({ camera: cameraId, origin, from: 0, to: from }) as
          ChangeRow | undefined,
    )
      .filter((row): row is ChangeRow => row !== undefined)
      .sort(byTime)
      .at(-1);
    const changes = SOURCES.flatMap((sql) => this.sql(sql).all({ camera: cameraId, origin, from, to }) as ChangeRow[])
      .sort(byTime)
      .map((row) => ({ at: row.at, status: STATUS_OF[row.type] as StatusChange['status'] }));
    const recorded = (
      this.sql(
        `SELECT start_ms, end_ms FROM recordings WHERE camera_id = ? AND stream = 'main' AND end_ms > ? AND start_ms < ?`,
      ).all(cameraId, from, to) as Array<{ start_ms: number; end_ms: number }>
    ).map((row) => [row.start_ms, row.end_ms] as const);
    const window = productionWindow(this.sources.declarationOf(enterpriseId), dayStart);
    const online = onlineIntervals(lastBefore && STATUS_OF[lastBefore.type], changes, from, to);
    return cameraDayScore(localDay(dayStart), window, online, recorded);
  }
}
