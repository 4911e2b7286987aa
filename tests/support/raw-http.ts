// Raw HTTP/1.1 over node:net: the bytes go out exactly as written (fetch would normalise them); the answer is judged.
import { connect, type Socket } from 'node:net';

/** What came back on one connection. */
export interface RawAnswer {
  /** Status of the first response line; undefined when the hub sent no status line. */
  status: number | undefined;
  /** The first bytes of the answer (head and body), as latin1 text. */
  text: string;
  /** The hub ended or reset the connection. */
  closed: boolean;
  /** Neither a whole answer nor a close within the time given. */
  hung: boolean;
  /** Milliseconds from the first byte sent to the end of the exchange. */
  ms: number;
}

export type HeaderList = ReadonlyArray<readonly [string, string | Buffer]>;

export interface RawRequest {
  method: string;
  /** The request-target as sent: may hold raw bytes and any percent-encoding. */
  target: string | Buffer;
  headers?: HeaderList;
  body?: Buffer | string;
  /** Content-Length to announce; by default the body's length (none without a body). */
  contentLength?: number;
}

/** Enough of the answer to read its status and look for a stack trace; the rest is read and dropped. */
const KEEP_BYTES = 64 * 1024;

const bytes = (value: string | Buffer): Buffer => (typeof value === 'string' ? Buffer.from(value, 'latin1') : value);

/** One request, with `Connection: close` unless it names its own, so the hub ends the connection after its answer. */
export function encodeRequest(request: RawRequest): Buffer {
  const body = request.body === undefined ? undefined : bytes(request.body);
  const length = request.contentLength ?? body?.length;
  const own = request.headers ?? [];
  const headers: Array<readonly [string, string | Buffer]> = [
    ['Host', '127.0.0.1'],
    // An upgrade names its own Connection header.
    ...(own.some(([name]) => name.toLowerCase() === 'connection') ? [] : [['Connection', 'close'] as const]),
    ...own,
    ...(length === undefined ? [] : [['Content-Length', String(length)] as const]),
  ];
  return Buffer.concat([
    bytes(`${request.method} `),
    bytes(request.target),
    bytes(' HTTP/1.1\r\n'),
    ...headers.flatMap(([name, value]) => [bytes(`${name}: `), bytes(value), bytes('\r\n')]),
    bytes('\r\n'),
    ...(body ? [body] : []),
  ]);
}

export interface ExchangeOptions {
  /** Gives up (hung) after this long without the hub closing. */
  timeoutMs: number;
  /** Ends our side after sending (a client that stops mid-request). */
  halfClose?: boolean;
}

/** A connected socket to 127.0.0.1:port; rejects when the connection is refused. */
export function openSocket(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.off('error', reject);
      resolve(socket);
    });
    socket.once('error', reject);
  });
}

/** Collects what a socket receives until the hub closes it or the time is up. */
export function readAnswer(socket: Socket, timeoutMs: number, started = Date.now()): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let kept = 0;
    let done = false;
    const finish = (closed: boolean, hung: boolean): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      const text = Buffer.concat(chunks).toString('latin1');
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(text)?.[1];
      resolve({ status: status ? Number(status) : undefined, text, closed, hung, ms: Date.now() - started });
    };
    const timer = setTimeout(() => finish(false, true), timeoutMs);
    socket.on('data', (chunk: Buffer) => {
      if (kept < KEEP_BYTES) chunks.push(chunk);
      kept += chunk.length;
    });
    // A reset after the answer (the hub stops reading an oversized body) is a close like any other.
    socket.on('error', () => finish(true, false));
    socket.on('close', () => finish(true, false));
  });
}

/** Sends raw bytes on a new connection and reads the answer. */
export async function exchange(port: number, payload: Buffer, options: ExchangeOptions): Promise<RawAnswer> {
  const started = Date.now();
  const socket = await openSocket(port);
  const answer = readAnswer(socket, options.timeoutMs, started);
  socket.write(payload, () => {
    if (options.halfClose) socket.end();
  });
  return answer;
}

/** `    at handler (file.ts:12:34)`: a stack frame, which no answer may carry. */
const STACK_FRAME = /^\s*at (?:[^\s()]+ )?\(?[^\s()]+:\d+:\d+\)?\s*$/m;
/** Bytes that would mean a path trick reached a file it must not: the SQLite database or the system's users. */
const LEAKS = ['SQLite format 3\u0000', 'root:x:0:0:'];

/**
 * `reject`: the input is malformed, so a 4xx or a closed connection; `tolerate`: odd but valid, so anything below 500
 * (or a close). Both: no stack trace, nothing leaked, and an answer or a close in time.
 */
export type Expectation = 'reject' | 'tolerate';

/** Why an answer is wrong, or undefined when it is right. */
export function judge(answer: RawAnswer, expectation: Expectation, allowUpgrade = false): string | undefined {
  if (answer.hung) return `no answer and no close in ${answer.ms} ms`;
  if (STACK_FRAME.test(answer.text)) return `stack trace in the answer (${answer.status ?? 'no status'})`;
  const leak = LEAKS.find((marker) => answer.text.includes(marker));
  if (leak) return `leaked ${JSON.stringify(leak.slice(0, 12))}`;
  const { status } = answer;
  if (status === undefined) return answer.closed ? undefined : 'no status line';
  if (status >= 500) return `answered ${status}`;
  if (status === 101 && allowUpgrade) return undefined;
  if (status < 200) return `answered ${status}`;
  if (expectation === 'reject' && status < 400) return `accepted malformed input with ${status}`;
  return undefined;
}
