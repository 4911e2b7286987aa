// Patrol tasks: the next patrol of every enterprise, planned from its branch's plan and its credit grade, plus random
// spot checks; assigned to the branch's inspectors; overdue ones flagged once each day.
import type { CreditGrade, PatrolTask } from '../contracts/index.js';
import { cachedPrepare, type Db, type Prepare } from '../db/index.js';
import { newId } from '../shared/ids.js';
import { intervalMs, type PatrolPlans } from './patrol-plans.js';

const DAY_MS = 86_400_000;

export interface TaskRow {
  id: string;
  org_unit_id: string;
  enterprise_id: string;
  kind: 'scheduled' | 'spot';
  due_at: number;
  assigned_to: string | null;
  state: 'open' | 'done' | 'canceled';
  record_id: string | null;
  overdue_flagged_at: number | null;
  created_at: number;
}

/** What planning reads of the organisation: the branches' own enterprises and their inspectors. */
export interface PlanningOrg {
  enterprises(): ReadonlyArray<{ id: string; orgUnitId: string; name: string; creditGrade: CreditGrade }>;
  inspectors(orgUnitId: string): ReadonlyArray<{ id: string; name: string }>;
  enterpriseName(id: string): string | undefined;
  userName(id: string): string | undefined;
}

export interface TaskFilter {
  /** Only tasks of these branches (undefined: all). */
  orgUnitIds?: readonly string[] | undefined;
  enterpriseId?: string | undefined;
  state?: TaskRow['state'] | undefined;
  assignedTo?: string | undefined;
}

export class PatrolTasks {
  private readonly sql: Prepare;

  constructor(
    db: Db,
    private readonly plans: PatrolPlans,
    private readonly org: PlanningOrg,
    private readonly random: () => number = Math.random,
  ) {
    this.sql = cachedPrepare(db);
  }

  /**
   * Plans what is missing at `now`: each enterprise gets one open scheduled task, due one interval after its last
   * patrol (now, if it was never patrolled; in the past, if that day has gone by); each branch draws its spot checks for the day once. Returns the new tasks.
   */
  plan(now: number): TaskRow[] {
    const created: TaskRow[] = [];
    const enterprises = this.org.enterprises();
    for (const enterprise of enterprises) {
      if (this.openTask(enterprise.id, 'scheduled')) continue;
      const plan = this.plans.plan(enterprise.orgUnitId);
      const last = this.lastPatrol(enterprise.id);
      // A patrol missed while the hub was down is due on its own day (and may already be overdue).
      const due = last === undefined ? now : last + intervalMs(plan.frequencies[enterprise.creditGrade]);
      created.push(this.create(enterprise, 'scheduled', due, now));
    }
    const branches = [...new Set(enterprises.map((enterprise) => enterprise.orgUnitId))];
    for (const orgUnitId of branches) created.push(...this.spotChecks(orgUnitId, enterprises, now));
    return created;
  }

  /** Open tasks past their day and grace, not yet flagged today: flagged now, and returned for the events. */
  flagOverdue(now: number): TaskRow[] {
    const rows = this.sql(
      `SELECT * FROM patrol_tasks WHERE state = 'open' AND due_at < ?
         AND (overdue_flagged_at IS NULL OR overdue_flagged_at < ?)`,
    ).all(now, now - DAY_MS + 60_000) as TaskRow[];
    const overdue = rows.filter((row) => this.isOverdue(row, now));
    for (const row of overdue) this.sql('UPDATE patrol_tasks SET overdue_flagged_at = ? WHERE id = ?').run(now, row.id);
    return overdue;
  }

  isOverdue(row: TaskRow, now: number): boolean {
    return row.state === 'open' && now > row.due_at + this.plans.plan(row.org_unit_id).graceDays * DAY_MS;
  }

  get(id: string): TaskRow | undefined {
    return this.sql('SELECT * FROM patrol_tasks WHERE id = ?').get(id) as TaskRow | undefined;
  }

  list(filter: TaskFilter, limit = 500): TaskRow[] {
    const where: string[] = [];
    const args: unknown[] = [];
    if (filter.orgUnitIds) {
      if (filter.orgUnitIds.length === 0) return [];
      where.push(`org_unit_id IN (${filter.orgUnitIds.map(() => '?').join(', ')})`);
      args.push(...filter.orgUnitIds);
    }
    for (const [column, value] of [
      ['enterprise_id', filter.enterpriseId],
      ['state', filter.state],
      ['assigned_to', filter.assignedTo],
    ] as const) {
      if (value !== undefined) {
        where.push(`${column} = ?`);
        args.push(value);
      }
    }
    const clause = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    return this.sql(`SELECT * FROM patrol_tasks ${clause} ORDER BY state = 'open' DESC, due_at LIMIT ?`).all(
      ...args,
      limit,
    ) as TaskRow[];
  }

