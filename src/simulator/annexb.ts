// H.264 Annex-B byte stream: NAL unit splitting (streaming and whole-buffer) and access-unit grouping.

/** NAL unit types the simulator cares about (ITU-T H.264 table 7-1). */
export const NAL = { SLICE: 1, IDR: 5, SEI: 6, SPS: 7, PPS: 8, AUD: 9 } as const;

export function nalType(nal: Buffer): number {
  return (nal[0] ?? 0) & 0x1f;
}

/** One coded picture: its NAL units without start codes (AUDs already removed). */
export interface AccessUnit {
  nals: Buffer[];
  keyframe: boolean;
}

/** Index of the next 00 00 01 at or after `from`, or -1. */
function findStartCode(buf: Buffer, from: number): number {
  for (let i = from; i + 2 < buf.length; i++) {
    // Skip fast: a start code needs buf[i+2] === 1 and two zeros before it.
    if (buf[i + 2]! > 1) {
      i += 2;
      continue;
    }
    if (buf[i] === 0 && buf[i + 1] === 0 && buf[i + 2] === 1) return i;
  }
  return -1;
}

/** Strips the trailing zero of a 4-byte start code (00 00 00 01) that belongs to the next NAL. */
function trimTrailingZeros(nal: Buffer): Buffer {
  let end = nal.length;
  while (end > 0 && nal[end - 1] === 0) end--;
  return end === nal.length ? nal : nal.subarray(0, end);
}

/** Splits a complete Annex-B buffer into NAL units (without start codes). */
export function splitAnnexB(buf: Buffer): Buffer[] {
  const nals: Buffer[] = [];
  let start = findStartCode(buf, 0);
  while (start >= 0) {
    const payloadStart = start + 3;
    const next = findStartCode(buf, payloadStart);
    const nal = trimTrailingZeros(buf.subarray(payloadStart, next < 0 ? buf.length : next));
    if (nal.length > 0) nals.push(nal);
    start = next;
  }
  return nals;
}

/**
 * Streaming splitter for a pipe: a NAL is complete only when the next start code arrives,
 * so each NAL is emitted one NAL late (with `aud=1`, one frame late at most).
 */
export class AnnexBSplitter {
  private pending: Buffer = Buffer.alloc(0);
  /** Where to resume the start-code search in `pending` (bytes before it were already scanned). */
  private scanFrom = 0;

  push(chunk: Buffer): Buffer[] {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const out: Buffer[] = [];
    let first = findStartCode(this.pending, 0);
    if (first < 0) {
      // Garbage before the first start code is kept only in its last 3 bytes (a start code may straddle chunks).
      if (this.pending.length > 3) this.pending = this.pending.subarray(this.pending.length - 3);
      this.scanFrom = 0;
      return out;
    }
    let next = findStartCode(this.pending, Math.max(first + 3, this.scanFrom));
    while (next >= 0) {
      const nal = trimTrailingZeros(this.pending.subarray(first + 3, next));
      // Copy: the pending buffer is reused by later concats and must not pin big chunks.
      if (nal.length > 0) out.push(Buffer.from(nal));
      first = next;
      next = findStartCode(this.pending, first + 3);
    }
    this.pending = this.pending.subarray(first);
    this.scanFrom = Math.max(3, this.pending.length - 2);
    return out;
  }

  /** The last NAL, at end of stream. */
  flush(): Buffer[] {
    const rest = splitAnnexB(this.pending);
    this.pending = Buffer.alloc(0);
    this.scanFrom = 0;
    return rest;
  }
}

function isVcl(type: number): boolean {
  return type >= 1 && type <= 5;
}

/** first_mb_in_slice is ue(v); it is 0 exactly when the first bit after the NAL header is 1. */
function startsPicture(nal: Buffer): boolean {
  return ((nal[1] ?? 0) & 0x80) !== 0;
}

/**
 * Groups NAL units into access units. A new unit starts at an AUD, at SPS/PPS/SEI after a slice,
 * or at a slice with first_mb_in_slice = 0 after a slice (H.264 7.4.1.2.3), so it works without AUDs too.
 */
export class AccessUnitAssembler {
  private current: Buffer[] = [];
  private sawVcl = false;

  push(nal: Buffer): AccessUnit | undefined {
    const type = nalType(nal);
    const boundary =
      type === NAL.AUD ||
      (this.sawVcl && (type === NAL.SPS || type === NAL.PPS || type === NAL.SEI)) ||
      (this.sawVcl && isVcl(type) && startsPicture(nal));
    const done = boundary && this.current.length > 0 ? this.take() : undefined;
    if (type !== NAL.AUD) {
      this.current.push(nal);
      if (isVcl(type)) this.sawVcl = true;
    }
    return done;
  }

  flush(): AccessUnit | undefined {
    return this.current.length > 0 ? this.take() : undefined;
  }

  private take(): AccessUnit {
    const nals = this.current;
    this.current = [];
    this.sawVcl = false;
    return { nals, keyframe: nals.some((n) => nalType(n) === NAL.IDR) };
  }
}

/** Splits a whole Annex-B buffer into access units. */
export function splitAccessUnits(buf: Buffer): AccessUnit[] {
  const assembler = new AccessUnitAssembler();
  const units: AccessUnit[] = [];
  for (const nal of splitAnnexB(buf)) {
    const unit = assembler.push(nal);
    if (unit) units.push(unit);
  }
  const last = assembler.flush();
  if (last) units.push(last);
  return units;
}

/** The SPS and PPS carried by an access unit, when it has both. */
export function parameterSets(unit: AccessUnit): { sps: Buffer; pps: Buffer } | undefined {
  const sps = unit.nals.find((n) => nalType(n) === NAL.SPS);
  const pps = unit.nals.find((n) => nalType(n) === NAL.PPS);
  return sps && pps ? { sps, pps } : undefined;
}
