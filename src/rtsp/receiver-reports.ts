// RTCP receiver reports (RFC 3550 §6.4.2) for the video track: cameras that watch RTCP see the session alive and its
// loss, as with ffmpeg or MediaMTX. Reception counters per packet are a few integer operations; a report every 5 s.
import { randomBytes } from 'node:crypto';

const RTCP_SR = 200;
const RTCP_RR = 201;

export class ReceiverReports {
  private readonly ownSsrc = randomBytes(4).readUInt32BE(0);
  private sourceSsrc = 0;
  private started = false;
  private baseSequence = 0;
  private maxSequence = 0;
  private cycles = 0;
  private received = 0;
  private expectedPrior = 0;
  private receivedPrior = 0;
  /** Middle 32 bits of the last sender report's NTP time, and when it arrived (ms); 0: none yet. */
  private lastSenderReport = 0;
  private lastSenderReportAt = 0;

  /** One RTP packet of the track (header already known to be RTP version 2). */
  packet(packet: Buffer): void {
    const sequence = packet.readUInt16BE(2);
    this.received++;
    if (!this.started) {
      this.started = true;
      this.sourceSsrc = packet.readUInt32BE(8);
      this.baseSequence = sequence;
      this.maxSequence = sequence;
      return;
    }
    // Ahead by less than half the sequence space: a newer packet (wrapping past 65535 counts a cycle).
    if (((sequence - this.maxSequence) & 0xffff) < 0x8000) {
      if (sequence < this.maxSequence) this.cycles += 0x10000;
      this.maxSequence = sequence;
    }
  }

  /** An RTCP compound packet from the camera: its sender report's time is echoed in the next receiver report. */
  rtcp(compound: Buffer, now: number): void {
    let offset = 0;
    while (offset + 8 <= compound.length) {
      const length = 4 * (compound.readUInt16BE(offset + 2) + 1);
      if (compound[offset + 1] === RTCP_SR && offset + 20 <= compound.length) {
        this.lastSenderReport = compound.readUInt32BE(offset + 10);
        this.lastSenderReportAt = now;
      }
      offset += length;
    }
  }

  /** A receiver report with one report block; undefined before the first packet. */
  report(now: number): Buffer | undefined {
    if (!this.started) return undefined;
    const extendedMax = this.cycles + this.maxSequence;
    const expected = extendedMax - this.baseSequence + 1;
    const lost = Math.max(-0x800000, Math.min(0x7fffff, expected - this.received));
    const expectedInterval = expected - this.expectedPrior;
    const lostInterval = expectedInterval - (this.received - this.receivedPrior);
    this.expectedPrior = expected;
    this.receivedPrior = this.received;
    const fraction = expectedInterval > 0 && lostInterval > 0 ? Math.floor((lostInterval * 256) / expectedInterval) : 0;
    const delaySinceSr =
      this.lastSenderReportAt === 0 ? 0 : Math.floor(((now - this.lastSenderReportAt) / 1000) * 65_536);
    const rr = Buffer.alloc(32);
    rr[0] = 0x81; // version 2, one report block
    rr[1] = RTCP_RR;
    rr.writeUInt16BE(7, 2); // length in 32-bit words minus one
    rr.writeUInt32BE(this.ownSsrc, 4);
    rr.writeUInt32BE(this.sourceSsrc, 8);
    rr.writeUInt32BE(((Math.min(fraction, 255) << 24) | (lost & 0xffffff)) >>> 0, 12);
    rr.writeUInt32BE(extendedMax >>> 0, 16);
    rr.writeUInt32BE(0, 20); // interarrival jitter: not measured
    rr.writeUInt32BE(this.lastSenderReport >>> 0, 24);
    rr.writeUInt32BE(delaySinceSr >>> 0, 28);
    return rr;
  }
}
