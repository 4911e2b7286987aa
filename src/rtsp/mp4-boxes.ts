// ISO BMFF box building for the init segment (written rarely, so plain Buffers joined is fine).

export function box(type: string, ...payloads: Buffer[]): Buffer {
  let size = 8;
  for (const payload of payloads) size += payload.length;
  const header = Buffer.alloc(8);
  header.writeUInt32BE(size, 0);
  header.write(type, 4, 'latin1');
  return Buffer.concat([header, ...payloads], size);
}

export function fullBox(type: string, version: number, flags: number, ...payloads: Buffer[]): Buffer {
  const head = Buffer.alloc(4);
  head.writeUInt32BE(((version & 0xff) << 24) | (flags & 0xffffff), 0);
  return box(type, head, ...payloads);
}

/** Big-endian unsigned integers of the given byte widths, in order. */
export function fields(...pairs: Array<[bytes: 1 | 2 | 4, value: number]>): Buffer {
  let size = 0;
  for (const [bytes] of pairs) size += bytes;
  const out = Buffer.alloc(size);
  let offset = 0;
  for (const [bytes, value] of pairs) {
    out.writeUIntBE(value, offset, bytes);
    offset += bytes;
  }
  return out;
}

/** The unity matrix of mvhd and tkhd (16.16 and 2.30 fixed point). */
export const UNITY_MATRIX = fields(
  [4, 0x00010000],
  [4, 0],
  [4, 0],
  [4, 0],
  [4, 0x00010000],
  [4, 0],
  [4, 0],
  [4, 0],
  [4, 0x40000000],
);
