// RTP for H.264 (RFC 6184 single NAL unit and FU-A packets, RFC 3550 headers and sender reports): pure functions.
import { NAL, nalType, type AccessUnit } from './annexb.js';

/** Default RTP payload size: fits a 1500-byte MTU with IP/UDP/RTP headers and some slack. */
export const DEFAULT_MAX_PAYLOAD = 1400;
export const H264_PAYLOAD_TYPE = 96;

/** RTP payloads of one access unit; the last one carries the marker bit. Shared by every client. */
export interface PacketizedAccessUnit {
  /** Camera clock in 90 kHz units (not yet offset per client, may exceed 2^32). */
  timestamp: number;
  keyframe: boolean;
  payloads: Buffer[];
  /** Sum of payload sizes, for RTCP octet counts. */
  bytes: number;
}

/** Packetises one NAL: as is when it fits, else as FU-A fragments (RFC 6184 5.8). */
export function packetizeNal(nal: Buffer, maxPayload = DEFAULT_MAX_PAYLOAD): Buffer[] {
  if (nal.length <= maxPayload) return [nal];
  const header = nal[0] ?? 0;
  const indicator = (header & 0xe0) | 28; // F and NRI from the NAL, type 28 = FU-A
  const type = header & 0x1f;
  const chunk = maxPayload - 2;
  const out: Buffer[] = [];
  for (let offset = 1; offset < nal.length; offset += chunk) {
    const end = Math.min(offset + chunk, nal.length);
    const packet = Buffer.allocUnsafe(2 + end - offset);
    packet[0] = indicator;
    // S bit on the first fragment, E bit on the last.
    packet[1] = type | (offset === 1 ? 0x80 : 0) | (end === nal.length ? 0x40 : 0);
    nal.copy(packet, 2, offset, end);
    out.push(packet);
  }
  return out;
}

/** All payloads of an access unit, AUDs dropped (they mean nothing to an RTP receiver). */
export function packetizeAccessUnit(
  unit: AccessUnit,
  timestamp: number,
  maxPayload = DEFAULT_MAX_PAYLOAD,
): PacketizedAccessUnit {
  const payloads: Buffer[] = [];
  for (const nal of unit.nals) {
    if (nalType(nal) === NAL.AUD) continue;
    payloads.push(...packetizeNal(nal, maxPayload));
  }
  let bytes = 0;
  for (const p of payloads) bytes += p.length;
  return { timestamp, keyframe: unit.keyframe, payloads, bytes };
}

/** Writes a 12-byte RTP header (RFC 3550 5.1) into `target` at `offset`. */
export function writeRtpHeader(
  target: Buffer,
  offset: number,
  fields: { sequence: number; timestamp: number; ssrc: number; marker: boolean; payloadType?: number },
): void {
  target[offset] = 0x80; // version 2, no padding, no extension, no CSRC
  target[offset + 1] = (fields.marker ? 0x80 : 0) | ((fields.payloadType ?? H264_PAYLOAD_TYPE) & 0x7f);
  target.writeUInt16BE(fields.sequence & 0xffff, offset + 2);
  target.writeUInt32BE(fields.timestamp >>> 0, offset + 4);
  target.writeUInt32BE(fields.ssrc >>> 0, offset + 8);
}

export interface RtpHeaderFields {
  version: number;
  marker: boolean;
  payloadType: number;
  sequence: number;
  timestamp: number;
  ssrc: number;
}

export function readRtpHeader(packet: Buffer): RtpHeaderFields {
  if (packet.length < 12) throw new Error('RTP packet shorter than its header');
  const b1 = packet[1] ?? 0;
  return {
    version: (packet[0] ?? 0) >> 6,
    marker: (b1 & 0x80) !== 0,
    payloadType: b1 & 0x7f,
    sequence: packet.readUInt16BE(2),
    timestamp: packet.readUInt32BE(4),
    ssrc: packet.readUInt32BE(8),
  };
}

/** Seconds from 1900 (NTP epoch) to 1970 (Unix epoch). */
const NTP_UNIX_OFFSET = 2_208_988_800;

/** A wall-clock time in ms as the 64-bit NTP timestamp (seconds, 2^-32 fractions). */
export function ntpTimestamp(unixMs: number): { seconds: number; fraction: number } {
  const seconds = Math.floor(unixMs / 1000);
  const fraction = Math.floor(((unixMs - seconds * 1000) / 1000) * 0x1_0000_0000);
  return { seconds: (seconds + NTP_UNIX_OFFSET) >>> 0, fraction: fraction >>> 0 };
}

/** An RTCP sender report without report blocks (RFC 3550 6.4.1), 28 bytes. */
export function buildSenderReport(fields: {
  ssrc: number;
  unixMs: number;
  rtpTimestamp: number;
  packetCount: number;
  octetCount: number;
}): Buffer {
  const sr = Buffer.allocUnsafe(28);
  sr[0] = 0x80; // version 2, RC = 0
  sr[1] = 200; // PT = SR
  sr.writeUInt16BE(6, 2); // length in 32-bit words minus one
  sr.writeUInt32BE(fields.ssrc >>> 0, 4);
  const ntp = ntpTimestamp(fields.unixMs);
  sr.writeUInt32BE(ntp.seconds, 8);
  sr.writeUInt32BE(ntp.fraction, 12);
  sr.writeUInt32BE(fields.rtpTimestamp >>> 0, 16);
  sr.writeUInt32BE(fields.packetCount >>> 0, 20);
  sr.writeUInt32BE(fields.octetCount >>> 0, 24);
  return sr;
}
