// Request/response schemas and realtime event maps: the only src/ folder the console imports.
export * from './org.js';
export * from './cameras.js';
export * from './hub.js';
export * from './realtime.js';
export * from './accounts.js';
export * from './events.js';
export * from './registration.js';
export * from './playback.js';
export * from './federation.js';
export * from './event-text.js';
export * from './error-text.js';
export { INGEST_ENGINES, type IngestEngine } from './camera-values.js';
export * from './supervision.js';
export * from './patrols.js';
export * from './ptz.js';
export * from './notices.js';
export * from './cases.js';
export * from './reports.js';
