// The event log: every published domain event becomes a row in SQLite, then is announced for realtime delivery.
import type { FederatedEvent } from '../contracts/index.js';
import type { Db } from '../db/index.js';
import type { Logger } from '../shared/logger.js';
import { redactUrl } from '../shared/redact.js';
import type { Service } from '../shared/service.js';
import type { EventBus } from './bus.js';
import type { DomainEvent, LoggedEvent } from './types.js';

export interface EventRow {
  id: number;
  at: number;
  type: string;
  severity: string;
  camera_id: string | null;
  enterprise_id: string | null;
  org_unit_id: string | null;
  user_id: string | null;
  ip: string | null;
  message: string;
  data: string | null;
}

/** Finds the enterprise and org unit of a camera, so events are scoped even when the publisher knows only the camera. */
export type CameraScopeLookup = (cameraId: string) => { enterpriseId: string; orgUnitId: string } | undefined;

/** The `data` column of an event: its JSON with every URL's credentials removed. */
export function storedData(event: DomainEvent): string | null {
  return 'data' in event && event.data ? redactUrl(JSON.stringify(event.data)) : null;
}

export class EventLog implements Service {
  readonly name = 'event-log';
  private unsubscribe: (() => void) | undefined;
  private readonly insert;
  private readonly insertMirrored;

  constructor(
    private readonly db: Db,
    private readonly bus: EventBus,
    private readonly logger: Logger,
    private readonly scopeOf: CameraScopeLookup,
  ) {
    this.insert = db.prepare(
      `INSERT INTO events (at, type, severity, camera_id, enterprise_id, org_unit_id, user_id, ip, message, data)
       VALUES (@at, @type, @severity, @cameraId, @enterpriseId, @orgUnitId, @userId, @ip, @message, @data)`,
    );
    this.insertMirrored = db.prepare(
      `INSERT OR IGNORE INTO events (at, type, severity, camera_id, enterprise_id, org_unit_id, user_id, ip, message,
         data, origin, origin_id)
       VALUES (@at, @type, @severity, @cameraId, @enterpriseId, @orgUnitId, @userId, @ip, @message, @data, @origin,
         @originId)`,
    );
  }

  /**
   * Writes an event another hub logged (a branch's, at the center), already scoped and redacted there; the
   * origin and its id make a redelivery a no-op. Returns false for such a repeat.
   */
  writeMirrored(event: Omit<FederatedEvent, 'id'>, origin: string, originId: number): boolean {
    const result = this.insertMirrored.run({ ...event, origin, originId });
    if (result.changes === 0) return false;
    const data = event.data === null ? undefined : (JSON.parse(event.data) as unknown);
    this.bus.announceLogged({ ...event, data, id: Number(result.lastInsertRowid) } as LoggedEvent);
    return true;
  }

  start(): void {
    this.unsubscribe = this.bus.onPublished((event) => this.write(event));
  }

  stop(): void {
    this.unsubscribe?.();
  }

  /** Writes one event; a failed write is logged, never thrown back at the publisher. */
  write(event: DomainEvent, at = Date.now()): LoggedEvent | undefined {
    const scope = event.cameraId ? this.scopeOf(event.cameraId) : undefined;
    const stored = {
      ...event,
      message: redactUrl(event.message),
      enterpriseId: event.enterpriseId ?? scope?.enterpriseId ?? null,
      orgUnitId: event.orgUnitId ?? scope?.orgUnitId ?? null,
    } as DomainEvent;
    try {
      const result = this.insert.run({
        at,
        type: stored.type,
        severity: stored.severity,
        cameraId: stored.cameraId ?? null,
        enterpriseId: stored.enterpriseId ?? null,
        orgUnitId: stored.orgUnitId ?? null,
        userId: stored.userId ?? null,
        ip: stored.ip ?? null,
        message: stored.message,
        data: storedData(stored),
      });
      const logged = { ...stored, id: Number(result.lastInsertRowid), at } as LoggedEvent;
      this.bus.announceLogged(logged);
      return logged;
    } catch (error) {
      this.logger.error({ err: error, type: event.type }, 'could not write event to the event log');
      return undefined;
    }
  }

  recent(limit = 100): EventRow[] {
    return this.db.prepare('SELECT * FROM events ORDER BY id DESC LIMIT ?').all(limit) as EventRow[];
  }
}
