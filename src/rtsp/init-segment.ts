// The fMP4 init segment (ftyp + moov with one video track, empty sample tables, mvex/trex) for H.264 or H.265,
// with the decoder configuration (avcC / hvcC) built from the parameter sets.
import { parseInit, type InitSegment } from '../stream/index.js';
import type { ParameterSetKind } from './codec-rules.js';
import { parseH264Sps } from './h264-sps.js';
import { parseH265Sps } from './h265-sps.js';
import { box, fields, fullBox, UNITY_MATRIX } from './mp4-boxes.js';
import type { VideoCodec } from './sdp.js';

export const TRACK_ID = 1;
export const TIMESCALE = 90_000;

export type ParameterSets = ReadonlyMap<ParameterSetKind, Buffer>;

export interface VideoConfig {
  readonly codec: VideoCodec;
  readonly width: number;
  readonly height: number;
  /** Pictures that may precede another in decode order and follow it in presentation order; undefined: unknown. */
  readonly maxReorder: number | undefined;
  /** avcC or hvcC box. */
  readonly decoderConfig: Buffer;
}

/** The parameter sets a codec needs before it can describe its track. */
export function requiredSets(codec: VideoCodec): readonly ParameterSetKind[] {
  return codec === 'h264' ? ['sps', 'pps'] : ['vps', 'sps', 'pps'];
}

/** Reads size and reorder depth from the SPS and builds the decoder configuration. Throws RangeError on a bad SPS. */
export function videoConfig(codec: VideoCodec, sets: ParameterSets): VideoConfig {
  const sps = sets.get('sps');
  const pps = sets.get('pps');
  if (!sps || !pps) throw new RangeError('SPS or PPS missing');
  if (codec === 'h264') {
    const info = parseH264Sps(sps);
    const high = [100, 110, 122, 144].includes(info.profileIdc);
    const config = Buffer.concat([
      fields([1, 1], [1, info.profileIdc], [1, info.constraintFlags], [1, info.levelIdc], [1, 0xff], [1, 0xe1]),
      fields([2, sps.length]),
      sps,
      fields([1, 1], [2, pps.length]),
      pps,
      // ISO 14496-15 §5.3.3.1: the chroma and bit-depth fields follow for the High profiles.
      high
        ? fields(
            [1, 0xfc | info.chromaFormatIdc],
            [1, 0xf8 | (info.bitDepthLuma - 8)],
            [1, 0xf8 | (info.bitDepthChroma - 8)],
            [1, 0],
          )
        : Buffer.alloc(0),
    ]);
    return {
      codec,
      width: info.width,
      height: info.height,
      maxReorder: info.maxReorderFrames,
      decoderConfig: box('avcC', config),
    };
  }
  const vps = sets.get('vps');
  if (!vps) throw new RangeError('VPS missing');
  const info = parseH265Sps(sps);
  const arrays = (
    [
      [32, vps],
      [33, sps],
      [34, pps],
    ] as const
  ).map(([type, nal]) => Buffer.concat([fields([1, 0x80 | type], [2, 1], [2, nal.length]), nal]));
  const config = Buffer.concat([
    fields([1, 1]),
    info.generalProfileTierLevel,
    fields(
      [2, 0xf000], // min_spatial_segmentation_idc 0
      [1, 0xfc], // parallelismType 0 (unknown)
      [1, 0xfc | info.chromaFormatIdc],
      [1, 0xf8 | (info.bitDepthLuma - 8)],
      [1, 0xf8 | (info.bitDepthChroma - 8)],
      [2, 0], // avgFrameRate unknown
      // constantFrameRate 0, numTemporalLayers, temporalIdNested, lengthSizeMinusOne 3
      [1, (info.maxSubLayers << 3) | (info.temporalIdNesting ? 4 : 0) | 3],
      [1, arrays.length],
    ),
    ...arrays,
  ]);
  return {
    codec,
    width: info.width,
    height: info.height,
    maxReorder: info.maxReorderPics,
    decoderConfig: box('hvcC', config),
  };
}

/** The init segment's bytes and the facts parseInit reads from them (once per stream or parameter change). */
export function buildInitSegment(video: VideoConfig): InitSegment {
  const entryType = video.codec === 'h264' ? 'avc1' : 'hvc1';
  const ftyp = box(
    'ftyp',
    Buffer.from('iso5', 'latin1'),
    fields([4, 512]),
    Buffer.from(`iso5iso6mp41${entryType}`, 'latin1'),
  );
  const mvhd = fullBox(
    'mvhd',
    0,
    0,
    fields([4, 0], [4, 0], [4, 1000], [4, 0], [4, 0x00010000], [2, 0x0100], [2, 0], [4, 0], [4, 0]),
    UNITY_MATRIX,
    Buffer.alloc(24),
    fields([4, TRACK_ID + 1]),
  );
  const tkhd = fullBox(
    'tkhd',
    0,
    3, // enabled, in movie
    fields([4, 0], [4, 0], [4, TRACK_ID], [4, 0], [4, 0], [4, 0], [4, 0], [2, 0], [2, 0], [2, 0], [2, 0]),
    UNITY_MATRIX,
    fields([4, video.width * 0x10000], [4, video.height * 0x10000]),
  );
  const mdhd = fullBox('mdhd', 0, 0, fields([4, 0], [4, 0], [4, TIMESCALE], [4, 0], [2, 0x55c4], [2, 0])); // 'und'
  const hdlr = fullBox(
    'hdlr',
    0,
    0,
    fields([4, 0]),
    Buffer.from('vide', 'latin1'),
    Buffer.alloc(12),
    Buffer.from('VideoHandler\0', 'latin1'),
  );
  const sampleEntry = box(
    entryType,
    fields([4, 0], [2, 0], [2, 1], [2, 0], [2, 0], [4, 0], [4, 0], [4, 0]),
    fields([2, video.width], [2, video.height], [4, 0x00480000], [4, 0x00480000], [4, 0], [2, 1]),
    Buffer.alloc(32), // compressorname
    fields([2, 0x0018], [2, 0xffff]),
    video.decoderConfig,
  );
  const stbl = box(
    'stbl',
    fullBox('stsd', 0, 0, fields([4, 1]), sampleEntry),
    fullBox('stts', 0, 0, fields([4, 0])),
    fullBox('stsc', 0, 0, fields([4, 0])),
    fullBox('stsz', 0, 0, fields([4, 0], [4, 0])),
    fullBox('stco', 0, 0, fields([4, 0])),
  );
  const dinf = box('dinf', fullBox('dref', 0, 0, fields([4, 1]), fullBox('url ', 0, 1)));
  const minf = box('minf', fullBox('vmhd', 0, 1, fields([2, 0], [2, 0], [2, 0], [2, 0])), dinf, stbl);
  const trak = box('trak', tkhd, box('mdia', mdhd, hdlr, minf));
  const mvex = box('mvex', fullBox('trex', 0, 0, fields([4, TRACK_ID], [4, 1], [4, 0], [4, 0], [4, 0])));
  return parseInit(Buffer.concat([ftyp, box('moov', mvhd, trak, mvex)]));
}
