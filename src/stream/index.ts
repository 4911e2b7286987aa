// Public API of stream/: fMP4 box reading and parsing, and the fan-out CameraStream with bounded readers.
export {
  BoxReader,
  DEFAULT_MAX_BOX_SIZE,
  type BoxGroup,
  type BoxGroupKind,
  type BoxReaderOptions,
} from './box-reader.js';
export {
  parseInit,
  parseFragment,
  isSyncSample,
  type Fragment,
  type InitSegment,
  type TrackInfo,
  type TrackKind,
} from './fmp4.js';
export { Fmp4Demuxer, type DemuxedItem, type DemuxerOptions, type MediaSink } from './demuxer.js';
export {
  CameraStream,
  type CameraStreamOptions,
  type InitChange,
  type StreamEvents,
  type StreamStats,
} from './stream.js';
export {
  StreamReader,
  type CloseReason,
  type OverflowPolicy,
  type ReaderOptions,
  type ReaderStart,
  type ReaderStats,
  type StreamItem,
} from './reader.js';
