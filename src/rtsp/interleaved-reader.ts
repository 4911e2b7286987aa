// The bytes of an RTSP connection after connect: text responses and `$`-framed interleaved RTP/RTCP (RFC 2326
// §10.12) in one stream. Bounded: a partial message is kept only up to a limit; garbage fails with a reason.

export interface RtspResponse {
  readonly status: number;
  readonly statusText: string;
  /** Header names lower-cased; repeated headers (WWW-Authenticate) keep every value. */
  readonly headers: ReadonlyMap<string, readonly string[]>;
  readonly body: string;
}

export interface InterleavedHandlers {
  response(response: RtspResponse): void;
  /** `payload` is a view into a received chunk, valid as long as the caller keeps it; never copied here. */
  frame(channel: number, payload: Buffer): void;
}

export class RtspProtocolError extends Error {}

const DOLLAR = 0x24;
const HEADER_END = Buffer.from('\r\n\r\n');

export interface InterleavedReaderOptions {
  /** Largest text message (headers + body, e.g. a DESCRIBE with its SDP). Default 64 KiB. */
  readonly maxMessageBytes?: number;
  /** Largest interleaved frame payload. Default 65535, all the 16-bit length can say. */
  readonly maxFrameBytes?: number;
}

export class InterleavedReader {
  private pending: Buffer | undefined;
  private readonly maxMessageBytes: number;
  private readonly maxFrameBytes: number;

  constructor(
    private readonly handlers: InterleavedHandlers,
    options: InterleavedReaderOptions = {},
  ) {
    this.maxMessageBytes = options.maxMessageBytes ?? 64 * 1024;
    this.maxFrameBytes = options.maxFrameBytes ?? 65_535;
  }

  /** Bytes held for an incomplete message. */
  get buffered(): number {
    return this.pending?.length ?? 0;
  }

  /** Throws RtspProtocolError on bytes that are neither a message nor a frame, or on an oversized one. */
  push(chunk: Buffer): void {
    let data = chunk;
    let offset = 0;
    const held = this.pending;
    this.pending = undefined;
    if (held) {
      const frameLength = held.length >= 4 && held[0] === DOLLAR ? 4 + held.readUInt16BE(2) : 0;
      if (frameLength > 0) {
        // Complete only the straddling frame from the new chunk: one small copy, not the whole chunk.
        const missing = frameLength - held.length;
        if (chunk.length < missing) {
          this.pending = Buffer.concat([held, chunk]);
          return;
        }
        const frame = Buffer.concat([held, chunk.subarray(0, missing)]);
        this.handlers.frame(frame[1] ?? 0, frame.subarray(4));
        offset = missing;
      } else {
        data = Buffer.concat([held, chunk]);
      }
    }
    while (offset < data.length) {
      const consumed = data[offset] === DOLLAR ? this.readFrame(data, offset) : this.readMessage(data, offset);
      if (consumed === 0) break;
      offset += consumed;
    }
    if (offset < data.length) this.pending = data.subarray(offset);
  }

  reset(): void {
    this.pending = undefined;
  }

  private readFrame(data: Buffer, offset: number): number {
    if (data.length - offset < 4) return 0;
    const length = data.readUInt16BE(offset + 2);
    if (length > this.maxFrameBytes) {
      throw new RtspProtocolError(`interleaved frame of ${length} bytes exceeds the ${this.maxFrameBytes}-byte limit`);
    }
    if (data.length - offset < 4 + length) return 0;
    this.handlers.frame(data[offset + 1] ?? 0, data.subarray(offset + 4, offset + 4 + length));
    return 4 + length;
  }

  private readMessage(data: Buffer, offset: number): number {
    const first = data[offset] ?? 0;
    // A message starts with "RTSP/1.0 …" or a method name (a server's own request); anything else is garbage.
    if (first < 0x41 || first > 0x5a) {
      throw new RtspProtocolError(`unexpected byte 0x${first.toString(16).padStart(2, '0')} in the RTSP stream`);
    }
    const searchEnd = Math.min(data.length, offset + this.maxMessageBytes);
    const headerEnd = data.subarray(offset, searchEnd).indexOf(HEADER_END);
    if (headerEnd < 0) {
      if (data.length - offset >= this.maxMessageBytes) throw this.tooLong();
      return 0;
    }
    const head = data.toString('latin1', offset, offset + headerEnd);
    const lines = head.split('\r\n');
    const headers = new Map<string, string[]>();
    for (const line of lines.slice(1)) {
      const colon = line.indexOf(':');
      if (colon <= 0) continue;
      const name = line.slice(0, colon).trim().toLowerCase();
      const list = headers.get(name) ?? [];
      list.push(line.slice(colon + 1).trim());
      headers.set(name, list);
    }
    const bodyLength = Number(headers.get('content-length')?.[0] ?? '0');
    if (!Number.isInteger(bodyLength) || bodyLength < 0) throw new RtspProtocolError('invalid Content-Length');
    const total = headerEnd + 4 + bodyLength;
    if (total > this.maxMessageBytes) throw this.tooLong();
    if (data.length - offset < total) return 0;
    const statusLine = /^RTSP\/\d\.\d\s+(\d{3})\s*(.*)$/.exec(lines[0] ?? '');
    // A request from the server (ANNOUNCE, GET_PARAMETER…) needs no action from a player: skipped whole.
    if (statusLine) {
      this.handlers.response({
        status: Number(statusLine[1]),
        statusText: statusLine[2] ?? '',
        headers,
        body: data.toString('utf8', offset + headerEnd + 4, offset + total),
      });
    } else if (!/^[A-Z_]+ \S+ RTSP\/\d\.\d$/.test(lines[0] ?? '')) {
      throw new RtspProtocolError('malformed RTSP message start line');
    }
    return total;
  }

  private tooLong(): RtspProtocolError {
    return new RtspProtocolError(`RTSP message longer than ${this.maxMessageBytes} bytes`);
  }
}

/** First value of a header, or undefined. */
export function header(response: RtspResponse, name: string): string | undefined {
  return response.headers.get(name)?.[0];
}
