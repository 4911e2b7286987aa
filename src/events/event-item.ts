// Logged events in their wire shape (`EventItem`), from a stored row or from a freshly written event.
import type { EventItem } from '../contracts/index.js';
import { storedData, type EventRow } from './event-log.js';
import type { LoggedEvent } from './types.js';

function parseData(text: string | null): Record<string, unknown> | null {
  if (!text) return null;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    // Rows are written by the event log as JSON; anything else is shown as no data rather than failing the page.
    return null;
  }
}

const usernameOf = (data: Record<string, unknown> | null | undefined): string | null =>
  typeof data?.username === 'string' ? data.username : null;

export function eventItemFromRow(row: EventRow): EventItem {
  const data = parseData(row.data);
  return {
    id: row.id,
    at: new Date(row.at).toISOString(),
    type: row.type,
    severity: row.severity as EventItem['severity'],
    message: row.message,
    cameraId: row.camera_id,
    enterpriseId: row.enterprise_id,
    orgUnitId: row.org_unit_id,
    userId: row.user_id,
    username: usernameOf(data),
    ip: row.ip,
    data,
  };
}

/** The event as just written, read exactly as its stored row will be (data redacted the same way). */
export function eventItemFromLogged(event: LoggedEvent): EventItem {
  return eventItemFromRow({
    id: event.id,
    at: event.at,
    type: event.type,
    severity: event.severity,
    camera_id: event.cameraId ?? null,
    enterprise_id: event.enterpriseId ?? null,
    org_unit_id: event.orgUnitId ?? null,
    user_id: event.userId ?? null,
    ip: event.ip ?? null,
    message: event.message,
    data: storedData(event),
  });
}
