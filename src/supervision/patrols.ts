// Patrols as one service: plans, tasks and records together, with the hourly planning tick that creates the next
// tasks and flags overdue ones (once a day each, as a warning event).
import type { Db } from '../db/index.js';
import type { DomainEvent } from '../events/index.js';
import type { Service } from '../shared/service.js';
import { PatrolPlans } from './patrol-plans.js';
import { PatrolRecords, type PatrolCameras, type SnapshotLookup } from './patrol-records.js';
import { PatrolTasks, type PlanningOrg } from './patrol-tasks.js';

export interface PatrolsDeps {
  db: Db;
  org: PlanningOrg;
  cameras: PatrolCameras;
  snapshots: SnapshotLookup;
  publish: (event: DomainEvent) => void;
  /** The clock and the dice (tests set both). */
  now?: () => number;
  random?: () => number;
  /** How often planning runs; hourly by default, so a day's tasks and flags come within the hour. */
  tickMs?: number;
}

export class Patrols implements Service {
  readonly name = 'patrols';
  readonly plans: PatrolPlans;
  readonly tasks: PatrolTasks;
  readonly records: PatrolRecords;
  private timer: NodeJS.Timeout | undefined;
  readonly now: () => number;

  constructor(private readonly deps: PatrolsDeps) {
    this.now = deps.now ?? Date.now;
    this.plans = new PatrolPlans(deps.db);
    this.tasks = new PatrolTasks(deps.db, this.plans, deps.org, deps.random);
    this.records = new PatrolRecords(deps.db, this.plans, deps.cameras, deps.snapshots);
  }

  start(): void {
    this.tick();
    this.timer = setInterval(() => this.tick(), this.deps.tickMs ?? 3_600_000);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Plans the missing tasks and flags the overdue ones; runs on the tick, and after a plan or a record changes. */
  tick(): void {
    const now = this.now();
    this.tasks.plan(now);
    for (const task of this.tasks.flagOverdue(now)) {
      const view = this.tasks.view(task, now);
      this.deps.publish({
        type: 'patrol.task.overdue',
        severity: 'warning',
        message: `The patrol of ${view.enterpriseName} due ${view.dueAt.slice(0, 10)} is overdue`,
        orgUnitId: task.org_unit_id,
        enterpriseId: task.enterprise_id,
        userId: task.assigned_to,
        data: {
          taskId: task.id,
          enterpriseName: view.enterpriseName,
          dueAt: view.dueAt,
          assignedTo: view.assignedToName,
        },
      });
    }
  }
}
