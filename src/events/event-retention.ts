// Event log retention: events past their days (audit events have their own), then the oldest beyond the database budget.
import { stat } from 'node:fs/promises';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { cachedPrepare, type Db, type Prepare } from '../db/index.js';
import { silentLogger, type Logger } from '../shared/logger.js';
import { distinctTypes, prefixRange } from './event-query.js';
import type { DomainEvent } from './types.js';

export interface EventRetentionOptions {
  readonly db: Db;
  readonly retentionDays: number;
  /** Days an `audit.*` event is kept. */
  readonly auditRetentionDays: number;
  /** Bytes the database file may take (it holds the event log, which is nearly all of it). */
  readonly budgetBytes: number;
  readonly publish?: (event: DomainEvent) => void;
  readonly logger?: Logger;
  /** Rows deleted per transaction; the event loop runs between batches. Default 2000. */
  readonly batchRows?: number;
}

export interface EventPruneReport {
  age: number;
  audit: number;
  budget: number;
  /** Live bytes of the database after pruning. */
  dbBytes: number;
}

const DAY_MS = 86_400_000;
const AUDIT = prefixRange('audit.');
const EVERY_TYPE: [string, string] = ['', '\u{10FFFF}'];

/**
 * Deletes go by the (type, at) index, one type at a time, in short transactions: a long retention of audit events
 * never makes the age pass walk over them. The budget pass takes the oldest of all by the `at` index.
 */
export class EventRetention {
  readonly name = 'events';
  readonly budgetBytes: number;
  private readonly sql: Prepare;
  private readonly logger: Logger;
  private readonly batch: number;

  constructor(private readonly options: EventRetentionOptions) {
    this.sql = cachedPrepare(options.db);
    this.logger = options.logger ?? silentLogger();
    this.budgetBytes = options.budgetBytes;
    this.batch = options.batchRows ?? 2000;
  }

  /** Bytes the database takes on disk: the file and its write-ahead log. */
  async usedBytes(): Promise<number> {
    const size = async (path: string): Promise<number> => {
      try {
        return (await stat(path)).size;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
        throw error;
      }
    };
    const file = this.options.db.name;
    return (await size(file)) + (await size(`${file}-wal`));
  }

  /** Bytes held by live pages: what the budget limits (freed pages are reused before the file grows). */
  liveBytes(): number {
    const pragma = (name: string): number => Number(this.options.db.pragma(name, { simple: true }));
    return (pragma('page_count') - pragma('freelist_count')) * pragma('page_size');
  }

  async prune(now: number): Promise<EventPruneReport> {
    const report: EventPruneReport = { age: 0, audit: 0, budget: 0, dbBytes: 0 };
    const [auditLow, auditHigh] = AUDIT;
    for (const type of distinctTypes(this.sql, EVERY_TYPE)) {
      const isAudit = type >= auditLow && type < auditHigh;
      const days = isAudit ? this.options.auditRetentionDays : this.options.retentionDays;
      const deleted = await this.deleteBatches(
        'DELETE FROM events WHERE id IN (SELECT id FROM events WHERE type = ? AND at < ? LIMIT ?)',
        [type, now - days * DAY_MS],
      );
      if (isAudit) report.audit += deleted;
      else report.age += deleted;
    }
    // A last resort: with the days above the log stays far below its budget unless the budget is set too small.
    while (this.liveBytes() > this.budgetBytes) {
      const deleted = await this.deleteBatches(
        'DELETE FROM events WHERE id IN (SELECT id FROM events ORDER BY at LIMIT ?)',
        [],
        1,
      );
      if (deleted === 0) break;
      report.budget += deleted;
    }
    report.dbBytes = this.liveBytes();
    this.announce(report);
    return report;
  }

  /** Runs a batched DELETE until it deletes less than a batch (or `rounds` times); returns the rows deleted. */
  private async deleteBatches(sql: string, params: unknown[], rounds = Infinity): Promise<number> {
    let total = 0;
    for (let round = 0; round < rounds; round++) {
      const changes = this.sql(sql).run(...params, this.batch).changes;
      total += changes;
      if (changes < this.batch) break;
      // Let requests and fragments through between batches.
      await yieldToLoop();
    }
    return total;
  }

  private announce(report: EventPruneReport): void {
    const events = report.age + report.audit + report.budget;
    if (events === 0) return;
    this.logger.info(report, 'event log pruned');
    this.options.publish?.({
      type: 'events.pruned',
      severity: report.budget > 0 ? 'warning' : 'info',
      message:
        report.budget > 0
          ? `Event log retention removed ${events} event(s), ${report.budget} of them because the database was over its budget of ${(this.budgetBytes / 1e9).toFixed(2)} GB.`
          : `Event log retention removed ${events} event(s) past their retention days.`,
      data: {
        events,
        byReason: { age: report.age, audit: report.audit, budget: report.budget },
        dbBytes: report.dbBytes,
      },
    });
  }
}
