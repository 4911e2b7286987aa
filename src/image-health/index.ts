// Camera image health: figures of a still, the verdict, stored checks and references, the daily and on-demand checks.
export * from './metrics.js';
export { judgePicture } from './verdict.js';
export { ImageCheckStore, type CheckTrigger, type StoredReference } from './check-store.js';
export { ImageHealth, type CheckedCamera, type ImageHealthDeps, type StillPort } from './image-health.js';
export { createImageHealth, type ImageHealthWiring } from './wiring.js';
