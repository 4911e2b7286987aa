// Audit events from the HTTP edge: who (user, unit, address) did what, with the changed fields before and after.
import type { Request } from 'express';
import type { AuditEvent, EventBus, Severity } from '../events/index.js';

export type AuditBus = Pick<EventBus, 'publish'>;

export interface AuditEntry {
  type: `audit.${string}`;
  message: string;
  severity?: Severity;
  /** The unit the event concerns (the changed entity's unit; the user's unit for logins). */
  orgUnitId: string | null;
  /** The enterprise the event concerns, if any. */
  enterpriseId?: string | null;
  /** The actor; defaults to the caller. */
  userId?: string | null;
  data: Record<string, unknown>;
}

/** The audit event of a request: the entry with the actor and the client address. */
export function auditEvent(req: Request, entry: AuditEntry): AuditEvent {
  return {
    type: entry.type,
    severity: entry.severity ?? 'info',
    message: entry.message,
    orgUnitId: entry.orgUnitId,
    ...(entry.enterpriseId ? { enterpriseId: entry.enterpriseId } : {}),
    userId: entry.userId === undefined ? (req.caller?.userId ?? null) : entry.userId,
    ip: req.ip ?? null,
    data: entry.data,
  };
}

export function audit(bus: AuditBus, req: Request, entry: AuditEntry): void {
  bus.publish(auditEvent(req, entry));
}

/** The fields that differ between two versions of a record: `{ before: {...}, after: {...} }`. */
export function changedFields<T extends object>(
  before: T,
  after: T,
  keys: ReadonlyArray<keyof T & string>,
): { before: Partial<T>; after: Partial<T> } {
  const was: Partial<T> = {};
  const now: Partial<T> = {};
  for (const key of keys) {
    if (before[key] !== after[key]) {
      was[key] = before[key];
      now[key] = after[key];
    }
  }
  return { before: was, after: now };
}

/** What an admin change event carries: the actor's name and the entity; never secrets. */
export function adminData(req: Request, entity: Record<string, unknown>): Record<string, unknown> {
  return { username: req.caller?.username ?? null, ...entity };
}
