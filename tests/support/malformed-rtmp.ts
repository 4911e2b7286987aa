// The RTMP door: broken handshakes, chunk streams and AMF commands sent to the push gateway's port.
import { randomBytes } from 'node:crypto';
import type { Case } from './malformed-cases.js';
import { openSocket, readAnswer } from './raw-http.js';

/** The gateway ends a connection that has not published within 10 s (its start deadline); a little slack on top. */
export const RTMP_CLOSE_BOUND_MS = 15_000;
const HANDSHAKE = 1536;

const u24 = (n: number): Buffer => Buffer.from([(n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff]);
const u32 = (n: number): Buffer => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b;
};

/** A whole client handshake: C0 (version 3), C1, C2. */
const handshake = (): Buffer => Buffer.concat([Buffer.from([3]), randomBytes(HANDSHAKE), randomBytes(HANDSHAKE)]);

interface ChunkOptions {
  csid?: number;
  fmt?: number;
  streamId?: number;
  /** Message length announced (default: the payload's). */
  length?: number;
  timestamp?: number;
}

/** One message as a type-0 chunk, split at the default chunk size (128) with type-3 continuation headers. */
function chunk(type: number, payload: Buffer, options: ChunkOptions = {}): Buffer {
  const csid = options.csid ?? 3;
  const fmt = options.fmt ?? 0;
  const stream = Buffer.alloc(4);
  stream.writeUInt32LE(options.streamId ?? 0);
  const header = Buffer.concat([
    Buffer.from([(fmt << 6) | csid]),
    u24(options.timestamp ?? 0),
    u24(options.length ?? payload.length),
    Buffer.from([type]),
    stream,
  ]);
  const pieces: Buffer[] = [header];
  for (let at = 0; at < payload.length; at += 128) {
    if (at > 0) pieces.push(Buffer.from([(3 << 6) | csid]));
    pieces.push(payload.subarray(at, at + 128));
  }
  return Buffer.concat(pieces);
}

/** AMF0 values: enough to write the commands a pushing device sends. */
type Amf = string | number | null | { [key: string]: Amf };
function amf(value: Amf): Buffer {
  if (value === null) return Buffer.from([5]);
  if (typeof value === 'number') {
    const b = Buffer.alloc(9);
    b[0] = 0;
    b.writeDoubleBE(value, 1);
    return b;
  }
  if (typeof value === 'string') {
    const text = Buffer.from(value);
    const length = Buffer.alloc(2);
    length.writeUInt16BE(Math.min(text.length, 0xffff));
    return Buffer.concat([Buffer.from([2]), length, text.subarray(0, 0xffff)]);
  }
  const entries = Object.entries(value).flatMap(([key, inner]) => [amf(key).subarray(1), amf(inner)]);
  return Buffer.concat([Buffer.from([3]), ...entries, Buffer.from([0, 0, 9])]);
}
const command = (...values: Amf[]): Buffer => chunk(20, Buffer.concat(values.map(amf)));
const connect = (app = 'live', tcUrl = 'rtmp://127.0.0.1/live'): Buffer => command('connect', 1, { app, tcUrl });
const publish = (name: string): Buffer =>
  Buffer.concat([connect(), command('createStream', 2, null), command('publish', 3, null, name, 'live')]);
/** An AMF0 object nested `depth` times, written directly (a recursive writer would need the same depth). */
const deepObject = (depth: number): Buffer =>
  Buffer.concat([
    Buffer.from([3]),
    Buffer.concat(Array<Buffer>(depth).fill(Buffer.from([0, 1, 0x61, 3]))),
    Buffer.concat(Array<Buffer>(depth + 1).fill(Buffer.from([0, 0, 9]))),
  ]);

type Mode = 'end' | 'hold';

/**
 * Sends the bytes (after a whole handshake when `afterHandshake`), then either ends our side or holds the connection;
 * either way the gateway must close it: at once on our end, by its start deadline when held.
 */
function rtmpCase(name: string, bytes: () => Buffer, mode: Mode, afterHandshake = true): Case {
  return {
    door: 'rtmp',
    name: `${afterHandshake ? 'handshake + ' : ''}${name} · ${mode === 'end' ? 'then closed' : 'held open'}`,
    run: async (target) => {
      const socket = await openSocket(target.rtmpPort);
      const answer = readAnswer(socket, RTMP_CLOSE_BOUND_MS);
      socket.write(Buffer.concat([afterHandshake ? handshake() : Buffer.alloc(0), bytes()]), () => {
        if (mode === 'end') socket.end();
      });
      const { closed, ms } = await answer;
      return closed ? undefined : `the gateway kept the connection open for ${ms} ms`;
    },
  };
}

/** Trickles one byte every 300 ms: a slow client must still meet the start deadline. */
function trickleCase(): Case {
  return {
    door: 'rtmp',
    name: 'handshake trickled one byte every 300 ms',
    run: async (target) => {
      const socket = await openSocket(target.rtmpPort);
      const answer = readAnswer(socket, RTMP_CLOSE_BOUND_MS);
      const bytes = handshake();
      let at = 0;
      const timer = setInterval(() => {
        if (!socket.destroyed && at < bytes.length) socket.write(bytes.subarray(at, ++at));
      }, 300);
      const { closed, ms } = await answer;
      clearInterval(timer);
      return closed ? undefined : `the gateway kept a trickling connection open for ${ms} ms`;
    },
  };
}

const MB16 = 0xffffff;
const playNothing = (): Buffer =>
  Buffer.concat([connect(), command('createStream', 2, null), command('play', 3, null, 'demo-cam-01')]);

