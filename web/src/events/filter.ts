// The events filter: as query parameters (the same names in the page address, the API and the CSV link), as the
// fields of the filter form, both ways, and the matching of live events against it.
import type { EventItem, EventSeverity } from '../../../src/contracts/index.js';
import { zhCN, type EventsKey } from './messages.js';

export const FILTER_KEYS = [
  'from',
  'to',
  'type',
  'severity',
  'orgUnitId',
  'enterpriseId',
  'cameraId',
  'username',
] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];

/** The contracts' list, written out: importing the contracts index would bring zod into the console. */
export const SEVERITIES: readonly EventSeverity[] = ['info', 'warning', 'error'];

/** Types offered in the type menu; a trailing dot means "this and everything under it". */
export const TYPES = [
  'camera.',
  'camera.offline',
  'camera.reconnecting',
  'camera.online',
  'audit.',
  'audit.login.',
  'audit.logout',
  'audit.live.',
  'audit.playback',
  'audit.export.',
  'audit.admin.',
  'audit.case.',
  'transcode.',
  'hub.',
  'storage.',
] as const;

/** The label of a type: its own when it has one, else that of the narrowest group it belongs to. */
export function typeLabelKey(type: string): EventsKey | undefined {
  const key = `events.type.${type}`;
  if (key in zhCN) return key as EventsKey;
  const group = TYPES.filter((candidate) => candidate.endsWith('.') && type.startsWith(candidate)).sort(
    (a, b) => b.length - a.length,
  )[0];
  return group ? (`events.type.${group}` as EventsKey) : undefined;
}

/** Only the filter parameters, without empty ones, always in the order of FILTER_KEYS. */
export function filterParams(source: URLSearchParams): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = source.get(key)?.trim();
    if (value) params.set(key, value);
  }
  return params;
}

/** The filter as the form edits it; an empty string or list means "any". */
export interface FilterFields {
  from: Date | null;
  to: Date | null;
  type: string;
  severities: EventSeverity[];
  orgUnitId: string;
  enterpriseId: string;
  cameraId: string;
  username: string;
}

export const emptyFields = (): FilterFields => ({
  from: null,
  to: null,
  type: '',
  severities: [],
  orgUnitId: '',
  enterpriseId: '',
  cameraId: '',
  username: '',
});

function dateOf(text: string | null): Date | null {
  const date = text ? new Date(text) : null;
  return date && !Number.isNaN(date.getTime()) ? date : null;
}

/** Address → form: `severity=warning,error` ticks two boxes; a time that is not one leaves its field empty. */
export function fieldsFromParams(source: URLSearchParams): FilterFields {
  const params = filterParams(source);
  const severities = (params.get('severity') ?? '').split(',');
  return {
    from: dateOf(params.get('from')),
    to: dateOf(params.get('to')),
    type: params.get('type') ?? '',
    severities: SEVERITIES.filter((severity) => severities.includes(severity)),
    orgUnitId: params.get('orgUnitId') ?? '',
    enterpriseId: params.get('enterpriseId') ?? '',
    cameraId: params.get('cameraId') ?? '',
    username: params.get('username') ?? '',
  };
}

/**
 * Form → address: times as ISO 8601, severities in their fixed order, nothing for "any". A cleared control may hold
 * undefined or null rather than its empty value: that is "any" too.
 */
export function paramsFromFields(fields: FilterFields): URLSearchParams {
  const time = (date: Date | null): string => (date && !Number.isNaN(date.getTime()) ? date.toISOString() : '');
  return filterParams(
    new URLSearchParams({
      from: time(fields.from),
      to: time(fields.to),
      type: fields.type ?? '',
      severity: SEVERITIES.filter((severity) => fields.severities?.includes(severity)).join(','),
      orgUnitId: fields.orgUnitId ?? '',
      enterpriseId: fields.enterpriseId ?? '',
      cameraId: fields.cameraId ?? '',
      username: fields.username ?? '',
    }),
  );
}

/** The CSV of the filter applied, its texts in `lang`. */
export function csvHref(applied: URLSearchParams, lang: string): string {
  const query = filterParams(applied);
  query.set('lang', lang);
  return `/api/events.csv?${query.toString()}`;
}

/** Whether an event pushed over the socket belongs in the list the filter shows. */
export function matchesFilter(params: URLSearchParams, event: EventItem): boolean {
  const at = Date.parse(event.at);
  const from = params.get('from');
  const to = params.get('to');
  if (from && at < Date.parse(from)) return false;
  if (to && at >= Date.parse(to)) return false;
  const type = params.get('type');
  if (type && (type.endsWith('.') ? !event.type.startsWith(type) : event.type !== type)) return false;
  const severity = params.get('severity');
  if (severity && !severity.split(',').includes(event.severity)) return false;
  const equal: Array<[FilterKey, string | null]> = [
    ['orgUnitId', event.orgUnitId],
    ['enterpriseId', event.enterpriseId],
    ['cameraId', event.cameraId],
    ['username', event.username],
  ];
  return equal.every(([key, value]) => !params.get(key) || params.get(key) === value);
}
