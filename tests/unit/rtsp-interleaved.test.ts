// The RTSP connection's byte reader: responses and $-frames in one stream, split anywhere, bounded, garbage refused.
import { describe, expect, it } from 'vitest';
import { InterleavedReader, RtspProtocolError, type RtspResponse } from '../../src/rtsp/interleaved-reader.js';

function frame(channel: number, payload: Buffer): Buffer {
  return Buffer.concat([Buffer.from([0x24, channel, payload.length >> 8, payload.length & 0xff]), payload]);
}

const response = Buffer.from('RTSP/1.0 200 OK\r\nCSeq: 3\r\nContent-Length: 4\r\n\r\nv=0\n');
const serverRequest = Buffer.from('GET_PARAMETER rtsp://h/s RTSP/1.0\r\nCSeq: 9\r\n\r\n');

function reader(options = {}): {
  push: (b: Buffer) => void;
  responses: RtspResponse[];
  frames: Array<[number, string]>;
} {
  const responses: RtspResponse[] = [];
  const frames: Array<[number, string]> = [];
  const r = new InterleavedReader(
    {
      response: (res) => responses.push(res),
      frame: (channel, payload) => frames.push([channel, payload.toString('hex')]),
    },
    options,
  );
  return { push: (b) => r.push(b), responses, frames };
}

describe('InterleavedReader', () => {
  const stream = Buffer.concat([
    frame(0, Buffer.alloc(300, 1)),
    response,
    frame(1, Buffer.from([9, 9])),
    serverRequest,
    frame(0, Buffer.alloc(5, 2)),
  ]);

  it.each([1, 2, 3, 7, 64, 1000])('reads the same messages when split every %i bytes', (step) => {
    const r = reader();
    for (let i = 0; i < stream.length; i += step) r.push(stream.subarray(i, i + step));
    expect(r.frames.map(([channel, hex]) => [channel, hex.length / 2])).toEqual([
      [0, 300],
      [1, 2],
      [0, 5],
    ]);
    expect(r.responses).toHaveLength(1);
    expect(r.responses[0]).toMatchObject({ status: 200, statusText: 'OK' });
    expect(r.responses[0]?.body.toString()).toBe('v=0\n');
    expect(r.responses[0]?.headers.get('cseq')).toEqual(['3']);
  });

  it.each([
    ['binary garbage', Buffer.from([0x00, 0x01, 0x02, 0x03]), /unexpected byte/],
    ['a frame above the limit', frame(0, Buffer.alloc(2000)), /exceeds the 1024-byte limit/],
    ['a header without an end', Buffer.from(`RTSP/1.0 200 OK\r\nX: ${'a'.repeat(5000)}`), /longer than 4096/],
    ['a huge Content-Length', Buffer.from('RTSP/1.0 200 OK\r\nContent-Length: 99999999\r\n\r\n'), /longer than 4096/],
  ])('fails on %s', (_name, bytes, message) => {
    const r = reader({ maxFrameBytes: 1024, maxMessageBytes: 4096 });
    expect(() => r.push(bytes)).toThrow(RtspProtocolError);
    expect(() => reader({ maxFrameBytes: 1024, maxMessageBytes: 4096 }).push(bytes)).toThrow(message);
  });
});
