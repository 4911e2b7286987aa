// Bit-level reading of NAL unit payloads: emulation-prevention removal and Exp-Golomb codes (H.264/H.265 §7.2, §9.1).

/** The RBSP of a NAL unit: every 00 00 03 loses its 03 (the encoder inserted it so no start code appears). */
export function unescapeRbsp(nal: Buffer): Buffer {
  let zeros = 0;
  let needed = false;
  for (let i = 0; i < nal.length; i++) {
    const byte = nal[i] ?? 0;
    if (zeros >= 2 && byte === 3) {
      needed = true;
      break;
    }
    zeros = byte === 0 ? zeros + 1 : 0;
  }
  if (!needed) return nal;
  const out = Buffer.allocUnsafe(nal.length);
  let length = 0;
  zeros = 0;
  for (let i = 0; i < nal.length; i++) {
    const byte = nal[i] ?? 0;
    if (zeros >= 2 && byte === 3) {
      zeros = 0;
      continue;
    }
    out[length++] = byte;
    zeros = byte === 0 ? zeros + 1 : 0;
  }
  return out.subarray(0, length);
}

/** Reads bits MSB first; reading past the end throws, so a truncated SPS fails instead of yielding zeros. */
export class BitReader {
  private position = 0;

  constructor(private readonly data: Buffer) {}

  get bitsLeft(): number {
    return this.data.length * 8 - this.position;
  }

  bit(): number {
    if (this.position >= this.data.length * 8) throw new RangeError('bitstream ends early');
    const byte = this.data[this.position >>> 3] ?? 0;
    const value = (byte >>> (7 - (this.position & 7))) & 1;
    this.position++;
    return value;
  }

  /** Up to 32 bits as an unsigned number. */
  bits(count: number): number {
    let value = 0;
    for (let i = 0; i < count; i++) value = value * 2 + this.bit();
    return value;
  }

  skip(count: number): void {
    if (this.position + count > this.data.length * 8) throw new RangeError('bitstream ends early');
    this.position += count;
  }

  flag(): boolean {
    return this.bit() === 1;
  }

  /** ue(v): unsigned Exp-Golomb. More than 31 leading zeros is no valid SPS field. */
  ue(): number {
    let zeros = 0;
    while (this.bit() === 0) {
      if (++zeros > 31) throw new RangeError('Exp-Golomb code too long');
    }
    return zeros === 0 ? 0 : 2 ** zeros - 1 + this.bits(zeros);
  }

  /** se(v): signed Exp-Golomb. */
  se(): number {
    const code = this.ue();
    return code % 2 === 1 ? (code + 1) / 2 : -(code / 2);
  }
}

/** A cropping or conformance window (left, right, top, bottom offsets, ue(v) each) as horizontal and vertical sums. */
export function readWindow(r: BitReader): { horizontal: number; vertical: number } {
  const left = r.ue();
  const right = r.ue();
  const top = r.ue();
  const bottom = r.ue();
  return { horizontal: left + right, vertical: top + bottom };
}
