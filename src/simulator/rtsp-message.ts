// RTSP 1.0 messages (RFC 2326) as the simulated camera's server sees them (read by the native engine's reader);
// serializers; the Transport header.
import { InterleavedReader } from '../rtsp/index.js';

export interface RtspRequest {
  kind: 'request';
  method: string;
  uri: string;
  version: string;
  /** Header names lower-cased; a repeated header keeps its last value. */
  headers: Map<string, string>;
  body: Buffer;
}

export interface RtspResponse {
  kind: 'response';
  version: string;
  status: number;
  reason: string;
  headers: Map<string, string>;
  body: Buffer;
}

/** An RTP/RTCP packet sent inside the RTSP connection (RFC 2326 10.12). */
export interface InterleavedFrame {
  kind: 'interleaved';
  channel: number;
  data: Buffer;
}

export type RtspMessage = RtspRequest | RtspResponse | InterleavedFrame;

/** Limits that keep a misbehaving peer from growing our buffers without bound: headers and body together. */
const MAX_MESSAGE_BYTES = 80 * 1024;

/** Garbage from a client; the one RTSP reader's error. */
export { RtspProtocolError as RtspParseError } from '../rtsp/index.js';

/** The last value of each header, as the server reads them. */
function lastValues(headers: ReadonlyMap<string, readonly string[]>): Map<string, string> {
  const out = new Map<string, string>();
  for (const [name, values] of headers) out.set(name, values[values.length - 1] ?? '');
  return out;
}

/** The RTSP reader of the native engine, with its messages collected per chunk as the server handles them. */
export class RtspMessageReader {
  private readonly messages: RtspMessage[] = [];
  private readonly reader = new InterleavedReader(
    {
      request: (r) =>
        this.messages.push({
          kind: 'request',
          method: r.method,
          uri: r.uri,
          version: r.version,
          headers: lastValues(r.headers),
          body: r.body,
        }),
      response: (r) =>
        this.messages.push({
          kind: 'response',
          version: 'RTSP/1.0',
          status: r.status,
          reason: r.statusText,
          headers: lastValues(r.headers),
          body: r.body,
        }),
      frame: (channel, data) => this.messages.push({ kind: 'interleaved', channel, data }),
    },
    { maxMessageBytes: MAX_MESSAGE_BYTES },
  );

  /** Complete messages in this chunk and before; throws RtspParseError on garbage. */
  push(chunk: Buffer): RtspMessage[] {
    this.reader.push(chunk);
    return this.messages.splice(0);
  }
}

export const STATUS_REASONS: Record<number, string> = {
  200: 'OK',
  400: 'Bad Request',
  401: 'Unauthorized',
  404: 'Not Found',
  405: 'Method Not Allowed',
  451: 'Parameter Not Understood',
  454: 'Session Not Found',
  455: 'Method Not Valid in This State',
  459: 'Aggregate Operation Not Allowed',
  461: 'Unsupported Transport',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  503: 'Service Unavailable',
  505: 'RTSP Version Not Supported',
};

function serialize(startLine: string, headers: Record<string, string | number>, body?: Buffer | string): Buffer {
  const bodyBuf = body === undefined ? Buffer.alloc(0) : Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8');
  const lines = [startLine];
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  if (bodyBuf.length > 0) lines.push(`Content-Length: ${bodyBuf.length}`);
  return Buffer.concat([Buffer.from(lines.join('\r\n') + '\r\n\r\n', 'latin1'), bodyBuf]);
}

export function serializeResponse(
  status: number,
  headers: Record<string, string | number>,
  body?: Buffer | string,
): Buffer {
  return serialize(`RTSP/1.0 ${status} ${STATUS_REASONS[status] ?? 'Unknown'}`, headers, body);
}

export function serializeRequest(
  method: string,
  uri: string,
  headers: Record<string, string | number>,
  body?: Buffer | string,
): Buffer {
  return serialize(`${method} ${uri} RTSP/1.0`, headers, body);
}

/** Frames an RTP/RTCP packet for an interleaved TCP channel. */
export function interleavedHeader(channel: number, length: number): Buffer {
  const header = Buffer.allocUnsafe(4);
  header[0] = 0x24;
  header[1] = channel & 0xff;
  header.writeUInt16BE(length, 2);
  return header;
}

/** One alternative of a Transport header (RFC 2326 12.39). */
export interface TransportSpec {
  /** "RTP/AVP", "RTP/AVP/TCP", "RTP/AVP/UDP"... upper-cased. */
  protocol: string;
  unicast: boolean;
  interleaved?: [number, number];
  clientPort?: [number, number];
  serverPort?: [number, number];
  ssrc?: string;
  mode?: string;
}

function parseRange(value: string | undefined): [number, number] | undefined {
  if (value === undefined) return undefined;
  const match = /^(\d+)(?:-(\d+))?$/.exec(value.trim());
  if (!match) return undefined;
  const first = Number(match[1]);
  return [first, match[2] === undefined ? first + 1 : Number(match[2])];
}

/** Parses a Transport header into its comma-separated alternatives, in client preference order. */
export function parseTransport(header: string): TransportSpec[] {
  return header
    .split(',')
    .map((alt) => alt.trim())
    .filter((alt) => alt.length > 0)
    .map((alt) => {
      const [protocol = '', ...params] = alt.split(';');
      const spec: TransportSpec = { protocol: protocol.trim().toUpperCase(), unicast: true };
      for (const param of params) {
        const [rawKey = '', value] = param.split('=');
        const key = rawKey.trim().toLowerCase();
        if (key === 'multicast') spec.unicast = false;
        else if (key === 'interleaved') spec.interleaved = parseRange(value);
        else if (key === 'client_port') spec.clientPort = parseRange(value);
        else if (key === 'server_port') spec.serverPort = parseRange(value);
        else if (key === 'ssrc' && value !== undefined) spec.ssrc = value.trim();
        else if (key === 'mode' && value !== undefined) spec.mode = value.trim().replace(/"/g, '').toUpperCase();
      }
      return spec;
    });
}

export function formatTransport(spec: TransportSpec): string {
  const parts = [spec.protocol, spec.unicast ? 'unicast' : 'multicast'];
  if (spec.interleaved) parts.push(`interleaved=${spec.interleaved[0]}-${spec.interleaved[1]}`);
  if (spec.clientPort) parts.push(`client_port=${spec.clientPort[0]}-${spec.clientPort[1]}`);
  if (spec.serverPort) parts.push(`server_port=${spec.serverPort[0]}-${spec.serverPort[1]}`);
  if (spec.ssrc) parts.push(`ssrc=${spec.ssrc}`);
  if (spec.mode) parts.push(`mode=${spec.mode}`);
  return parts.join(';');
}
