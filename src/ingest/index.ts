// Public API of ingest/: one supervised ffmpeg per camera stream → fMP4 → the stream fan-out.
export {
  CameraSource,
  type CameraSourceOptions,
  type SourceEvents,
  type SourceStats,
  type SourceStatusEvent,
  type StreamRole,
} from './camera-source.js';
export { IngestService, type IngestServiceOptions, type SourceSpec } from './ingest-service.js';
