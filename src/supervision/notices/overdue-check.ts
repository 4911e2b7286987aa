// The overdue check: once at start and then every hour, each open notice past its deadline is flagged once per day
// (a `notice.overdue` warning in the event log, a message to the rooms that see it).
import type { DomainEvent } from '../../events/index.js';
import type { Service } from '../../shared/service.js';
import type { NoticeService } from './notice-service.js';
import { FINAL_NOTICE_STATES } from '../../contracts/index.js';

export interface OverdueCheckDeps {
  notices: NoticeService;
  publish(event: DomainEvent): void;
  /** The branch that supervises the enterprise now (its room hears the warning). */
  branchOf(enterpriseId: string): string | undefined;
  /** How often to look, in ms (default one hour: the once-a-day rule decides what is flagged). */
  everyMs?: number;
}

const DAY_MS = 86_400_000;
/** The hub's local calendar day of a time, so "once a day" follows the office's day, not UTC's. */
const localDay = (at: number): string => new Date(at).toDateString();

export class OverdueCheck implements Service {
  readonly name = 'notice-overdue';
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly deps: OverdueCheckDeps) {}

  start(): void {
    this.check();
    this.timer = setInterval(() => this.check(), this.deps.everyMs ?? 3_600_000);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Flags what is overdue and not yet flagged today; returns how many were flagged now. */
  check(): number {
    const { notices } = this.deps;
    const now = notices.now();
    let flagged = 0;
    for (const notice of notices.store.pastDeadline(now, FINAL_NOTICE_STATES)) {
      if (notice.overdueFlaggedAt !== null && localDay(notice.overdueFlaggedAt) === localDay(now)) continue;
      notices.store.flagOverdue(notice.id, now);
      const days = Math.max(1, Math.ceil((now - notice.deadline) / DAY_MS));
      this.deps.publish({
        type: 'notice.overdue',
        severity: 'warning',
        message: `Rectification notice ${notice.number} is ${days} day(s) past its deadline`,
        orgUnitId: this.deps.branchOf(notice.enterpriseId) ?? notice.orgUnitId,
        enterpriseId: notice.enterpriseId,
        data: { noticeId: notice.id, number: notice.number, deadline: new Date(notice.deadline).toISOString(), days },
      });
      notices.changed({ ...notice, overdueFlaggedAt: now });
      flagged += 1;
    }
    return flagged;
  }
}
