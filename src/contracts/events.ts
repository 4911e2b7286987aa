// Wire types of the event log: the query of `GET /api/events` (and its CSV), one event, one page.
import { z } from 'zod';
export const EVENT_SEVERITIES = ['info', 'warning', 'error'] as const;
export const EventSeverity = z.enum(EVENT_SEVERITIES);
export type EventSeverity = z.infer<typeof EventSeverity>;

import { EVENT_PAGE_DEFAULT, EVENT_PAGE_MAX } from './event-limits.js';

export * from './event-limits.js';

const TIME_HINT = 'expected an ISO 8601 time (2026-03-01T08:00:00+08:00) or epoch milliseconds';

/** A time as ISO 8601 or epoch milliseconds → epoch milliseconds. */
const Time = z.string().transform((text, context) => {
  const value = /^\d{1,15}$/.test(text) ? Number(text) : /^\d{4}-\d{2}-\d{2}/.test(text) ? Date.parse(text) : NaN;
  if (!Number.isFinite(value)) {
    context.addIssue({ code: 'custom', message: TIME_HINT });
    return z.NEVER;
  }
  return value;
});

const Id = z.string().min(1).max(100);

/** `severity=warning,error` or `severity=warning&severity=error`. */
const Severities = z
  .union([z.string(), z.array(z.string()).max(EVENT_SEVERITIES.length * 2)])
  .transform((value) => (Array.isArray(value) ? value : [value]).flatMap((item) => item.split(',')))
  .pipe(z.array(EventSeverity, { error: 'expected info, warning or error (comma-separated for several)' }).min(1));

/** `camera.offline` matches that type; `camera.` (ending in a dot) every type under it. */
const EventType = z
  .string()
  .max(100)
  .regex(/^[a-z0-9_]+(\.[a-z0-9_]+)*\.?$/, 'expected an event type such as camera.offline, or a prefix such as audit.');

/** The filter part of a query: what the list and the CSV share. */
const filterShape = {
  from: Time.optional().describe('inclusive'),
  to: Time.optional().describe('exclusive'),
  type: EventType.optional(),
  severity: Severities.optional(),
  cameraId: Id.optional(),
  enterpriseId: Id.optional(),
  orgUnitId: Id.optional(),
  userId: Id.optional(),
  username: z.string().min(1).max(100).optional(),
};

const checkRange = (query: { from?: number | undefined; to?: number | undefined }): boolean =>
  query.from === undefined || query.to === undefined || query.from < query.to;
const RANGE_ERROR = { message: '"from" must be before "to"', path: ['from'] };

export const EventListQuery = z
  .strictObject({
    ...filterShape,
    limit: z.coerce
      .number({ error: `expected a whole number from 1 to ${EVENT_PAGE_MAX}` })
      .int()
      .min(1)
      .max(EVENT_PAGE_MAX)
      .default(EVENT_PAGE_DEFAULT),
    cursor: z.string().max(100).optional(),
  })
  .refine(checkRange, RANGE_ERROR);
export type EventListQuery = z.output<typeof EventListQuery>;

export const EventCsvQuery = z
  .strictObject({ ...filterShape, lang: z.enum(['zh-CN', 'en']).default('zh-CN') })
  .refine(checkRange, RANGE_ERROR);
export type EventCsvQuery = z.output<typeof EventCsvQuery>;

/** The filters alone (no paging), as the query code takes them. */
export type EventFilter = Omit<EventListQuery, 'limit' | 'cursor'>;

/** One logged event as the API and the socket send it. */
export const EventItem = z.object({
  id: z.number(),
  at: z.string(),
  type: z.string(),
  severity: EventSeverity,
  message: z.string(),
  cameraId: z.string().nullable(),
  enterpriseId: z.string().nullable(),
  orgUnitId: z.string().nullable(),
  userId: z.string().nullable(),
  /** The actor's user name, when the event has one. */
  username: z.string().nullable(),
  ip: z.string().nullable(),
  data: z.record(z.string(), z.unknown()).nullable(),
});
export type EventItem = z.infer<typeof EventItem>;

export const EventPage = z.object({
  events: z.array(EventItem),
  /** Pass as `cursor` for the next (older) page; null on the last page. */
  nextCursor: z.string().nullable(),
});
export type EventPage = z.infer<typeof EventPage>;
