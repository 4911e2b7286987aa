// A scripted RTSP camera on 127.0.0.1 for protocol tests of the native engine: answers OPTIONS/DESCRIBE/SETUP/PLAY as
// told, records every request, and lets the test write RTP or any bytes on the connection.
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { splitAccessUnits, type AccessUnit } from '../../src/simulator/annexb.js';
import { packetizeAccessUnit, writeRtpHeader } from '../../src/simulator/rtp-h264.js';
import { RtspMessageReader, serializeResponse, type RtspRequest } from '../../src/simulator/rtsp-message.js';
import { buildH264Sdp } from '../../src/simulator/sdp.js';
import { encodeAnnexB } from './encoded-video.js';

export interface ScriptedCamera {
  readonly port: number;
  readonly url: string;
  readonly requests: RtspRequest[];
  /** Interleaved frames from the client (RTCP receiver reports). */
  readonly frames: Array<{ channel: number; data: Buffer }>;
  /** Resolves with the socket once PLAY was answered. */
  playing(): Promise<Socket>;
  /** Sends access units as RTP on channel 0, one every 40 ms of RTP time, starting at `firstTimestamp`. */
  sendUnits(socket: Socket, units: readonly AccessUnit[], firstTimestamp: number): void;
  close(): Promise<void>;
}

export interface ScriptedCameraOptions {
  /** The parameter sets announced in the SDP. */
  readonly sps: Buffer;
  readonly pps: Buffer;
  /** Session timeout in seconds (the Session header's timeout=). */
  readonly sessionTimeout?: number;
  /** Refuses a method `times` times before answering it normally (401 with a challenge, 501…). */
  readonly refuse?: {
    readonly method: string;
    readonly times: number;
    readonly status: number;
    readonly headers?: Record<string, string>;
  };
  readonly contentBase?: string;
}

/** H.264 baseline access units from ffmpeg's test source: `frames` pictures at `size`, a keyframe every 5. */
export function encodedUnits(size: string, frames: number): AccessUnit[] {
  return splitAccessUnits(encodeAnnexB({ codec: 'h264', size, frames, gop: 5 }));
}

export async function startScriptedCamera(options: ScriptedCameraOptions): Promise<ScriptedCamera> {
  const requests: RtspRequest[] = [];
  const frames: Array<{ channel: number; data: Buffer }> = [];
  const sockets = new Set<Socket>();
  let onPlay: (socket: Socket) => void = () => undefined;
  const played = new Promise<Socket>((resolve) => (onPlay = resolve));
  let refusals = options.refuse?.times ?? 0;
  let sequence = 0;
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    const reader = new RtspMessageReader();
    socket.on('data', (chunk) => {
      for (const message of reader.push(chunk)) {
        if (message.kind === 'interleaved') frames.push({ channel: message.channel, data: message.data });
        if (message.kind !== 'request') continue;
        requests.push(message);
        const cseq = message.headers.get('cseq') ?? '0';
        const refuse = options.refuse;
        if (refuse && message.method === refuse.method && refusals > 0) {
          refusals--;
          socket.write(serializeResponse(refuse.status, { CSeq: cseq, ...refuse.headers }));
          continue;
        }
        socket.write(answer(message, cseq));
        if (message.method === 'PLAY') onPlay(socket);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const url = `rtsp://127.0.0.1:${port}/cam`;
  const session = `12345678;timeout=${options.sessionTimeout ?? 60}`;

  function answer(request: RtspRequest, cseq: string): Buffer {
    switch (request.method) {
      case 'OPTIONS':
        return serializeResponse(200, {
          CSeq: cseq,
          Public: 'OPTIONS, DESCRIBE, SETUP, PLAY, TEARDOWN, GET_PARAMETER',
        });
      case 'DESCRIBE': {
        const sdp = buildH264Sdp({
          sessionName: 'scripted',
          address: '127.0.0.1',
          sps: options.sps,
          pps: options.pps,
          trackControl: 'track1',
        });
        const base = options.contentBase ?? `${url}/`;
        return serializeResponse(200, { CSeq: cseq, 'Content-Base': base, 'Content-Type': 'application/sdp' }, sdp);
      }
      case 'SETUP':
        return serializeResponse(200, {
          CSeq: cseq,
          Session: session,
          Transport: 'RTP/AVP/TCP;unicast;interleaved=0-1',
        });
      default:
        return serializeResponse(200, { CSeq: cseq, Session: session });
    }
  }

  return {
    port,
    url,
    requests,
    frames,
    playing: () => played,
    sendUnits: (socket, units, firstTimestamp) => {
      units.forEach((unit, i) => {
        const packetized = packetizeAccessUnit(unit, firstTimestamp + i * 3600);
        packetized.payloads.forEach((payload, j) => {
          const frame = Buffer.alloc(4 + 12 + payload.length);
          frame[0] = 0x24;
          frame[1] = 0;
          frame.writeUInt16BE(12 + payload.length, 2);
          writeRtpHeader(frame, 4, {
            sequence: sequence++,
            timestamp: packetized.timestamp,
            ssrc: 1,
            marker: j === packetized.payloads.length - 1,
          });
          payload.copy(frame, 16);
          socket.write(frame);
        });
      });
    },
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
