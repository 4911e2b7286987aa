// RTSP 1.0 messages (RFC 2326): a streaming reader for requests, responses and `$` interleaved frames; serializers; Transport header.

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

/** Limits that keep a misbehaving peer from growing our buffers without bound. */
const MAX_HEADER_BYTES = 16 * 1024;
const MAX_BODY_BYTES = 64 * 1024;

export class RtspParseError extends Error {}

function parseHead(head: string): Omit<RtspRequest, 'body'> | Omit<RtspResponse, 'body'> {
  const lines = head.split(/\r?\n/);
  const startLine = lines.shift() ?? '';
  const headers = new Map<string, string>();
  for (const line of lines) {
    if (line === '') continue;
    const colon = line.indexOf(':');
    if (colon <= 0) throw new RtspParseError(`bad header line "${line}"`);
    headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  const response = /^(RTSP\/\d\.\d) (\d{3}) ?(.*)$/.exec(startLine);
  if (response) {
    return { kind: 'response', version: response[1]!, status: Number(response[2]), reason: response[3] ?? '', headers };
  }
  const request = /^([A-Z_]+) (\S+) (RTSP\/\d\.\d)$/.exec(startLine);
  if (!request) throw new RtspParseError(`bad start line "${startLine}"`);
  return { kind: 'request', method: request[1]!, uri: request[2]!, version: request[3]!, headers };
}

/** Incremental reader: push socket data, get complete messages back. Throws RtspParseError on garbage. */
export class RtspMessageReader {
  private buffer: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): RtspMessage[] {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const out: RtspMessage[] = [];
    for (;;) {
      const message = this.next();
      if (!message) break;
      out.push(message);
    }
    return out;
  }

  private next(): RtspMessage | undefined {
    const buf = this.buffer;
    if (buf.length === 0) return undefined;
    if (buf[0] === 0x24) {
      // '$' channel(1) length(2) data
      if (buf.length < 4) return undefined;
      const length = buf.readUInt16BE(2);
      if (buf.length < 4 + length) return undefined;
      const frame: InterleavedFrame = { kind: 'interleaved', channel: buf[1]!, data: buf.subarray(4, 4 + length) };
      this.buffer = buf.subarray(4 + length);
      return frame;
    }
    // Clients may send stray CRLFs between messages (keep-alive habits): skip them.
    if (buf[0] === 0x0d || buf[0] === 0x0a) {
      this.buffer = buf.subarray(1);
      return this.next();
    }
    const end = buf.indexOf('\r\n\r\n');
    const lfEnd = end < 0 ? buf.indexOf('\n\n') : -1;
    const headEnd = end >= 0 ? end : lfEnd;
    if (headEnd < 0) {
      if (buf.length > MAX_HEADER_BYTES) throw new RtspParseError('header section too long');
      return undefined;
    }
    const bodyStart = headEnd + (end >= 0 ? 4 : 2);
    const head = parseHead(buf.subarray(0, headEnd).toString('latin1'));
    const length = Number(head.headers.get('content-length') ?? '0');
    if (!Number.isInteger(length) || length < 0 || length > MAX_BODY_BYTES)
      throw new RtspParseError('bad Content-Length');
    if (buf.length < bodyStart + length) return undefined;
    const body = Buffer.from(buf.subarray(bodyStart, bodyStart + length));
    this.buffer = buf.subarray(bodyStart + length);
    return { ...head, body };
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
