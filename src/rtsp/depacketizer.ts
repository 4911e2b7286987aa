// RTP payload → NAL units: H.264 (RFC 6184: single NAL, STAP-A, FU-A) and H.265 (RFC 7798: single NAL, AP, FU).
// A NAL unit is a list of views into received packets; the bytes are copied once, into the mdat.

export interface NalUnit {
  readonly parts: Buffer[];
  /** Bytes of the NAL unit (header included), without a length prefix. */
  size: number;
}

export interface Depacketizer {
  /** Adds the complete NAL units of one payload to `out`; false when the payload cannot be read (a broken unit). */
  push(payload: Buffer, out: NalUnit[]): boolean;
  /** Drops a fragmented NAL unit under way (after a lost packet). */
  reset(): void;
}

const H264_STAP_A = 24;
const H264_FU_A = 28;
const H265_AP = 48;
const H265_FU = 49;

/** Aggregation packets: 16-bit size then the NAL unit, repeated, after a header of `headerSize` bytes. */
function pushAggregated(payload: Buffer, headerSize: number, out: NalUnit[]): boolean {
  let offset = headerSize;
  while (offset + 2 <= payload.length) {
    const size = payload.readUInt16BE(offset);
    const end = offset + 2 + size;
    if (size === 0 || end > payload.length) return false;
    out.push({ parts: [payload.subarray(offset + 2, end)], size });
    offset = end;
  }
  return offset === payload.length;
}

/** Shared fragmentation-unit state: the NAL unit being reassembled. */
class FragmentedNal {
  private current: NalUnit | undefined;

  /** `first` already starts with the rebuilt NAL header. */
  start(first: Buffer): void {
    this.current = { parts: [first], size: first.length };
  }

  /** False when no start was seen (its first packet was lost). */
  append(part: Buffer, end: boolean, out: NalUnit[]): boolean {
    const current = this.current;
    if (!current) return false;
    current.parts.push(part);
    current.size += part.length;
    if (end) {
      out.push(current);
      this.current = undefined;
    }
    return true;
  }

  finishStart(end: boolean, out: NalUnit[]): void {
    if (!end || !this.current) return;
    out.push(this.current);
    this.current = undefined;
  }

  reset(): void {
    this.current = undefined;
  }
}

export class H264Depacketizer implements Depacketizer {
  private readonly fragment = new FragmentedNal();

  push(payload: Buffer, out: NalUnit[]): boolean {
    if (payload.length < 1) return false;
    const type = (payload[0] ?? 0) & 0x1f;
    if (type >= 1 && type <= 23) {
      out.push({ parts: [payload], size: payload.length });
      return true;
    }
    if (type === H264_STAP_A) return pushAggregated(payload, 1, out);
    if (type !== H264_FU_A || payload.length < 3) return false; // STAP-B, MTAP, FU-B: interleaved mode only
    const fuHeader = payload[1] ?? 0;
    const end = (fuHeader & 0x40) !== 0;
    if ((fuHeader & 0x80) === 0) return this.fragment.append(payload.subarray(2), end, out);
    // The NAL header is rebuilt in place of the FU header: F and NRI from the indicator, the type from the header.
    payload[1] = ((payload[0] ?? 0) & 0xe0) | (fuHeader & 0x1f);
    this.fragment.start(payload.subarray(1));
    this.fragment.finishStart(end, out);
    return true;
  }

  reset(): void {
    this.fragment.reset();
  }
}

export class H265Depacketizer implements Depacketizer {
  private readonly fragment = new FragmentedNal();

  push(payload: Buffer, out: NalUnit[]): boolean {
    if (payload.length < 3) return false;
    const type = ((payload[0] ?? 0) >>> 1) & 0x3f;
    if (type < H265_AP) {
      out.push({ parts: [payload], size: payload.length });
      return true;
    }
    if (type === H265_AP) return pushAggregated(payload, 2, out);
    if (type !== H265_FU || payload.length < 4) return false; // PACI and reserved types
    const fuHeader = payload[2] ?? 0;
    const end = (fuHeader & 0x40) !== 0;
    if ((fuHeader & 0x80) === 0) return this.fragment.append(payload.subarray(3), end, out);
    // The two-byte NAL header is rebuilt over bytes 1-2: the payload header with the FU's type.
    const layerAndTid = payload[1] ?? 0;
    payload[1] = ((payload[0] ?? 0) & 0x81) | ((fuHeader & 0x3f) << 1);
    payload[2] = layerAndTid;
    this.fragment.start(payload.subarray(1));
    this.fragment.finishStart(end, out);
    return true;
  }

  reset(): void {
    this.fragment.reset();
  }
}
