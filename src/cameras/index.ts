// Cameras at run time: sources, live viewers, snapshots, status and health of every registered camera.
export * from './fleet.js';
export * from './live-viewers.js';
