// Public API of transcode/: on-demand H.264 versions of camera streams (H.265 for browsers that cannot decode it).
export { CpuMeter, cpuTicks, type ProcReader } from './cpu-meter.js';
export { Transcoder, type TranscodeInfo, type TranscoderOptions, type TranscodeUpstream } from './transcoder.js';
export {
  Transcodes,
  TRANSCODE_BUSY,
  type TranscodeCounts,
  type TranscodesOptions,
  type TranscodeViewer,
} from './transcodes.js';
