// RTP → access units for H.264 (single NAL, STAP-A, FU-A) and H.265 (single, AP, FU), with loss and timestamp wrap.
import { describe, expect, it } from 'vitest';
import { AccessUnitAssembler, type AccessUnit } from '../../src/rtsp/access-units.js';
import { H264_RULES, H265_RULES } from '../../src/rtsp/codec-rules.js';
import { H264Depacketizer, H265Depacketizer } from '../../src/rtsp/depacketizer.js';

function rtp(sequence: number, timestamp: number, marker: boolean, payload: Buffer, payloadType = 96): Buffer {
  const packet = Buffer.alloc(12 + payload.length);
  packet[0] = 0x80;
  packet[1] = (marker ? 0x80 : 0) | payloadType;
  packet.writeUInt16BE(sequence & 0xffff, 2);
  packet.writeUInt32BE(timestamp >>> 0, 4);
  payload.copy(packet, 12);
  return packet;
}

const idr = Buffer.from([0x65, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
const slice = Buffer.from([0x41, 9, 8, 7]);
const sps = Buffer.from([0x67, 0x42, 0xc0, 0x0d]);
const pps = Buffer.from([0x68, 0xce, 0x3c, 0x80]);

function stapA(...nals: Buffer[]): Buffer {
  return Buffer.concat([
    Buffer.from([0x18]),
    ...nals.flatMap((n) => [Buffer.from([n.length >> 8, n.length & 0xff]), n]),
  ]);
}

/** FU-A fragments of `nal` in `count` pieces. */
function fuA(nal: Buffer, count: number): Buffer[] {
  const body = nal.subarray(1);
  const size = Math.ceil(body.length / count);
  return Array.from({ length: count }, (_, i) => {
    const header = (i === 0 ? 0x80 : 0) | (i === count - 1 ? 0x40 : 0) | ((nal[0] ?? 0) & 0x1f);
    return Buffer.concat([Buffer.from([((nal[0] ?? 0) & 0xe0) | 28, header]), body.subarray(i * size, (i + 1) * size)]);
  });
}

function collect(codec: 'h264' | 'h265'): { units: AccessUnit[]; assembler: AccessUnitAssembler } {
  const units: AccessUnit[] = [];
  const assembler =
    codec === 'h264'
      ? new AccessUnitAssembler(H264_RULES, new H264Depacketizer(), (u) => units.push(u))
      : new AccessUnitAssembler(H265_RULES, new H265Depacketizer(), (u) => units.push(u));
  return { units, assembler };
}

const bytesOf = (unit: AccessUnit | undefined): Buffer[] => (unit?.nals ?? []).map((n) => Buffer.concat(n.parts));

describe('H.264 access units', () => {
  it('reads STAP-A parameter sets apart and rebuilds an FU-A keyframe', () => {
    const { units, assembler } = collect('h264');
    const packets = [stapA(sps, pps), ...fuA(idr, 3)];
    packets.forEach((p, i) => assembler.push(rtp(100 + i, 3000, i === packets.length - 1, p), 96));
    assembler.push(rtp(104, 6600, true, slice), 96);
    expect(units).toHaveLength(2);
    expect(units[0]?.keyframe).toBe(true);
    expect(bytesOf(units[0])).toEqual([idr]);
    expect(units[0]?.parameterSets?.get('sps')).toEqual(sps);
    expect(units[0]?.parameterSets?.get('pps')).toEqual(pps);
    expect(units[0]?.sampleSize).toBe(4 + idr.length);
    expect(units.map((u) => u.time)).toEqual([0, 3600]);
  });

  const lossCases = [
    { name: 'FU-A start lost', drop: 1 },
    { name: 'FU-A middle lost', drop: 2 },
    { name: 'FU-A end lost', drop: 3 },
  ];
  it.each(lossCases)('$name: drops the picture and waits for the next keyframe', ({ drop }) => {
    const { units, assembler } = collect('h264');
    assembler.push(rtp(0, 0, true, idr), 96);
    const fragments = fuA(Buffer.concat([Buffer.from([0x41]), Buffer.alloc(30, 7)]), 3);
    fragments.forEach((p, i) => {
      if (i + 1 !== drop) assembler.push(rtp(1 + i, 3600, i === 2, p), 96);
    });
    assembler.push(rtp(4, 7200, true, slice), 96); // a P picture after the loss: dropped too
    assembler.push(rtp(5, 10800, true, idr), 96);
    expect(units.map((u) => u.time)).toEqual([0, 10800]);
    expect(assembler.stats.lostPackets).toBe(1);
  });

  it('ends a picture whose marker was lost when the timestamp changes', () => {
    const { units, assembler } = collect('h264');
    assembler.push(rtp(0, 0, false, idr), 96);
    assembler.push(rtp(1, 3600, true, slice), 96);
    expect(units.map((u) => u.keyframe)).toEqual([true, false]);
  });

  it('waits for a keyframe at the start and ignores other payload types', () => {
    const { units, assembler } = collect('h264');
    assembler.push(rtp(0, 0, true, slice), 96);
    assembler.push(rtp(1, 100, true, idr, 8), 96);
    assembler.push(rtp(1, 3600, true, idr), 96);
    expect(units).toHaveLength(1);
    expect(units[0]?.time).toBe(3600);
  });

  it('unwraps the 32-bit RTP timestamp', () => {
    const { units, assembler } = collect('h264');
    assembler.push(rtp(0, 0xffff_f000, true, idr), 96);
    assembler.push(rtp(1, 0x0000_0a10, true, slice), 96);
    expect(units.map((u) => u.time)).toEqual([0, 0x1000 + 0xa10]);
  });
});

describe('H.265 access units', () => {
  const vps = Buffer.from([0x40, 0x01, 0x0c]);
  const hsps = Buffer.from([0x42, 0x01, 0x01]);
  const hpps = Buffer.from([0x44, 0x01, 0xc1]);
  const irap = Buffer.concat([Buffer.from([0x26, 0x01]), Buffer.alloc(40, 5)]); // IDR_W_RADL (19)
  const trail = Buffer.from([0x02, 0x01, 0xaa, 0xbb]); // TRAIL_R (1)

  function ap(...nals: Buffer[]): Buffer {
    return Buffer.concat([Buffer.from([48 << 1, 1]), ...nals.flatMap((n) => [Buffer.from([0, n.length]), n])]);
  }

  function fu(nal: Buffer, count: number): Buffer[] {
    const type = ((nal[0] ?? 0) >> 1) & 0x3f;
    const body = nal.subarray(2);
    const size = Math.ceil(body.length / count);
    return Array.from({ length: count }, (_, i) =>
      Buffer.concat([
        Buffer.from([
          ((nal[0] ?? 0) & 0x81) | (49 << 1),
          nal[1] ?? 0,
          (i === 0 ? 0x80 : 0) | (i === count - 1 ? 0x40 : 0) | type,
        ]),
        body.subarray(i * size, (i + 1) * size),
      ]),
    );
  }

  it('reads an AP of VPS/SPS/PPS and rebuilds an FU keyframe', () => {
    const { units, assembler } = collect('h265');
    const packets = [ap(vps, hsps, hpps), ...fu(irap, 4)];
    packets.forEach((p, i) => assembler.push(rtp(i, 90_000, i === packets.length - 1, p), 96));
    assembler.push(rtp(packets.length, 93_600, true, trail), 96);
    expect(units.map((u) => u.keyframe)).toEqual([true, false]);
    expect(bytesOf(units[0])).toEqual([irap]);
    expect([...(units[0]?.parameterSets?.keys() ?? [])]).toEqual(['vps', 'sps', 'pps']);
    expect(bytesOf(units[1])).toEqual([trail]);
  });

  it('drops a picture with a lost FU packet until the next IRAP', () => {
    const { units, assembler } = collect('h265');
    assembler.push(rtp(0, 0, true, irap), 96);
    const pieces = fu(irap, 3);
    assembler.push(rtp(1, 3600, false, pieces[0]!), 96);
    assembler.push(rtp(3, 3600, true, pieces[2]!), 96);
    assembler.push(rtp(4, 7200, true, trail), 96);
    expect(units).toHaveLength(1);
  });
});
