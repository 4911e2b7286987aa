// A calendar day in the hub's local time, as `YYYY-MM-DD`: how production days and declared closures are named.
export const localDay = (date: Date): string =>
  `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
