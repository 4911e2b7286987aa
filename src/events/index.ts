// Events: typed domain events, the in-process bus and the SQLite event log.
export * from './types.js';
export * from './bus.js';
export * from './event-log.js';
export * from './event-query.js';
export * from './event-item.js';
export * from './event-csv.js';
export * from './coalescer.js';
export * from './event-retention.js';