export function rtmpCases(): Case[] {
  const beforeHandshake: Array<[string, () => Buffer, Mode]> = [
    ['nothing at all', () => Buffer.alloc(0), 'hold'],
    ['C0 only', () => Buffer.from([3]), 'hold'],
    ['C0 version 0 + C1', () => Buffer.concat([Buffer.from([0]), randomBytes(HANDSHAKE)]), 'hold'],
    ['C0 version 6 (encrypted) + C1', () => Buffer.concat([Buffer.from([6]), randomBytes(HANDSHAKE)]), 'hold'],
    ['C0 version 255 + C1', () => Buffer.concat([Buffer.from([255]), randomBytes(HANDSHAKE)]), 'hold'],
    ['C0 + truncated C1 (100 bytes)', () => Buffer.concat([Buffer.from([3]), randomBytes(100)]), 'end'],
    ['C0 + truncated C1 (100 bytes)', () => Buffer.concat([Buffer.from([3]), randomBytes(100)]), 'hold'],
    ['C0 + C1 without C2', () => Buffer.concat([Buffer.from([3]), randomBytes(HANDSHAKE)]), 'hold'],
    ['4 kB of random bytes', () => randomBytes(4096), 'end'],
    ['64 kB of random bytes', () => randomBytes(65_536), 'hold'],
    ['an HTTP request', () => Buffer.from('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n'), 'hold'],
    [
      'a TLS ClientHello',
      () => Buffer.concat([Buffer.from([0x16, 3, 1, 2, 0, 1, 0, 1, 0xfc, 3, 3]), randomBytes(508)]),
      'hold',
    ],
  ];
  const afterHandshake: Array<[string, () => Buffer]> = [
    [
      'chunk size 0x7fffffff, then a 16 MB message cut short',
      () => Buffer.concat([chunk(1, u32(0x7fffffff), { csid: 2 }), chunk(9, randomBytes(1024), { length: MB16 })]),
    ],
    ['chunk size 0, then connect', () => Buffer.concat([chunk(1, u32(0), { csid: 2 }), connect()])],
    ['chunk size 1, then connect', () => Buffer.concat([chunk(1, u32(1), { csid: 2 }), connect()])],
    ['chunk size with a 2-byte payload', () => chunk(1, Buffer.from([0, 1]), { csid: 2 })],
    [
      '16 chunk streams each announcing a 16 MB message',
      () =>
        Buffer.concat(Array.from({ length: 16 }, (_, i) => chunk(9, randomBytes(64), { csid: 10 + i, length: MB16 }))),
    ],
    ['abort of an unknown chunk stream', () => chunk(2, u32(99), { csid: 2 })],
    [
      'window ack 0 and peer bandwidth 0xffffffff',
      () =>
        Buffer.concat([
          chunk(5, u32(0), { csid: 2 }),
          chunk(6, Buffer.concat([u32(0xffffffff), Buffer.from([9])]), { csid: 2 }),
        ]),
    ],
    [
      'extended timestamp marker without its 4 bytes',
      () => chunk(9, Buffer.alloc(0), { timestamp: 0xffffff, length: 10 }).subarray(0, 12),
    ],
    ['a type-3 chunk with no header before it', () => Buffer.concat([Buffer.from([(3 << 6) | 7]), randomBytes(200)])],
    [
      '2-byte and 3-byte chunk stream ids with noise',
      () => Buffer.concat([Buffer.from([0, 255]), randomBytes(11), Buffer.from([1, 255, 255]), randomBytes(300)]),
    ],
    ['message types 0 and 255', () => Buffer.concat([chunk(0, randomBytes(40)), chunk(255, randomBytes(40))])],
    ['connect with a string cut short', () => chunk(20, Buffer.from([2, 0xff, 0xff, 0x63, 0x6f, 0x6e]))],
    ['connect with a number for its command object', () => command('connect', 1, 42)],
    ['connect with a tcUrl that is no URL', () => connect('live', 'not a url %E0%A4%A')],
    [
      'connect with 10k nested AMF objects',
      () => chunk(20, Buffer.concat([amf('connect'), amf(1), deepObject(10_000)])),
    ],
    [
      'connect to app ../../etc and a 60 kB app name',
      () => Buffer.concat([connect('../../etc'), connect('a'.repeat(60_000))]),
    ],
    ['publish without connect', () => command('publish', 3, null, 'x', 'live')],
    ['publish ../../x?key=1', () => publish('../../x?key=1')],
    [
      'publish a name with invalid UTF-8',
      () =>
        Buffer.concat([
          connect(),
          chunk(20, Buffer.concat([amf('publish'), amf(3), amf(null), Buffer.from([2, 0, 4, 0xff, 0xfe, 0xc3, 0x28])])),
        ]),
    ],
    ['publish a pulled camera (demo-cam-01) with an empty key', () => publish('demo-cam-01?key=')],
    ['publish a 60 kB stream name', () => publish('n'.repeat(60_000))],
    [
      'video and data messages before any publish',
      () => Buffer.concat([chunk(9, randomBytes(500), { csid: 6 }), chunk(18, randomBytes(300), { csid: 5 })]),
    ],
    [
      'user control event of 1 byte and an AMF3 command of noise',
      () => Buffer.concat([chunk(4, Buffer.from([7]), { csid: 2 }), chunk(17, randomBytes(200))]),
    ],
  ];
  return [
    ...beforeHandshake.map(([name, bytes, mode]) => rtmpCase(name, bytes, mode, false)),
    ...afterHandshake.flatMap(([name, bytes]) => [rtmpCase(name, bytes, 'hold'), rtmpCase(name, bytes, 'end')]),
    // Loopback may play (the hub's own ingest does), so a player is past the start deadline: ended by us only.
    rtmpCase('play a stream nobody pushes', playNothing, 'end'),
    trickleCase(),
  ];
}
