// Enterprise supervision profiles: production days and hours, contacts, required stages, and declared closures.
import type {
  Closure,
  Contact,
  EnterpriseProfile,
  EnterpriseProfileInput,
  ProductionStage,
} from '../contracts/index.js';
import { cachedPrepare, type Db, type Prepare } from '../db/index.js';
import type { ProductionDeclaration } from '../reports/index.js';
import { VigilError } from '../shared/errors.js';
import { localDay } from '../shared/local-day.js';

/** The places that show an enterprise's stages: its patrol points (a camera, or a preset of a dome camera). */
export type CoveragePoints = (
  enterpriseId: string,
) => ReadonlyArray<{ cameraId: string; cameraName: string; presetName: string | null; stage: ProductionStage }>;

interface ProfileRow {
  production_weekdays: string;
  production_start: string;
  production_end: string;
  contacts: string;
  required_stages: string;
  recordings_open: number;
}

interface ClosureRow {
  day: string;
  reason: string | null;
  declared_by: string | null;
  declared_at: number;
}

/** The profile an enterprise has before anyone set one: weekdays, 08:00–17:00, nothing required. */
const DEFAULT_ROW: ProfileRow = {
  production_weekdays: '[1,2,3,4,5]',
  production_start: '08:00',
  production_end: '17:00',
  contacts: '[]',
  required_stages: '[]',
  recordings_open: 0,
};

const CLOSURES_SHOWN_DAYS = 30;

export class ProfileStore {
  private readonly sql: Prepare;

  constructor(
    db: Db,
    private readonly pointsOf: CoveragePoints,
  ) {
    this.sql = cachedPrepare(db);
  }

  get(enterpriseId: string, now = Date.now()): EnterpriseProfile {
    const row = this.row(enterpriseId);
    const requiredStages = JSON.parse(row.required_stages) as ProductionStage[];
    const points = this.pointsOf(enterpriseId);
    return {
      enterpriseId,
      productionWeekdays: JSON.parse(row.production_weekdays) as number[],
      productionStart: row.production_start,
      productionEnd: row.production_end,
      contacts: JSON.parse(row.contacts) as Contact[],
      requiredStages,
      coverage: requiredStages.map((stage) => ({
        stage,
        cameras: points
          .filter((point) => point.stage === stage)
          .map((point) => ({
            id: point.cameraId,
            name: point.presetName ? `${point.cameraName} · ${point.presetName}` : point.cameraName,
          })),
      })),
      recordingsOpen: row.recordings_open === 1,
      closures: this.closures(enterpriseId, dayOf(now - CLOSURES_SHOWN_DAYS * 86_400_000)),
    };
  }

  /** Applies the fields given; production must start before it ends (a night shift is two declared spans later). */
  update(enterpriseId: string, input: EnterpriseProfileInput, now = Date.now()): EnterpriseProfile {
    const current = this.get(enterpriseId, now);
    const next = { ...current, ...input };
    if (next.productionStart >= next.productionEnd) {
      throw new VigilError('VIGIL_VALIDATION', 'productionEnd: production must end after it starts', {
        details: [{ path: 'productionEnd', message: 'must be after productionStart' }],
      });
    }
    this.sql(
      `INSERT INTO enterprise_profiles (enterprise_id, production_weekdays, production_start, production_end, contacts,
         required_stages, recordings_open, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (enterprise_id) DO UPDATE SET production_weekdays = excluded.production_weekdays,
         production_start = excluded.production_start, production_end = excluded.production_end,
         contacts = excluded.contacts, required_stages = excluded.required_stages,
         recordings_open = excluded.recordings_open, updated_at = excluded.updated_at`,
    ).run(
      enterpriseId,
      JSON.stringify([...next.productionWeekdays].sort()),
      next.productionStart,
      next.productionEnd,
      JSON.stringify(next.contacts),
      JSON.stringify(next.requiredStages),
      next.recordingsOpen ? 1 : 0,
      now,
    );
    return this.get(enterpriseId, now);
  }

  /** What the enterprise declared, as scores read it: production weekdays and hours, and every closure. */
  declaration(enterpriseId: string): ProductionDeclaration {
    const row = this.row(enterpriseId);
    const closures = this.sql('SELECT day FROM enterprise_closures WHERE enterprise_id = ?').all(
      enterpriseId,
    ) as Array<{
      day: string;
    }>;
    return {
      productionWeekdays: JSON.parse(row.production_weekdays) as number[],
      productionStart: row.production_start,
      productionEnd: row.production_end,
      closures: new Set(closures.map((closure) => closure.day)),
    };
  }

  /** Declares a day without production (again: the reason is replaced). */
  declareClosure(enterpriseId: string, day: string, reason: string | undefined, by: string, now = Date.now()): void {
    this.sql(
      `INSERT INTO enterprise_closures (enterprise_id, day, reason, declared_by, declared_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (enterprise_id, day) DO UPDATE SET reason = excluded.reason, declared_by = excluded.declared_by,
         declared_at = excluded.declared_at`,
    ).run(enterpriseId, day, reason ?? null, by, now);
  }

  removeClosure(enterpriseId: string, day: string): void {
    const removed = this.sql('DELETE FROM enterprise_closures WHERE enterprise_id = ? AND day = ?').run(
      enterpriseId,
      day,
    ).changes;
    if (removed === 0) throw new VigilError('VIGIL_NOT_FOUND', `No declared closure on ${day}`);
  }

  /** Closures from `fromDay` on, oldest first. */
  closures(enterpriseId: string, fromDay = '0000-00-00'): Closure[] {
    const rows = this.sql(
      'SELECT day, reason, declared_by, declared_at FROM enterprise_closures WHERE enterprise_id = ? AND day >= ? ORDER BY day',
    ).all(enterpriseId, fromDay) as ClosureRow[];
    return rows.map((row) => ({
      day: row.day,
      reason: row.reason,
      declaredBy: row.declared_by,
      declaredAt: new Date(row.declared_at).toISOString(),
    }));
  }

  private row(enterpriseId: string): ProfileRow {
    return (
      (this.sql('SELECT * FROM enterprise_profiles WHERE enterprise_id = ?').get(enterpriseId) as
        ProfileRow | undefined) ?? DEFAULT_ROW
    );
  }
}

const dayOf = (at: number): string => localDay(new Date(at));
