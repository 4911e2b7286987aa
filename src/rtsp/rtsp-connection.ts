// One RTSP/1.0 connection over TCP: requests with CSeq and a timeout each, a 401 answered once, and the interleaved
// frames handed on as they arrive. Failures are RtspFailure with the ffmpeg side's failure codes.
import { Socket } from 'node:net';
import { header, InterleavedReader, RtspProtocolError, type RtspResponse } from './interleaved-reader.js';
import { RtspAuthenticator, type Credentials } from './rtsp-auth.js';
import { RtspFailure } from './rtsp-failure.js';

const USER_AGENT = 'vigil-rtsp';

export interface RtspConnectionOptions {
  /** rtsp://host:port/path without credentials. */
  readonly url: string;
  readonly credentials?: Credentials | undefined;
  /** Connect and every request time out after this long. */
  readonly timeoutMs: number;
  readonly onFrame: (channel: number, payload: Buffer) => void;
  /** The connection ended or failed after it was established (not as an answer to a request). */
  readonly onEnd: (failure: RtspFailure) => void;
}

interface Pending {
  readonly method: string;
  readonly resolve: (response: RtspResponse) => void;
  readonly reject: (error: RtspFailure) => void;
  readonly timer: ReturnType<typeof setTimeout>;
}

export class RtspConnection {
  private readonly socket = new Socket();
  private readonly reader: InterleavedReader;
  private readonly auth: RtspAuthenticator;
  private readonly pending = new Map<number, Pending>();
  private cseq = 0;
  private session: string | undefined;
  private ended = false;

  constructor(private readonly options: RtspConnectionOptions) {
    this.auth = new RtspAuthenticator(options.credentials);
    this.reader = new InterleavedReader({
      response: (response) => this.onResponse(response),
      frame: options.onFrame,
    });
  }

  /** Opens the TCP connection. */
  connect(): Promise<void> {
    const target = new URL(this.options.url);
    const port = Number(target.port || 554);
    const host = target.hostname.replace(/^\[|\]$/g, '');
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.fail(RtspFailure.unreachable(`connection to ${host}:${port} timed out`));
        reject(RtspFailure.unreachable(`connection to ${host}:${port} timed out`));
      }, this.options.timeoutMs);
      this.socket.once('connect', () => {
        clearTimeout(timer);
        this.socket.setNoDelay(true);
        resolve();
      });
      this.socket.on('error', (error: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        const failure = RtspFailure.unreachable(`${host}:${port}: ${error.code ?? error.message}`);
        if (this.socket.connecting) reject(failure);
        this.fail(failure);
      });
      this.socket.on('close', () => this.fail(RtspFailure.ended('the camera closed the connection')));
      this.socket.on('data', (chunk: Buffer) => this.onData(chunk));
      this.socket.connect(port, host);
    });
  }

  /** Sends a request; a 401 is answered once with the credentials, a second 401 is an auth failure. */
  async request(method: string, url: string, headers: Record<string, string> = {}): Promise<RtspResponse> {
    let response = await this.send(method, url, headers);
    if (response.status === 401) {
      if (!this.auth.accept(response.headers.get('www-authenticate') ?? [])) {
        throw RtspFailure.auth(
          `${method} answered 401 ${this.auth.canAnswer ? 'with no usable challenge' : 'and no credentials are set'}`,
        );
      }
      response = await this.send(method, url, headers);
      if (response.status === 401) throw RtspFailure.auth(`${method} answered 401 to the credentials`);
    }
    if (response.status === 403) throw RtspFailure.auth(`${method} answered 403 Forbidden`);
    if (response.status === 404 || response.status === 454) {
      throw RtspFailure.notFound(`${method} answered ${response.status} ${response.statusText}`);
    }
    if (response.status >= 300) {
      throw RtspFailure.protocol(`${method} answered ${response.status} ${response.statusText}`);
    }
    const session = header(response, 'session');
    if (session) this.session = session.split(';')[0]?.trim();
    return response;
  }

  /** Sends a request and does not wait for its answer (TEARDOWN on close). */
  sendAndForget(method: string, url: string): void {
    if (this.ended || this.socket.destroyed) return;
    this.socket.write(this.format(method, url, {}, ++this.cseq));
  }

  /** Sends one interleaved frame (an RTCP receiver report). */
  sendFrame(channel: number, payload: Buffer): void {
    if (this.ended || this.socket.destroyed) return;
    const header = Buffer.from([0x24, channel, payload.length >> 8, payload.length & 0xff]);
    this.socket.write(Buffer.concat([header, payload]));
  }

  /** Closes the socket; nothing is reported afterwards. */
  close(): void {
    this.ended = true;
    this.rejectAll(RtspFailure.ended('closed'));
    this.socket.end();
    this.socket.destroy();
  }

  private send(method: string, url: string, headers: Record<string, string>): Promise<RtspResponse> {
    if (this.ended) return Promise.reject(RtspFailure.ended('the connection is closed'));
    const cseq = ++this.cseq;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(cseq);
        reject(RtspFailure.unreachable(`no answer to ${method} in ${this.options.timeoutMs} ms`));
      }, this.options.timeoutMs);
      this.pending.set(cseq, { method, resolve, reject, timer });
      this.socket.write(this.format(method, url, headers, cseq));
    });
  }

  private format(method: string, url: string, headers: Record<string, string>, cseq: number): string {
    const lines = [`${method} ${url} RTSP/1.0`, `CSeq: ${cseq}`, `User-Agent: ${USER_AGENT}`];
    const authorization = this.auth.authorization(method, url);
    if (authorization) lines.push(`Authorization: ${authorization}`);
    if (this.session) lines.push(`Session: ${this.session}`);
    for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
    return `${lines.join('\r\n')}\r\n\r\n`;
  }

  private onData(chunk: Buffer): void {
    if (this.ended) return;
    try {
      this.reader.push(chunk);
    } catch (error) {
      if (!(error instanceof RtspProtocolError)) throw error;
      this.fail(RtspFailure.protocol(`malformed data from the camera: ${error.message}`));
    }
  }

  private onResponse(response: RtspResponse): void {
    const cseq = Number(header(response, 'cseq'));
    const pending = this.pending.get(cseq);
    // An answer nobody waits for (a keep-alive's, after its timeout) is dropped.
    if (!pending) return;
    this.pending.delete(cseq);
    clearTimeout(pending.timer);
    pending.resolve(response);
  }

  private fail(failure: RtspFailure): void {
    if (this.ended) return;
    this.ended = true;
    this.rejectAll(failure);
    this.socket.destroy();
    this.options.onEnd(failure);
  }

  private rejectAll(failure: RtspFailure): void {
    for (const pending of this.pending.values()) {
      clearTimeout(pending.timer);
      pending.reject(failure);
    }
    this.pending.clear();
  }
}
