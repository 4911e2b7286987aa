// HTTP API: the express app, camera views and the error handler.
export * from './app.js';
export * from './camera-view.js';
export * from './servers.js';
export * from './playback-access.js';
export * from './camera-door.js';
export * from './live-access.js';
export * from './http-policy.js';
