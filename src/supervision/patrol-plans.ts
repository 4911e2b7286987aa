// Patrol plans per branch (frequency by credit grade, spot checks), checklist templates per production stage, and
// each enterprise's patrol points (a camera, or a PTZ preset of a dome camera, per stage).
import {
  DEFAULT_FREQUENCIES,
  PRODUCTION_STAGES,
  type ChecklistItem,
  type ChecklistTemplate,
  type GradeFrequencies,
  type PatrolPlanInput,
  type ProductionStage,
} from '../contracts/index.js';
import { cachedPrepare, type Db, type Prepare } from '../db/index.js';
import { DEFAULT_CHECKLISTS } from './default-checklists.js';

export interface StoredPlan {
  orgUnitId: string;
  frequencies: GradeFrequencies;
  spotChecksPerMonth: number;
  graceDays: number;
  updatedAt: number | null;
  updatedBy: string | null;
}

export interface StoredPoint {
  cameraId: string;
  stage: ProductionStage;
  presetToken: string | null;
  presetName: string | null;
}

interface PlanRow {
  org_unit_id: string;
  frequencies: string;
  spot_checks_per_month: number;
  grace_days: number;
  updated_at: number;
  updated_by: string | null;
}

const DAY_MS = 86_400_000;

/** The time between two patrols of an enterprise of that frequency. */
export const intervalMs = (frequency: { count: number; periodDays: number }): number =>
  (frequency.periodDays / frequency.count) * DAY_MS;

export class PatrolPlans {
  private readonly sql: Prepare;

  constructor(db: Db) {
    this.sql = cachedPrepare(db);
  }

  /** A branch's plan; a branch that never set one patrols by the defaults (D three a week … A monthly). */
  plan(orgUnitId: string): StoredPlan {
    const row = this.sql('SELECT * FROM patrol_plans WHERE org_unit_id = ?').get(orgUnitId) as PlanRow | undefined;
    if (!row) {
      return {
        orgUnitId,
        frequencies: DEFAULT_FREQUENCIES,
        spotChecksPerMonth: 0,
        graceDays: 2,
        updatedAt: null,
        updatedBy: null,
      };
    }
    return {
      orgUnitId,
      frequencies: JSON.parse(row.frequencies) as GradeFrequencies,
      spotChecksPerMonth: row.spot_checks_per_month,
      graceDays: row.grace_days,
      updatedAt: row.updated_at,
      updatedBy: row.updated_by,
    };
  }

  setPlan(input: Required<PatrolPlanInput>, by: string, now = Date.now()): StoredPlan {
    this.sql(
      `INSERT INTO patrol_plans (org_unit_id, frequencies, spot_checks_per_month, grace_days, updated_at, updated_by)
         VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (org_unit_id) DO UPDATE SET frequencies = excluded.frequencies,
         spot_checks_per_month = excluded.spot_checks_per_month, grace_days = excluded.grace_days,
         updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
    ).run(input.orgUnitId, JSON.stringify(input.frequencies), input.spotChecksPerMonth, input.graceDays, now, by);
    return this.plan(input.orgUnitId);
  }

  /** Every stage's checklist: the admins' version where one was saved, else the built-in one. */
  templates(): ChecklistTemplate[] {
    return PRODUCTION_STAGES.map((stage) => this.template(stage));
  }

  template(stage: ProductionStage): ChecklistTemplate {
    const row = this.sql('SELECT items, updated_at FROM checklist_templates WHERE stage = ?').get(stage) as
      { items: string; updated_at: number } | undefined;
    return row
      ? { stage, items: JSON.parse(row.items) as ChecklistItem[], updatedAt: new Date(row.updated_at).toISOString() }
      : { stage, items: DEFAULT_CHECKLISTS[stage], updatedAt: null };
  }

  setTemplate(stage: ProductionStage, items: ChecklistItem[], by: string, now = Date.now()): ChecklistTemplate {
    this.sql(
      `INSERT INTO checklist_templates (stage, items, updated_at, updated_by) VALUES (?, ?, ?, ?)
       ON CONFLICT (stage) DO UPDATE SET items = excluded.items, updated_at = excluded.updated_at,
         updated_by = excluded.updated_by`,
    ).run(stage, JSON.stringify(items), now, by);
    return this.template(stage);
  }

  /** The enterprise's points as set, in order; empty when none were set (then every camera is one point). */
  points(enterpriseId: string): StoredPoint[] {
    const rows = this.sql(
      'SELECT camera_id, stage, preset_token, preset_name FROM patrol_points WHERE enterprise_id = ? ORDER BY position',
    ).all(enterpriseId) as Array<{
      camera_id: string;
      stage: ProductionStage;
      preset_token: string | null;
      preset_name: string | null;
    }>;
    return rows.map((row) => ({
      cameraId: row.camera_id,
      stage: row.stage,
      presetToken: row.preset_token,
      presetName: row.preset_name,
    }));
  }

  setPoints(enterpriseId: string, points: readonly StoredPoint[]): void {
    this.sql('DELETE FROM patrol_points WHERE enterprise_id = ?').run(enterpriseId);
    points.forEach((point, position) => {
      this.sql(
        `INSERT INTO patrol_points (enterprise_id, position, camera_id, stage, preset_token, preset_name)
           VALUES (?, ?, ?, ?, ?, ?)`,
      ).run(enterpriseId, position, point.cameraId, point.stage, point.presetToken, point.presetName);
    });
  }
}
