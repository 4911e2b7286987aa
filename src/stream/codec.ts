// RFC 6381 codec strings from MP4 sample entries (avcC, hvcC, esds) plus the coded size of video entries.

export interface SampleEntryInfo {
  readonly codec: string;
  readonly width: number;
  readonly height: number;
}

/** Bytes of a VisualSampleEntry before its child boxes (ISO 14496-12 §12.1.3). */
const VISUAL_ENTRY_FIELDS = 78;
/** Bytes of a version-0 AudioSampleEntry before its child boxes. */
const AUDIO_ENTRY_FIELDS = 28;

const VIDEO_ENTRIES = new Set(['avc1', 'avc3', 'hvc1', 'hev1', 'av01', 'vp09', 'encv']);

/** `start`/`end` bound the sample entry's payload (after its 8-byte header). */
export function codecString(data: Buffer, type: string, start: number, end: number): SampleEntryInfo {
  if (VIDEO_ENTRIES.has(type)) {
    if (start + VISUAL_ENTRY_FIELDS > end) return { codec: type, width: 0, height: 0 };
    const width = data.readUInt16BE(start + 24);
    const height = data.readUInt16BE(start + 26);
    const config = childBoxes(data, start + VISUAL_ENTRY_FIELDS, end);
    const avcC = config.get('avcC');
    if ((type === 'avc1' || type === 'avc3') && avcC && avcC.end - avcC.start >= 4) {
      return { codec: `${type}.${data.toString('hex', avcC.start + 1, avcC.start + 4)}`, width, height };
    }
    const hvcC = config.get('hvcC');
    if ((type === 'hvc1' || type === 'hev1') && hvcC && hvcC.end - hvcC.start >= 13) {
      return { codec: `${type}.${hevcSuffix(data.subarray(hvcC.start, hvcC.end))}`, width, height };
    }
    return { codec: type, width, height };
  }
  if (type === 'mp4a') {
    const esds = childBoxes(data, start + AUDIO_ENTRY_FIELDS, end).get('esds');
    return { codec: esds ? mp4aCodec(data.subarray(esds.start + 4, esds.end)) : 'mp4a.40.2', width: 0, height: 0 };
  }
  return { codec: type, width: 0, height: 0 };
}

/** hvcC → `1.6.L93.B0`: profile space+idc, reversed compatibility flags, tier+level, constraint bytes. */
function hevcSuffix(c: Buffer): string {
  const b1 = c[1] ?? 0;
  const space = b1 >>> 6;
  const tier = (b1 >>> 5) & 1;
  const profile = b1 & 0x1f;
  const compat = c.readUInt32BE(2);
  let reversed = 0;
  for (let i = 0; i < 32; i++) if (compat & (1 << i)) reversed |= 1 << (31 - i);
  const constraints: string[] = [];
  for (let i = 6; i < 12; i++) constraints.push((c[i] ?? 0).toString(16).toUpperCase());
  while (constraints.length > 0 && constraints[constraints.length - 1] === '0') constraints.pop();
  const spaceLetter = space === 0 ? '' : String.fromCharCode(0x40 + space);
  const parts = [
    `${spaceLetter}${profile}`,
    (reversed >>> 0).toString(16).toUpperCase(),
    `${tier ? 'H' : 'L'}${c[12] ?? 0}`,
  ];
  return [...parts, ...constraints].join('.');
}

/** esds descriptors: ES_Descriptor(3) → DecoderConfigDescriptor(4) → DecoderSpecificInfo(5). */
function mp4aCodec(esds: Buffer): string {
  let p = 0;
  let oti = 0;
  while (p < esds.length) {
    const tag = esds[p++] ?? 0;
    let len = 0;
    for (let i = 0; i < 4; i++) {
      const b = esds[p++] ?? 0;
      len = (len << 7) | (b & 0x7f);
      if ((b & 0x80) === 0) break;
    }
    if (tag === 3) {
      const flags = esds[p + 2] ?? 0;
      p += 3 + (flags & 0x80 ? 2 : 0) + (flags & 0x40 ? 1 + (esds[p + 3] ?? 0) : 0) + (flags & 0x20 ? 2 : 0);
    } else if (tag === 4) {
      oti = esds[p] ?? 0;
      p += 13;
    } else if (tag === 5) {
      const aot = (esds[p] ?? 0) >>> 3;
      return oti === 0x40 ? `mp4a.40.${aot}` : `mp4a.${oti.toString(16)}`;
    } else {
      p += len;
    }
  }
  return oti ? `mp4a.${oti.toString(16)}` : 'mp4a.40.2';
}

function childBoxes(data: Buffer, from: number, to: number): Map<string, { start: number; end: number }> {
  const out = new Map<string, { start: number; end: number }>();
  let p = from;
  while (p + 8 <= to) {
    const size = data.readUInt32BE(p);
    if (size < 8 || p + size > to) break;
    out.set(data.toString('latin1', p + 4, p + 8), { start: p + 8, end: p + size });
    p += size;
  }
  return out;
}
