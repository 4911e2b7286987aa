// What each codec's NAL unit types mean to the engine: keyframes, parameter sets, units left out of samples.
import type { VideoCodec } from './sdp.js';

export type ParameterSetKind = 'vps' | 'sps' | 'pps';

export interface CodecRules {
  readonly codec: VideoCodec;
  nalType(firstByte: number): number;
  /** IDR (H.264) or IRAP (H.265): a decoder can start here. */
  isKeyframe(type: number): boolean;
  parameterSet(type: number): ParameterSetKind | undefined;
  /** Access unit delimiters: they mean nothing inside an MP4 sample. */
  isDelimiter(type: number): boolean;
}

export const H264_RULES: CodecRules = {
  codec: 'h264',
  nalType: (b) => b & 0x1f,
  isKeyframe: (t) => t === 5,
  parameterSet: (t) => (t === 7 ? 'sps' : t === 8 ? 'pps' : undefined),
  isDelimiter: (t) => t === 9,
};

export const H265_RULES: CodecRules = {
  codec: 'h265',
  nalType: (b) => (b >>> 1) & 0x3f,
  isKeyframe: (t) => t >= 16 && t <= 21,
  parameterSet: (t) => (t === 32 ? 'vps' : t === 33 ? 'sps' : t === 34 ? 'pps' : undefined),
  isDelimiter: (t) => t === 35,
};

export function rulesFor(codec: VideoCodec): CodecRules {
  return codec === 'h264' ? H264_RULES : H265_RULES;
}
