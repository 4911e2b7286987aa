// The bytes of an RTSP connection: requests, responses and `$`-framed interleaved RTP/RTCP (RFC 2326 §10.12) in one
// stream, for the native engine's client and the simulated camera's server. Bounded: a partial message is kept only
// up to a limit; garbage fails with a reason.

interface RtspMessageParts {
  /** Header names lower-cased; repeated headers (WWW-Authenticate) keep every value. */
  readonly headers: ReadonlyMap<string, readonly string[]>;
  readonly body: Buffer;
}

export interface RtspResponse extends RtspMessageParts {
  readonly status: number;
  readonly statusText: string;
}

export interface RtspRequest extends RtspMessageParts {
  readonly method: string;
  readonly uri: string;
  readonly version: string;
}

export interface InterleavedHandlers {
  response(response: RtspResponse): void;
  /** Requests (a server reads its clients'; a client may skip a server's ANNOUNCE or GET_PARAMETER). */
  request?(request: RtspRequest): void;
  /** `payload` is a view into a received chunk, valid as long as the caller keeps it; never copied here. */
  frame(channel: number, payload: Buffer): void;
}

export class RtspProtocolError extends Error {}

const DOLLAR = 0x24;
const HEADER_END = Buffer.from('\r\n\r\n');
/** Some clients end lines with LF alone. */
const BARE_HEADER_END = Buffer.from('\n\n');

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
    // Stray line ends between messages are a keep-alive habit of some clients.
    if (first === 0x0d || first === 0x0a) return 1;
    // A message starts with "RTSP/1.0 …" or a method name; anything else is garbage.
    if (first < 0x41 || first > 0x5a) {
      throw new RtspProtocolError(`unexpected byte 0x${first.toString(16).padStart(2, '0')} in the RTSP stream`);
    }
    const window = data.subarray(offset, Math.min(data.length, offset + this.maxMessageBytes));
    let headerEnd = window.indexOf(HEADER_END);
    let separator = HEADER_END.length;
    if (headerEnd < 0) {
      headerEnd = window.indexOf(BARE_HEADER_END);
      separator = BARE_HEADER_END.length;
    }
    if (headerEnd < 0) {
      if (data.length - offset >= this.maxMessageBytes) throw this.tooLong();
      return 0;
    }
    const lines = data.toString('latin1', offset, offset + headerEnd).split(/\r?\n/);
    const headers = new Map<string, string[]>();
    for (const line of lines.slice(1)) {
      const colon = line.indexOf(':');
      if (colon <= 0) continue; // a folded or broken header line: nothing this reader needs
      const name = line.slice(0, colon).trim().toLowerCase();
      const list = headers.get(name) ?? [];
      list.push(line.slice(colon + 1).trim());
      headers.set(name, list);
    }
    const bodyLength = Number(headers.get('content-length')?.[0] ?? '0');
    if (!Number.isInteger(bodyLength) || bodyLength < 0) throw new RtspProtocolError('invalid Content-Length');
    const total = headerEnd + separator + bodyLength;
    if (total > this.maxMessageBytes) throw this.tooLong();
    if (data.length - offset < total) return 0;
    const body = data.subarray(offset + headerEnd + separator, offset + total);
    const startLine = lines[0] ?? '';
    const status = /^RTSP\/\d\.\d\s+(\d{3})\s*(.*)$/.exec(startLine);
    if (status) {
      this.handlers.response({ status: Number(status[1]), statusText: status[2] ?? '', headers, body });
      return total;
    }
    const request = /^([A-Z_]+) (\S+) (RTSP\/\d\.\d)$/.exec(startLine);
    if (!request) throw new RtspProtocolError('malformed RTSP message start line');
    this.handlers.request?.({
      method: request[1] ?? '',
      uri: request[2] ?? '',
      version: request[3] ?? '',
      headers,
      body,
    });
    return total;
  }

  private tooLong(): RtspProtocolError {
    return new RtspProtocolError(`RTSP message longer than ${this.maxMessageBytes} bytes`);
  }
}

/** First value of a header, or undefined. */
export function header(message: RtspMessageParts, name: string): string | undefined {
  return message.headers.get(name)?.[0];
}
