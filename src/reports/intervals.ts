// Time intervals [from, to) in ms: clipping, merging and the length two sets of them share, for the scores.

export type Interval = readonly [from: number, to: number];

/** The intervals sorted, overlaps and touching ones merged, empty ones dropped. */
export function merged(intervals: Iterable<Interval>): Interval[] {
  const sorted = [...intervals].filter(([from, to]) => to > from).sort((a, b) => a[0] - b[0]);
  const out: Array<[number, number]> = [];
  for (const [from, to] of sorted) {
    const last = out[out.length - 1];
    if (last && from <= last[1]) last[1] = Math.max(last[1], to);
    else out.push([from, to]);
  }
  return out;
}

/** How long two sets of intervals overlap, in ms. */
export function overlapMs(a: Iterable<Interval>, b: Iterable<Interval>): number {
  const left = merged(a);
  const right = merged(b);
  let total = 0;
  let j = 0;
  for (const [from, to] of left) {
    while (j < right.length && (right[j] as Interval)[1] <= from) j += 1;
    for (let k = j; k < right.length && (right[k] as Interval)[0] < to; k += 1) {
      const [rFrom, rTo] = right[k] as Interval;
      total += Math.min(to, rTo) - Math.max(from, rFrom);
    }
  }
  return total;
}

export const totalMs = (intervals: Iterable<Interval>): number =>
  merged(intervals).reduce((sum, [from, to]) => sum + (to - from), 0);
