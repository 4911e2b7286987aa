// Public API of recording/: the recorder service, the SQLite recording index, start-up repair and retention.
export { Recorder, type RecorderOptions, type RecorderIndex, type FragmentSource, type EventSink } from './recorder.js';
export { CameraRecorder, type CameraRecorderContext, type RecordingIndexWriter } from './camera-recorder.js';
export {
  RecordingStore,
  MAX_FILE_MS,
  type RecordingRow,
  type RecordedRun,
  type NewRecording,
  type Progress,
} from './store.js';
export { repairRecordings, type RepairIndex, type RepairReport } from './repair.js';
export {
  RetentionService,
  systemRetentionPorts,
  recordingsFreeBytes,
  type StorageTenant,
  type RetentionOptions,
  type RetentionPorts,
  type RetentionIndex,
  type SweepReport,
  type CameraSweep,
  type DeleteReason,
  type SweepTrigger,
  type LimitHeld,
} from './retention.js';
export { EvidenceLocks, type LockedRange, type LockedSpace } from './locks.js';
export { scanRecordingFile, type FileScan, type FileFragment } from './mp4-file.js';
export {
  RECORDINGS_DIR,
  EXPORTS_DIR,
  recordingRelativePath,
  resolveRecordingPath,
  startFromName,
  assertSafeCameraId,
} from './paths.js';
export { SegmentFile } from './segment-file.js';
