// Shared basics: logger, errors, redaction, backoff and the service lifecycle.
export * from './logger.js';
export * from './errors.js';
export * from './redact.js';
export * from './backoff.js';
export * from './service.js';
export * from './secret-box.js';
export * from './ids.js';
export * from './cookies.js';
export * from './faults.js';
export * from './reach-allow.js';
export * from './local-day.js';
