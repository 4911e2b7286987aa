// H.264 sequence parameter set (ITU-T H.264 §7.3.2.1.1, VUI in Annex E): picture size after cropping, chroma
// fields for avcC, and the reorder depth that tells whether pictures arrive out of presentation order.
import { BitReader, readWindow, unescapeRbsp } from './bit-reader.js';

export interface H264SpsInfo {
  readonly profileIdc: number;
  readonly constraintFlags: number;
  readonly levelIdc: number;
  readonly chromaFormatIdc: number;
  readonly bitDepthLuma: number;
  readonly bitDepthChroma: number;
  readonly width: number;
  readonly height: number;
  /** max_num_reorder_frames from the VUI; 0 for profiles without B-slices; undefined when the SPS does not say. */
  readonly maxReorderFrames: number | undefined;
}

/** Profiles whose SPS carries chroma_format_idc and bit depths (§7.3.2.1.1). */
const HIGH_PROFILES = new Set([100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135]);

/** Parses an SPS NAL unit (with its one-byte header). Throws RangeError on a truncated or invalid one. */
export function parseH264Sps(nal: Buffer): H264SpsInfo {
  const rbsp = unescapeRbsp(nal.subarray(1));
  const r = new BitReader(rbsp);
  const profileIdc = r.bits(8);
  const constraintFlags = r.bits(8);
  const levelIdc = r.bits(8);
  r.ue(); // seq_parameter_set_id
  let chromaFormatIdc = 1;
  let separateColourPlane = false;
  let bitDepthLuma = 8;
  let bitDepthChroma = 8;
  if (HIGH_PROFILES.has(profileIdc)) {
    chromaFormatIdc = r.ue();
    if (chromaFormatIdc === 3) separateColourPlane = r.flag();
    bitDepthLuma = r.ue() + 8;
    bitDepthChroma = r.ue() + 8;
    r.skip(1); // qpprime_y_zero_transform_bypass_flag
    if (r.flag()) skipScalingMatrices(r, chromaFormatIdc === 3 ? 12 : 8);
  }
  r.ue(); // log2_max_frame_num_minus4
  const pocType = r.ue();
  if (pocType === 0) {
    r.ue(); // log2_max_pic_order_cnt_lsb_minus4
  } else if (pocType === 1) {
    r.skip(1); // delta_pic_order_always_zero_flag
    r.se(); // offset_for_non_ref_pic
    r.se(); // offset_for_top_to_bottom_field
    const cycle = r.ue();
    if (cycle > 255) throw new RangeError('num_ref_frames_in_pic_order_cnt_cycle out of range');
    for (let i = 0; i < cycle; i++) r.se();
  }
  r.ue(); // max_num_ref_frames
  r.skip(1); // gaps_in_frame_num_value_allowed_flag
  const widthInMbs = r.ue() + 1;
  const heightInMapUnits = r.ue() + 1;
  const frameMbsOnly = r.bit();
  if (!frameMbsOnly) r.skip(1); // mb_adaptive_frame_field_flag
  r.skip(1); // direct_8x8_inference_flag
  let width = widthInMbs * 16;
  let height = (2 - frameMbsOnly) * heightInMapUnits * 16;
  if (r.flag()) {
    // Crop units depend on chroma subsampling (Table 6-1) and, vertically, on field coding.
    const chromaArrayType = separateColourPlane ? 0 : chromaFormatIdc;
    const cropUnitX = chromaArrayType === 0 || chromaArrayType === 3 ? 1 : 2;
    const cropUnitY = (chromaArrayType === 1 ? 2 : 1) * (2 - frameMbsOnly);
    const window = readWindow(r);
    width -= cropUnitX * window.horizontal;
    height -= cropUnitY * window.vertical;
  }
  const vuiReorder = r.flag() ? readVuiReorder(r) : undefined;
  // Baseline and intra-only profiles have no B-slices: nothing is ever reordered.
  const noBSlices = profileIdc === 66 || (constraintFlags & 0x10) !== 0 ? 0 : undefined;
  return {
    profileIdc,
    constraintFlags,
    levelIdc,
    chromaFormatIdc,
    bitDepthLuma,
    bitDepthChroma,
    width,
    height,
    maxReorderFrames: vuiReorder ?? noBSlices,
  };
}

function skipScalingMatrices(r: BitReader, count: number): void {
  for (let i = 0; i < count; i++) {
    if (!r.flag()) continue;
    const size = i < 6 ? 16 : 64;
    let last = 8;
    let next = 8;
    for (let j = 0; j < size; j++) {
      if (next !== 0) next = (last + r.se() + 256) % 256;
      last = next === 0 ? last : next;
    }
  }
}

/** Walks the VUI (Annex E.1.1) to bitstream_restriction; undefined when the encoder left it out. */
function readVuiReorder(r: BitReader): number | undefined {
  if (r.flag() && r.bits(8) === 255) r.skip(32); // aspect_ratio_idc, Extended_SAR: sar_width, sar_height
  if (r.flag()) r.skip(1); // overscan_appropriate_flag
  if (r.flag()) {
    r.skip(4); // video_format, video_full_range_flag
    if (r.flag()) r.skip(24); // colour_primaries, transfer_characteristics, matrix_coefficients
  }
  if (r.flag()) {
    r.ue(); // chroma_sample_loc_type_top_field
    r.ue(); // chroma_sample_loc_type_bottom_field
  }
  if (r.flag()) r.skip(65); // num_units_in_tick, time_scale, fixed_frame_rate_flag
  const nalHrd = r.flag();
  if (nalHrd) skipHrd(r);
  const vclHrd = r.flag();
  if (vclHrd) skipHrd(r);
  if (nalHrd || vclHrd) r.skip(1); // low_delay_hrd_flag
  r.skip(1); // pic_struct_present_flag
  if (!r.flag()) return undefined;
  r.skip(1); // motion_vectors_over_pic_boundaries_flag
  r.ue(); // max_bytes_per_pic_denom
  r.ue(); // max_bits_per_mb_denom
  r.ue(); // log2_max_mv_length_horizontal
  r.ue(); // log2_max_mv_length_vertical
  return r.ue(); // max_num_reorder_frames
}

function skipHrd(r: BitReader): void {
  const count = r.ue() + 1;
  if (count > 32) throw new RangeError('cpb_cnt_minus1 out of range');
  r.skip(8); // bit_rate_scale, cpb_size_scale
  for (let i = 0; i < count; i++) {
    r.ue(); // bit_rate_value_minus1
    r.ue(); // cpb_size_value_minus1
    r.skip(1); // cbr_flag
  }
  r.skip(20); // four 5-bit delay and offset lengths
}
