// Camera image health: figures of a still and the verdict on them.
export * from './metrics.js';
export { judgePicture } from './verdict.js';
