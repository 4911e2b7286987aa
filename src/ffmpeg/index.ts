// ffmpeg: binary resolution, version-aware arguments and process supervision.
export * from './binary.js';
