// A raw WebSocket client over node:net: the upgrade request and every frame written byte by byte, frames read back.
import { randomBytes } from 'node:crypto';
import type { Socket } from 'node:net';
import { encodeRequest, openSocket, type HeaderList } from './raw-http.js';

export interface FrameOptions {
  fin?: boolean;
  /** Clients must mask; false sends a frame the server must refuse. */
  mask?: boolean;
  /** RSV1-3 bits, which no extension here allows. */
  rsv?: number;
  /** Payload length to announce instead of the real one. */
  announce?: bigint;
}

/** One WebSocket frame (text is opcode 1, binary 2, close 8, ping 9). */
export function frame(opcode: number, payload: Buffer | string, options: FrameOptions = {}): Buffer {
  const data = typeof payload === 'string' ? Buffer.from(payload) : payload;
  const mask = options.mask ?? true;
  const length = options.announce ?? BigInt(data.length);
  const first = ((options.fin ?? true) ? 0x80 : 0) | ((options.rsv ?? 0) << 4) | opcode;
  let head: Buffer;
  if (length < 126n) head = Buffer.from([first, Number(length)]);
  else if (length < 65_536n) {
    head = Buffer.from([first, 126, 0, 0]);
    head.writeUInt16BE(Number(length), 2);
  } else {
    head = Buffer.alloc(10);
    head[0] = first;
    head[1] = 127;
    head.writeBigUInt64BE(length, 2);
  }
  if (!mask) return Buffer.concat([head, data]);
  head[1] = (head[1] ?? 0) | 0x80;
  const key = randomBytes(4);
  const masked = Buffer.from(data.map((byte, i) => byte ^ (key[i % 4] ?? 0)));
  return Buffer.concat([head, key, masked]);
}

export interface WsPeer {
  /** Status of the answer to the upgrade request. */
  status: number | undefined;
  /** The answer's head (or the whole answer when it was no upgrade). */
  head: string;
  /** Text payloads of the frames received so far. */
  texts: string[];
  /** The hub sent a close frame (it waits for ours before it ends the connection) or ended the connection. */
  closed: boolean;
  send(bytes: Buffer): void;
  /** Resolves true once `check` holds (checked on every frame and at the close), false after `timeoutMs`. */
  until(check: () => boolean, timeoutMs: number): Promise<boolean>;
  close(): void;
}

/** Reads server frames (never masked) off the front of a buffer into the peer; returns what is left. */
function readFrames(buffer: Buffer, peer: WsPeer): Buffer {
  let rest = buffer;
  while (rest.length >= 2) {
    const short = (rest[1] ?? 0) & 0x7f;
    const offset = short === 126 ? 4 : short === 127 ? 10 : 2;
    if (rest.length < offset) break;
    const length = short === 126 ? rest.readUInt16BE(2) : short === 127 ? Number(rest.readBigUInt64BE(2)) : short;
    if (rest.length < offset + length) break;
    const opcode = (rest[0] ?? 0) & 0x0f;
    if (opcode === 1) peer.texts.push(rest.subarray(offset, offset + length).toString());
    if (opcode === 8) peer.closed = true;
    rest = rest.subarray(offset + length);
  }
  return rest;
}

/** The headers of a well-formed upgrade to WebSocket. */
export const upgradeHeaders = (): HeaderList => [
  ['Upgrade', 'websocket'],
  ['Connection', 'Upgrade'],
  ['Sec-WebSocket-Key', randomBytes(16).toString('base64')],
  ['Sec-WebSocket-Version', '13'],
];

/** Sends an upgrade request (`headers` as given, see upgradeHeaders) and reads the answer; after a 101, frames. */
export async function wsConnect(port: number, target: string, headers: HeaderList): Promise<WsPeer> {
  const socket: Socket = await openSocket(port);
  const checks = new Set<() => void>();
  let buffered: Buffer = Buffer.alloc(0);
  let upgraded = false;
  const peer: WsPeer = {
    status: undefined,
    head: '',
    texts: [],
    closed: false,
    send: (bytes) => void (socket.destroyed || socket.write(bytes)),
    until: (check, timeoutMs) =>
      new Promise((resolve) => {
        const timer = setTimeout(() => done(false), timeoutMs);
        const test = (): void => {
          if (check()) done(true);
        };
        const done = (result: boolean): void => {
          clearTimeout(timer);
          checks.delete(test);
          resolve(result);
        };
        checks.add(test);
        test();
      }),
    close: () => socket.destroy(),
  };
  const notify = (): void => [...checks].forEach((check) => check());
  socket.on('data', (chunk: Buffer) => {
    buffered = Buffer.concat([buffered, chunk]);
    if (!upgraded) {
      const end = buffered.indexOf('\r\n\r\n');
      if (end < 0) return;
      peer.head = buffered.subarray(0, end).toString('latin1');
      peer.status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(peer.head)?.[1]) || undefined;
      upgraded = peer.status === 101;
      buffered = buffered.subarray(end + 4);
      if (!upgraded) peer.head += `\r\n\r\n${buffered.toString('latin1')}`;
    }
    if (upgraded) buffered = readFrames(buffered, peer);
    notify();
  });
  const closed = (): void => {
    peer.closed = true;
    notify();
  };
  socket.on('close', closed);
  socket.on('error', closed);
  socket.write(
    encodeRequest({
      method: 'GET',
      target,
      headers,
    }),
  );
  return peer;
}
