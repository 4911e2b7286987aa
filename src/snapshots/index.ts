// Snapshots: JPEG stills from a stream's latest keyframe, on request, never from a continuous decoder.
export * from './snapshotter.js';
