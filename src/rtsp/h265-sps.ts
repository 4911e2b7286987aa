// H.265 sequence parameter set (ITU-T H.265 §7.3.2.2): profile_tier_level for hvcC, the size inside the conformance
// window, and sps_max_num_reorder_pics that tells whether pictures arrive out of presentation order.
import { BitReader, readWindow, unescapeRbsp } from './bit-reader.js';

export interface H265SpsInfo {
  /** general_profile_space … general_level_idc: the 12 bytes hvcC copies as they are. */
  readonly generalProfileTierLevel: Buffer;
  readonly maxSubLayers: number;
  readonly temporalIdNesting: boolean;
  readonly chromaFormatIdc: number;
  readonly bitDepthLuma: number;
  readonly bitDepthChroma: number;
  readonly width: number;
  readonly height: number;
  readonly maxReorderPics: number;
}

/** Parses an SPS NAL unit (with its two-byte header). Throws RangeError on a truncated or invalid one. */
export function parseH265Sps(nal: Buffer): H265SpsInfo {
  const rbsp = unescapeRbsp(nal.subarray(2));
  const r = new BitReader(rbsp);
  r.skip(4); // sps_video_parameter_set_id
  const maxSubLayersMinus1 = r.bits(3);
  const temporalIdNesting = r.flag();
  if (rbsp.length < 13) throw new RangeError('SPS too short');
  const generalProfileTierLevel = Buffer.from(rbsp.subarray(1, 13));
  r.skip(96);
  skipSubLayers(r, maxSubLayersMinus1);
  r.ue(); // sps_seq_parameter_set_id
  const chromaFormatIdc = r.ue();
  if (chromaFormatIdc === 3) r.skip(1); // separate_colour_plane_flag
  let width = r.ue();
  let height = r.ue();
  if (r.flag()) {
    // Offsets count chroma samples (Table 6-1): two luma columns per unit for 4:2:0 and 4:2:2.
    const subWidth = chromaFormatIdc === 1 || chromaFormatIdc === 2 ? 2 : 1;
    const subHeight = chromaFormatIdc === 1 ? 2 : 1;
    const window = readWindow(r);
    width -= subWidth * window.horizontal;
    height -= subHeight * window.vertical;
  }
  const bitDepthLuma = r.ue() + 8;
  const bitDepthChroma = r.ue() + 8;
  r.ue(); // log2_max_pic_order_cnt_lsb_minus4
  const orderingForAll = r.flag();
  let maxReorderPics = 0;
  for (let i = orderingForAll ? 0 : maxSubLayersMinus1; i <= maxSubLayersMinus1; i++) {
    r.ue(); // sps_max_dec_pic_buffering_minus1
    maxReorderPics = r.ue(); // the highest sub-layer's value is the one that applies to the whole stream
    r.ue(); // sps_max_latency_increase_plus1
  }
  return {
    generalProfileTierLevel,
    maxSubLayers: maxSubLayersMinus1 + 1,
    temporalIdNesting,
    chromaFormatIdc,
    bitDepthLuma,
    bitDepthChroma,
    width,
    height,
    maxReorderPics,
  };
}

/** The sub-layer part of profile_tier_level (§7.3.3): presence flags, alignment, then the present fields. */
function skipSubLayers(r: BitReader, maxSubLayersMinus1: number): void {
  const profilePresent: boolean[] = [];
  const levelPresent: boolean[] = [];
  for (let i = 0; i < maxSubLayersMinus1; i++) {
    profilePresent.push(r.flag());
    levelPresent.push(r.flag());
  }
  if (maxSubLayersMinus1 > 0) r.skip(2 * (8 - maxSubLayersMinus1));
  for (let i = 0; i < maxSubLayersMinus1; i++) {
    if (profilePresent[i]) r.skip(88);
    if (levelPresent[i]) r.skip(8);
  }
}
