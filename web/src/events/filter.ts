// The events filter as query parameters (the same names in the page URL, the API and the CSV link), and live matching.
import type { EventItem } from '../../../src/contracts/index.js';

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

/** Only the filter parameters, without empty ones. */
export function filterParams(source: URLSearchParams): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = source.get(key)?.trim();
    if (value) params.set(key, value);
  }
  return params;
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
