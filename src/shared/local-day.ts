// A calendar day in the hub's local time, as `YYYY-MM-DD`: how production days and declared closures are named.
export const localDay = (date: Date): string =>
  `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;

/** Local midnight that starts the day `YYYY-MM-DD`. */
export const dayStart = (day: string): Date => {
  const [year, month, date] = day.split('-').map(Number);
  return new Date(year ?? 1970, (month ?? 1) - 1, date ?? 1);
};

/** The local day `count` days after `day` (before, when negative); calendar days, whatever the clocks did. */
export const addDays = (day: string, count: number): string => {
  const start = dayStart(day);
  start.setDate(start.getDate() + count);
  return localDay(start);
};
