// Local wall-clock values of the playback page: days as `YYYY-MM-DD`, times of day as `HH:MM:SS`, and back to epoch ms.
import type { Span } from './timeline.js';

const pad = (n: number): string => String(n).padStart(2, '0');

/** `YYYY-MM-DD` of the local day holding `ms`. */
export const dayValue = (ms: number): string => {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
};

/** `HH:MM:SS` of a local time of day. */
export const timeOfDay = (ms: number): string => {
  const d = new Date(ms);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
};

/** `YYYY-MM-DD HH:MM:SS`, local. */
export const clock = (ms: number): string => `${dayValue(ms)} ${timeOfDay(ms)}`;

/** Local midnight of a `YYYY-MM-DD` value and of the next day. */
export function dayBounds(value: string): Span | null {
  const [y, m, d] = value.split('-').map(Number);
  if (!y || !m || !d) return null;
  return { startMs: new Date(y, m - 1, d).getTime(), endMs: new Date(y, m - 1, d + 1).getTime() };
}

/** Seconds since midnight of `H:MM[:SS]` on a 24-hour clock, or null when the text is no time of day. */
function secondsOf(text: string): number | null {
  const match = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(text.trim());
  if (!match) return null;
  const [hh, mm, ss] = [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)];
  return hh < 24 && mm < 60 && ss < 60 ? hh * 3600 + mm * 60 + ss : null;
}

/** The interval from `from` to `to` (times of the day starting at `dayStart`), when its end is after its start. */
export function spanOfDay(dayStart: number, from: string, to: string): Span | null {
  const start = secondsOf(from);
  const end = secondsOf(to);
  if (start === null || end === null) return null;
  // Wall times of the day through Date, so a DST change inside the day still lands on the clock shown.
  const at = (s: number): number => {
    const day = new Date(dayStart);
    day.setHours(Math.floor(s / 3600), Math.floor(s / 60) % 60, s % 60, 0);
    return day.getTime();
  };
  const span = { startMs: at(start), endMs: at(end) };
  return span.endMs > span.startMs ? span : null;
}
