// RFC 6184 packetisation (single NAL / FU-A) and RFC 3550 headers and sender reports.
import { describe, expect, it } from 'vitest';
import {
  buildSenderReport,
  ntpTimestamp,
  packetizeAccessUnit,
  packetizeNal,
  readRtpHeader,
  writeRtpHeader,
} from '../../src/simulator/rtp-h264.js';

function nalOf(size: number, header = 0x65): Buffer {
  const nal = Buffer.alloc(size);
  nal[0] = header;
  for (let i = 1; i < size; i++) nal[i] = i % 251;
  return nal;
}

/** Rebuilds a NAL from its FU-A fragments, checking S/E bits on the way. */
function reassemble(packets: Buffer[]): Buffer {
  if (packets.length === 1) return packets[0]!;
  const first = packets[0]!;
  const header = (first[0]! & 0xe0) | (first[1]! & 0x1f);
  packets.forEach((p, i) => {
    expect(p[0]! & 0x1f).toBe(28);
    expect(Boolean(p[1]! & 0x80)).toBe(i === 0);
    expect(Boolean(p[1]! & 0x40)).toBe(i === packets.length - 1);
  });
  return Buffer.concat([Buffer.from([header]), ...packets.map((p) => p.subarray(2))]);
}

describe('H.264 RTP packetiser', () => {
  it.each([
    // [NAL size, max payload, expected packets]
    [1, 1400, 1],
    [100, 1400, 1],
    [1400, 1400, 1], // exactly fits: single NAL unit packet
    [1401, 1400, 2], // 1400 bytes after the header byte → 1398 + 2
    [2797, 1400, 2], // 1 + 1398 * 2
    [2798, 1400, 3],
    [50_000, 1400, 36],
    [300_000, 1200, 251],
  ])('a %i-byte NAL with max payload %i makes %i packets', (size, max, count) => {
    const nal = nalOf(size);
    const packets = packetizeNal(nal, max);
    expect(packets).toHaveLength(count);
    for (const p of packets) expect(p.length).toBeLessThanOrEqual(max);
    expect(reassemble(packets).equals(nal)).toBe(true);
  });

  it('keeps NRI in the FU indicator and the type in the FU header', () => {
    const [first] = packetizeNal(nalOf(3000, 0x25), 1400); // NRI 1, type 5
    expect(first![0]).toBe(0x20 | 28);
    expect(first![1]).toBe(0x80 | 5);
  });

  it('drops AUDs and counts bytes of an access unit', () => {
    const unit = packetizeAccessUnit(
      { nals: [Buffer.from([0x09, 0xf0]), nalOf(10, 0x67), nalOf(2000)], keyframe: true },
      1234,
    );
    expect(unit.payloads.map((p) => p.length)).toEqual([10, 1400, 603]);
    expect(unit.bytes).toBe(2013);
    expect(unit.timestamp).toBe(1234);
  });

  it('writes and reads RTP headers with wrap-around', () => {
    const buf = Buffer.alloc(12);
    writeRtpHeader(buf, 0, { sequence: 65_536 + 7, timestamp: 2 ** 32 + 90, ssrc: 0xdeadbeef, marker: true });
    expect(readRtpHeader(buf)).toEqual({
      version: 2,
      marker: true,
      payloadType: 96,
      sequence: 7,
      timestamp: 90,
      ssrc: 0xdeadbeef,
    });
  });

  it('builds sender reports with NTP time from the wall clock', () => {
    const unixMs = Date.UTC(2024, 0, 1, 0, 0, 0, 500);
    const sr = buildSenderReport({ ssrc: 1, unixMs, rtpTimestamp: 42, packetCount: 3, octetCount: 4 });
    expect(sr.length).toBe(28);
    expect([sr[0], sr[1], sr.readUInt16BE(2)]).toEqual([0x80, 200, 6]);
    expect(sr.readUInt32BE(8)).toBe(unixMs / 1000 - 0.5 + 2_208_988_800);
    expect(sr.readUInt32BE(12)).toBe(2 ** 31);
    expect([sr.readUInt32BE(16), sr.readUInt32BE(20), sr.readUInt32BE(24)]).toEqual([42, 3, 4]);
    expect(ntpTimestamp(0)).toEqual({ seconds: 2_208_988_800, fraction: 0 });
  });
});
