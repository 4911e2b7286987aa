// RTCP receiver reports: extended highest sequence across the 16-bit wrap, loss fraction and count, the SR echo.
import { describe, expect, it } from 'vitest';
import { ReceiverReports } from '../../src/rtsp/receiver-reports.js';

function rtp(sequence: number): Buffer {
  const packet = Buffer.alloc(12);
  packet[0] = 0x80;
  packet.writeUInt16BE(sequence & 0xffff, 2);
  packet.writeUInt32BE(0xabcdef01, 8);
  return packet;
}

function senderReport(ntpSeconds: number, ntpFraction: number): Buffer {
  const sr = Buffer.alloc(28);
  sr[0] = 0x80;
  sr[1] = 200;
  sr.writeUInt16BE(6, 2);
  sr.writeUInt32BE(ntpSeconds, 8);
  sr.writeUInt32BE(ntpFraction, 12);
  return sr;
}

describe('ReceiverReports', () => {
  it('says nothing before the first packet', () => {
    expect(new ReceiverReports().report(0)).toBeUndefined();
  });

  it('counts across the sequence wrap, reports a quarter lost, and echoes the sender report', () => {
    const reports = new ReceiverReports();
    for (const sequence of [65_532, 65_533, 65_535, 0, 2, 3]) reports.packet(rtp(sequence)); // 65534 and 1 lost
    reports.rtcp(senderReport(0x11223344, 0x55667788), 1_000);
    const rr = reports.report(1_500);
    if (!rr) throw new Error('no report');
    expect(rr[1]).toBe(201);
    expect(rr.readUInt32BE(8)).toBe(0xabcdef01);
    expect(rr[12]).toBe(Math.floor((2 * 256) / 8)); // fraction lost: 2 of 8
    expect(rr.readUInt32BE(12) & 0xffffff).toBe(2); // cumulative lost
    expect(rr.readUInt32BE(16)).toBe(0x10000 + 3); // one cycle, highest 3
    expect(rr.readUInt32BE(24)).toBe(0x33445566); // middle 32 bits of the SR's NTP time
    expect(rr.readUInt32BE(28)).toBe(65_536 / 2); // half a second since the SR, in 1/65536 s
    reports.packet(rtp(4));
    expect(reports.report(2_000)?.[12]).toBe(0); // nothing lost since the last report
  });
});
