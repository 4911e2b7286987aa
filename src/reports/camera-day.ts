// One camera's day against its enterprise's declared production: the production window, the time the camera was
// online in it (from the status history) and the time recorded in it (from the recording index), never from files.
import { localDay } from '../shared/local-day.js';
import { overlapMs, totalMs, type Interval } from './intervals.js';

/** What the enterprise declared: production weekdays (1 = Monday) and hours, and its days without production. */
export interface ProductionDeclaration {
  productionWeekdays: readonly number[];
  productionStart: string;
  productionEnd: string;
  /** Declared closures, as local days `YYYY-MM-DD`. */
  closures: ReadonlySet<string>;
}

/** A status change of the camera's main stream, or the hub (re)starting: what was known before a start ends there. */
export interface StatusChange {
  at: number;
  status: 'online' | 'offline' | 'reconnecting' | 'hub-started';
}

export interface CameraDayScore {
  /** The local day, `YYYY-MM-DD`. */
  day: string;
  productionMinutes: number;
  onlineMinutes: number;
  recordedSeconds: number;
}

/** The day's production window in the hub's local time, or none (not a production weekday, or a closure). */
export function productionWindow(declaration: ProductionDeclaration, dayStart: Date): Interval | undefined {
  const weekday = dayStart.getDay() === 0 ? 7 : dayStart.getDay();
  if (!declaration.productionWeekdays.includes(weekday) || declaration.closures.has(localDay(dayStart)))
    return undefined;
  const at = (clock: string): number => {
    const [hours, minutes] = clock.split(':').map(Number);
    const time = new Date(dayStart);
    time.setHours(hours ?? 0, minutes ?? 0, 0, 0);
    return time.getTime();
  };
  return [at(declaration.productionStart), at(declaration.productionEnd)];
}

/**
 * The intervals the camera was online within [from, to): `before` is its last known status before `from` (none:
 * unknown, counted as not online), `changes` the changes within, in time order.
 */
export function onlineIntervals(
  before: StatusChange['status'] | undefined,
  changes: readonly StatusChange[],
  from: number,
  to: number,
): Interval[] {
  const out: Interval[] = [];
  let onlineSince = before === 'online' ? from : undefined;
  for (const change of changes) {
    if (change.at >= to) break;
    const at = Math.max(from, change.at);
    if (change.status === 'online') onlineSince ??= at;
    else if (onlineSince !== undefined) {
      out.push([onlineSince, at]);
      onlineSince = undefined;
    }
  }
  if (onlineSince !== undefined) out.push([onlineSince, to]);
  return out;
}

/** The day's score from its production window, the online intervals and the recorded intervals. */
export function cameraDayScore(
  day: string,
  window: Interval | undefined,
  online: readonly Interval[],
  recorded: readonly Interval[],
): CameraDayScore {
  const production = window ? [window] : [];
  return {
    day,
    productionMinutes: Math.round(totalMs(production) / 60_000),
    onlineMinutes: Math.round(overlapMs(production, online) / 60_000),
    recordedSeconds: Math.round(overlapMs(production, recorded) / 1000),
  };
}
