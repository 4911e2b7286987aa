// RTSP message reader/serializer and the Transport header.
import { describe, expect, it } from 'vitest';
import {
  formatTransport,
  interleavedHeader,
  parseTransport,
  RtspMessageReader,
  RtspParseError,
  serializeRequest,
  serializeResponse,
} from '../../src/simulator/rtsp-message.js';
import { parseStreamPath } from '../../src/simulator/stream-path.js';

describe('RTSP messages', () => {
  it('reads a request split anywhere, then an interleaved frame and a response', () => {
    const wire = Buffer.concat([
      Buffer.from(
        'SET_PARAMETER rtsp://127.0.0.1:8554/cam01/main RTSP/1.0\r\nCSeq: 5\r\nSession: ABC;timeout=60\r\nContent-Length: 4\r\n\r\nx: y',
      ),
      interleavedHeader(1, 3),
      Buffer.from([1, 2, 3]),
      serializeResponse(200, { CSeq: 6 }, 'v=0\r\n'),
    ]);
    for (const step of [1, 4, 17, wire.length]) {
      const reader = new RtspMessageReader();
      const messages = [];
      for (let i = 0; i < wire.length; i += step) messages.push(...reader.push(wire.subarray(i, i + step)));
      expect(messages).toHaveLength(3);
      const [request, frame, response] = messages;
      expect(request).toMatchObject({
        kind: 'request',
        method: 'SET_PARAMETER',
        uri: 'rtsp://127.0.0.1:8554/cam01/main',
        version: 'RTSP/1.0',
      });
      if (request?.kind !== 'request') throw new Error('not a request');
      expect(request.headers.get('cseq')).toBe('5');
      expect(request.headers.get('session')).toBe('ABC;timeout=60');
      expect(request.body.toString()).toBe('x: y');
      expect(frame).toEqual({ kind: 'interleaved', channel: 1, data: Buffer.from([1, 2, 3]) });
      expect(response).toMatchObject({ kind: 'response', status: 200, reason: 'OK' });
      if (response?.kind !== 'response') throw new Error('not a response');
      expect(response.body.toString()).toBe('v=0\r\n');
    }
  });

  it('serializes with CRLFs and Content-Length', () => {
    expect(serializeRequest('OPTIONS', '*', { CSeq: 1 }).toString()).toBe('OPTIONS * RTSP/1.0\r\nCSeq: 1\r\n\r\n');
    expect(serializeResponse(454, { CSeq: 2 }, 'ab').toString()).toBe(
      'RTSP/1.0 454 Session Not Found\r\nCSeq: 2\r\nContent-Length: 2\r\n\r\nab',
    );
  });

  it('rejects garbage', () => {
    expect(() => new RtspMessageReader().push(Buffer.from('HELLO\r\n\r\n'))).toThrow(RtspParseError);
  });

  it.each([
    ['RTP/AVP/TCP;unicast;interleaved=0-1', { protocol: 'RTP/AVP/TCP', unicast: true, interleaved: [0, 1] }],
    ['RTP/AVP;unicast;client_port=5000-5001', { protocol: 'RTP/AVP', unicast: true, clientPort: [5000, 5001] }],
    ['RTP/AVP/UDP;unicast;client_port=6000', { protocol: 'RTP/AVP/UDP', unicast: true, clientPort: [6000, 6001] }],
    ['RTP/AVP;multicast;port=3456-3457', { protocol: 'RTP/AVP', unicast: false }],
    [
      'RTP/AVP;unicast;client_port=5000-5001;mode="PLAY"',
      { protocol: 'RTP/AVP', unicast: true, clientPort: [5000, 5001], mode: 'PLAY' },
    ],
  ])('parses Transport %s', (header, expected) => {
    expect(parseTransport(header)[0]).toEqual(expected);
  });

  it('keeps alternatives in order and formats replies', () => {
    expect(parseTransport('RTP/AVP/TCP;interleaved=2-3, RTP/AVP;client_port=1-2').map((t) => t.protocol)).toEqual([
      'RTP/AVP/TCP',
      'RTP/AVP',
    ]);
    expect(
      formatTransport({
        protocol: 'RTP/AVP',
        unicast: true,
        clientPort: [5000, 5001],
        serverPort: [20000, 20001],
        ssrc: '0000BEEF',
      }),
    ).toBe('RTP/AVP;unicast;client_port=5000-5001;server_port=20000-20001;ssrc=0000BEEF');
  });

  it.each([
    ['rtsp://127.0.0.1:8554/cam01/main', { cameraId: 'cam01', stream: 'main' }],
    ['rtsp://127.0.0.1:8554/cam01/sub/', { cameraId: 'cam01', stream: 'sub' }],
    ['rtsp://u:p@127.0.0.1/cam01/main/trackID=0', { cameraId: 'cam01', stream: 'main', track: 'trackID=0' }],
    ['rtsp://127.0.0.1:8554/cam01', undefined],
    ['*', undefined],
    ['rtsp://127.0.0.1:8554/cam%E0%A4%A/main', undefined],
  ])('parses the stream path of %s', (uri, expected) => {
    expect(parseStreamPath(uri)).toEqual(expected);
  });
});
