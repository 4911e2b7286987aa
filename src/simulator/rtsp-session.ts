// One client's RTSP session: its own SSRC, sequence and timestamp base, sending the shared packets over TCP-interleaved or UDP.
import { randomBytes } from 'node:crypto';
import type { Socket as DgramSocket } from 'node:dgram';
import type { Socket } from 'node:net';
import type { Logger } from '../shared/index.js';
import type { MediaSource } from './media-source.js';
import { interleavedHeader } from './rtsp-message.js';
import { buildSenderReport, writeRtpHeader, type PacketizedAccessUnit } from './rtp-h264.js';

export type SessionTransport =
  | { kind: 'tcp'; socket: Socket; rtpChannel: number; rtcpChannel: number }
  | {
      kind: 'udp';
      rtpSocket: DgramSocket;
      rtcpSocket: DgramSocket;
      address: string;
      clientRtpPort: number;
      clientRtcpPort: number;
    };

/** A TCP client further behind than this is skipped to the next keyframe instead of buffering without bound. */
const MAX_TCP_BACKLOG_BYTES = 4 * 1024 * 1024;
/** RTCP sender report interval (RFC 3550 suggests ~5 s; clients sync faster with shorter). */
const SENDER_REPORT_MS = 1500;

export interface RtspSessionOptions {
  cameraId: string;
  stream: string;
  /** Absolute URL of the track, for RTP-Info. */
  trackUrl: string;
  source: MediaSource;
  transport: SessionTransport;
  /** A "camera that stops sending": checked before every unit and report. */
  isStopped: () => boolean;
  logger: Logger;
}

export class RtspSession {
  readonly id = randomBytes(8).toString('hex').toUpperCase();
  readonly ssrc = randomBytes(4).readUInt32BE(0);
  private sequence = randomBytes(2).readUInt16BE(0);
  private readonly timestampBase = randomBytes(4).readUInt32BE(0);
  private playing = false;
  private waitingForKeyframe = true;
  private packetCount = 0;
  private octetCount = 0;
  private lastReportMs = 0;
  private closed = false;
  /** Last RTSP request or RTCP packet from the client; UDP sessions expire on it. */
  lastActivityMs = Date.now();

  constructor(readonly options: RtspSessionOptions) {}

  get transport(): SessionTransport {
    return this.options.transport;
  }

  get isPlaying(): boolean {
    return this.playing;
  }

  touch(): void {
    this.lastActivityMs = Date.now();
  }

  /** Starts (or resumes) sending; returns what RTP-Info announces: the next sequence number and its RTP time. */
  play(): { sequence: number; rtpTime: number } {
    const info = { sequence: this.sequence, rtpTime: this.rtpTimestamp(this.options.source.clockAt(Date.now())) };
    if (!this.playing && !this.closed) {
      this.playing = true;
      // A decoder can start only on an IDR (which carries SPS/PPS here).
      this.waitingForKeyframe = true;
      this.options.source.addSink(this.onUnit);
    }
    return info;
  }

  pause(): void {
    if (!this.playing) return;
    this.playing = false;
    this.options.source.removeSink(this.onUnit);
  }

  close(): void {
    this.pause();
    this.closed = true;
  }

  private rtpTimestamp(clock: number): number {
    return (this.timestampBase + clock) >>> 0;
  }

  private readonly onUnit = (unit: PacketizedAccessUnit): void => {
    if (this.options.isStopped()) return;
    if (this.waitingForKeyframe) {
      if (!unit.keyframe) return;
      this.waitingForKeyframe = false;
    }
    const t = this.options.transport;
    if (t.kind === 'tcp' && t.socket.writableLength > MAX_TCP_BACKLOG_BYTES) {
      this.waitingForKeyframe = true;
      this.options.logger.warn({ session: this.id }, 'client too slow, skipping to the next keyframe');
      return;
    }
    const now = Date.now();
    if (now - this.lastReportMs >= SENDER_REPORT_MS) {
      this.lastReportMs = now;
      this.sendReport(now);
    }
    const timestamp = this.rtpTimestamp(unit.timestamp);
    if (t.kind === 'tcp') this.sendTcp(t, unit, timestamp);
    else this.sendUdp(t, unit, timestamp);
    this.packetCount += unit.payloads.length;
    this.octetCount += unit.bytes;
  };

  /** One write per access unit: interleaved headers, RTP headers and payloads copied into a single buffer. */
  private sendTcp(t: Extract<SessionTransport, { kind: 'tcp' }>, unit: PacketizedAccessUnit, timestamp: number): void {
    if (t.socket.destroyed) return;
    const out = Buffer.allocUnsafe(unit.bytes + unit.payloads.length * 16);
    let offset = 0;
    unit.payloads.forEach((payload, i) => {
      out[offset] = 0x24;
      out[offset + 1] = t.rtpChannel;
      out.writeUInt16BE(payload.length + 12, offset + 2);
      writeRtpHeader(out, offset + 4, {
        sequence: this.sequence++,
        timestamp,
        ssrc: this.ssrc,
        marker: i === unit.payloads.length - 1,
      });
      payload.copy(out, offset + 16);
      offset += 16 + payload.length;
    });
    this.sequence &= 0xffff;
    t.socket.write(out);
  }

  private sendUdp(t: Extract<SessionTransport, { kind: 'udp' }>, unit: PacketizedAccessUnit, timestamp: number): void {
    unit.payloads.forEach((payload, i) => {
      const header = Buffer.allocUnsafe(12);
      writeRtpHeader(header, 0, {
        sequence: this.sequence++,
        timestamp,
        ssrc: this.ssrc,
        marker: i === unit.payloads.length - 1,
      });
      t.rtpSocket.send([header, payload], t.clientRtpPort, t.address, (error) => {
        if (error) this.options.logger.debug({ err: error, session: this.id }, 'RTP send failed');
      });
    });
    this.sequence &= 0xffff;
  }

  private sendReport(nowMs: number): void {
    const report = buildSenderReport({
      ssrc: this.ssrc,
      unixMs: nowMs,
      rtpTimestamp: this.rtpTimestamp(this.options.source.clockAt(nowMs)),
      packetCount: this.packetCount,
      octetCount: this.octetCount,
    });
    const t = this.options.transport;
    if (t.kind === 'tcp') {
      if (!t.socket.destroyed) t.socket.write(Buffer.concat([interleavedHeader(t.rtcpChannel, report.length), report]));
    } else {
      t.rtcpSocket.send(report, t.clientRtcpPort, t.address, (error) => {
        if (error) this.options.logger.debug({ err: error, session: this.id }, 'RTCP send failed');
      });
    }
  }
}
