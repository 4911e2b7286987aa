// Limits of the event log API, without zod, so the console can import them without the schema library.

/** Largest page of `GET /api/events`; the default is 50. */
export const EVENT_PAGE_MAX = 500;
export const EVENT_PAGE_DEFAULT = 50;
/** Most rows one CSV download carries. */
export const EVENT_CSV_MAX_ROWS = 100_000;
