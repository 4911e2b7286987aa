// The daily roll-up: once a day is over (and has settled), every enabled camera's score for it is stored; late facts
// queued by the triggers rescore just the camera-days they touch. A long backfill yields between chunks of cameras, so
// the hub keeps serving while it runs.
import { setImmediate as nextTurn } from 'node:timers/promises';
import { cachedPrepare, type Db, type Prepare } from '../db/index.js';
import type { Logger } from '../shared/logger.js';
import { addDays, dayStart, localDay } from '../shared/local-day.js';
import type { Service } from '../shared/service.js';
import type { CameraDayScore } from './camera-day.js';
import type { DayScores } from './day-scores.js';
import type { ScoreStore } from './score-store.js';

export interface ScoreRollupOptions {
  db: Db;
  store: ScoreStore;
  scores: DayScores;
  now: () => number;
  /** Days scored back from yesterday on the very first run (the history a hub has when scoring starts). */
  backfillDays: number;
  /** A day is scored this long after it ended: the last recording segments and status changes have been written. */
  settleMs?: number;
  /** How often the roll-up looks for days to score. */
  intervalMs?: number;
  /** Days newly scored (oldest first), after they are stored: the threshold check runs on them. */
  onScored?: (days: readonly string[]) => void;
  logger?: Logger;
}

export interface RollupResult {
  /** Days scored for the first time. */
  days: string[];
  /** Camera-days scored, first time or again. */
  cameraDays: number;
}

interface CameraRow {
  id: string;
  enterprise_id: string;
  created_at: number;
}

const CHUNK = 50;

export class ScoreRollup implements Service {
  readonly name = 'score-rollup';
  private readonly sql: Prepare;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<RollupResult> | undefined;

  constructor(private readonly options: ScoreRollupOptions) {
    this.sql = cachedPrepare(options.db);
  }

  start(): void {
    const run = (): void => {
      this.run().catch((error: unknown) => this.options.logger?.error({ err: error }, 'score roll-up failed'));
    };
    run();
    this.timer = setInterval(run, this.options.intervalMs ?? 3_600_000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** Scores the days that are over and not yet scored, then the late facts; one run at a time. */
  run(): Promise<RollupResult> {
    this.running ??= this.rollUp().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async rollUp(): Promise<RollupResult> {
    const { store, now } = this.options;
    const lastOver = addDays(localDay(new Date(now() - (this.options.settleMs ?? 15 * 60_000))), -1);
    const cameras = this.sql(
      'SELECT id, enterprise_id, created_at FROM cameras WHERE enabled = 1',
    ).all() as CameraRow[];
    const through = store.scoredThrough()?.day ?? addDays(lastOver, -this.options.backfillDays);
    const days: string[] = [];
    let cameraDays = 0;
    for (let day = addDays(through, 1); day <= lastOver; day = addDays(day, 1)) {
      // A camera counts from the day after it was registered: its first day was never whole.
      const scored = await this.scoreAll(
        cameras.filter((camera) => localDay(new Date(camera.created_at)) < day),
        day,
      );
      store.storeDay({ day, untilMs: dayStart(addDays(day, 1)).getTime() }, scored, now());
      days.push(day);
      cameraDays += scored.length;
    }
    cameraDays += await this.rescoreStale(cameras);
    if (days.length > 0) this.options.onScored?.(days);
    return { days, cameraDays };
  }

  /** The camera-days late facts touched, up to the last scored day. */
  private async rescoreStale(cameras: readonly CameraRow[]): Promise<number> {
    const through = this.options.store.scoredThrough()?.day;
    const stale = this.options.store.takeStale();
    if (!through || stale.length === 0) return 0;
    const daysOf = new Map<string, Set<string>>();
    for (const mark of stale) {
      const days = daysOf.get(mark.cameraId) ?? new Set<string>();
      daysOf.set(mark.cameraId, days);
      // A late status change holds until the next one: every scored day from it on may change.
      if (mark.day !== null) days.add(mark.day);
      else for (let day = localDay(new Date(mark.fromMs ?? 0)); day <= through; day = addDays(day, 1)) days.add(day);
    }
    let count = 0;
    for (const [cameraId, days] of daysOf) {
      const camera = cameras.find((candidate) => candidate.id === cameraId);
      if (!camera) continue;
      const scored: Array<{ cameraId: string; enterpriseId: string; score: CameraDayScore }> = [];
      for (const day of [...days].filter((day) => day <= through).sort()) {
        const score = this.options.scores.score(camera.id, dayStart(day));
        if (score) scored.push({ cameraId: camera.id, enterpriseId: camera.enterprise_id, score });
      }
      this.options.store.store(scored, this.options.now());
      count += scored.length;
      await nextTurn();
    }
    return count;
  }

  private async scoreAll(cameras: readonly CameraRow[], day: string) {
    const scored: Array<{ cameraId: string; enterpriseId: string; score: CameraDayScore }> = [];
    for (let i = 0; i < cameras.length; i += 1) {
      const camera = cameras[i] as CameraRow;
      const score = this.options.scores.score(camera.id, dayStart(day));
      if (score) scored.push({ cameraId: camera.id, enterpriseId: camera.enterprise_id, score });
      if ((i + 1) % CHUNK === 0) await nextTurn();
    }
    return scored;
  }
}
