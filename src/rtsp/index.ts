// Public API of rtsp/: the in-process RTSP ingest (client, depacketisation, fMP4 muxing) beside the ffmpeg one.
export { RtspIngest, type RtspIngestOptions, type RtspIngestSink } from './rtsp-ingest.js';
export { RtspFailure } from './rtsp-failure.js';
export type { Credentials } from './rtsp-auth.js';
export { parseSdpVideo, resolveControl, type SdpVerdict, type SdpVideoTrack, type VideoCodec } from './sdp.js';
export { parseH264Sps, type H264SpsInfo } from './h264-sps.js';
export { parseH265Sps, type H265SpsInfo } from './h265-sps.js';
export {
  header,
  InterleavedReader,
  RtspProtocolError,
  type InterleavedHandlers,
  type InterleavedReaderOptions,
  type RtspRequest,
  type RtspResponse,
} from './interleaved-reader.js';