  /** A task that was due in the past (the demo's history): assigned as a new one is, open until a record completes it. */
  addPast(enterprise: { id: string; orgUnitId: string }, dueAt: number): string {
    return this.create(enterprise, 'scheduled', dueAt, dueAt - DAY_MS).id;
  }

  /** Marks the task done by a record; a record without a task completes the enterprise's open scheduled task. */
  complete(enterpriseId: string, taskId: string | null, recordId: string, now: number): string | null {
    const task = taskId ? this.get(taskId) : this.openTask(enterpriseId, 'scheduled');
    if (!task || task.state !== 'open' || task.enterprise_id !== enterpriseId) return null;
    this.sql("UPDATE patrol_tasks SET state = 'done', record_id = ?, done_at = ? WHERE id = ?").run(
      recordId,
      now,
      task.id,
    );
    return task.id;
  }

  view(row: TaskRow, now: number): PatrolTask {
    return {
      id: row.id,
      orgUnitId: row.org_unit_id,
      enterpriseId: row.enterprise_id,
      enterpriseName: this.org.enterpriseName(row.enterprise_id) ?? row.enterprise_id,
      kind: row.kind,
      dueAt: new Date(row.due_at).toISOString(),
      assignedTo: row.assigned_to,
      assignedToName: row.assigned_to ? (this.org.userName(row.assigned_to) ?? null) : null,
      state: row.state,
      overdue: this.isOverdue(row, now),
      recordId: row.record_id,
      createdAt: new Date(row.created_at).toISOString(),
    };
  }

  private spotChecks(orgUnitId: string, enterprises: ReturnType<PlanningOrg['enterprises']>, now: number): TaskRow[] {
    const perDay = this.plans.plan(orgUnitId).spotChecksPerMonth / 30;
    if (perDay <= 0) return [];
    const drawnToday = this.sql(
      "SELECT 1 FROM patrol_tasks WHERE org_unit_id = ? AND kind = 'spot' AND created_at >= ? LIMIT 1",
    ).get(orgUnitId, startOfDay(now));
    if (drawnToday) return [];
    // The expected number a day, drawn: 1.4 a day is one check, and a second with probability 0.4.
    const count = Math.floor(perDay) + (this.random() < perDay % 1 ? 1 : 0);
    const candidates = enterprises.filter(
      (enterprise) => enterprise.orgUnitId === orgUnitId && !this.openTask(enterprise.id, 'spot'),
    );
    const created: TaskRow[] = [];
    for (let i = 0; i < count && candidates.length > 0; i += 1) {
      const [chosen] = candidates.splice(Math.floor(this.random() * candidates.length), 1);
      if (chosen) created.push(this.create(chosen, 'spot', now + DAY_MS, now));
    }
    return created;
  }

  /** Assigned to the branch's inspector with the fewest open tasks (by name on a tie), or to nobody. */
  private create(
    enterprise: { id: string; orgUnitId: string },
    kind: TaskRow['kind'],
    due: number,
    now: number,
  ): TaskRow {
    const inspectors = this.org.inspectors(enterprise.orgUnitId);
    const load = (userId: string): number =>
      (
        this.sql("SELECT COUNT(*) AS n FROM patrol_tasks WHERE assigned_to = ? AND state = 'open'").get(userId) as {
          n: number;
        }
      ).n;
    const assignee = [...inspectors]
      .map((inspector) => ({ inspector, load: load(inspector.id) }))
      .sort((a, b) => a.load - b.load || a.inspector.name.localeCompare(b.inspector.name))[0]?.inspector;
    const id = newId('tsk');
    this.sql(
      `INSERT INTO patrol_tasks (id, org_unit_id, enterprise_id, kind, due_at, assigned_to, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ).run(id, enterprise.orgUnitId, enterprise.id, kind, due, assignee?.id ?? null, now);
    return this.get(id) as TaskRow;
  }

  private openTask(enterpriseId: string, kind: TaskRow['kind']): TaskRow | undefined {
    return this.sql("SELECT * FROM patrol_tasks WHERE enterprise_id = ? AND kind = ? AND state = 'open' LIMIT 1").get(
      enterpriseId,
      kind,
    ) as TaskRow | undefined;
  }

  private lastPatrol(enterpriseId: string): number | undefined {
    const row = this.sql('SELECT MAX(finished_at) AS last FROM patrol_records WHERE enterprise_id = ?').get(
      enterpriseId,
    ) as { last: number | null };
    return row.last ?? undefined;
  }
}

function startOfDay(at: number): number {
  const date = new Date(at);
  date.setHours(0, 0, 0, 0);
  return date.getTime();
}
