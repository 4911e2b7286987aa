// classifyFfmpegFailure over real stderr captured from Debian ffmpeg 5.1.9 and the bundled 4.1 build; StderrRing.
import { describe, expect, it } from 'vitest';
import { classifyFfmpegFailure, StderrRing, type FailureCode } from '../../src/ffmpeg/index.js';

interface Row {
  name: string;
  lines: string[];
  exitCode: number | null;
  signal?: NodeJS.Signals;
  code: FailureCode;
  detail?: RegExp;
}

// Captured with `-loglevel warning` against tests/support/gst-rtsp-server.py (GStreamer 1.22) and local sockets,
// unless marked "format of": those reproduce ffmpeg's message format for cases this machine cannot produce.
const rows: Row[] = [
  {
    name: '5.1 digest auth, wrong password',
    lines: [
      '[rtsp @ 0x55d93270a980] method DESCRIBE failed: 401 Unauthorized',
      'rtsp://***@127.0.0.1:18554/stream: Server returned 401 Unauthorized (authorization failed)',
    ],
    exitCode: 1,
    code: 'auth_failed',
    detail: /401 Unauthorized/,
  },
  {
    name: '4.1 digest auth, no credentials',
    lines: [
      '[rtsp @ 0x687fc80] method DESCRIBE failed: 401 Unauthorized',
      'rtsp://127.0.0.1:18554/stream: Server returned 401 Unauthorized (authorization failed)',
    ],
    exitCode: 1,
    code: 'auth_failed',
  },
  {
    name: '5.1 wrong path',
    lines: [
      '[rtsp @ 0x5603d8c2b980] method DESCRIBE failed: 404 Not Found',
      'rtsp://***@127.0.0.1:18554/nope: Server returned 404 Not Found',
    ],
    exitCode: 1,
    code: 'not_found',
  },
  {
    name: '4.1 wrong path',
    lines: [
      '[rtsp @ 0xd675c80] method DESCRIBE failed: 404 Not Found',
      'rtsp://***@127.0.0.1:18554/nope: Server returned 404 Not Found',
    ],
    exitCode: 1,
    code: 'not_found',
  },
  {
    name: 'format of: 454 Session Not Found on SETUP',
    lines: [
      '[rtsp @ 0x55d93270a980] method SETUP failed: 454 Session Not Found',
      'rtsp://cam/ch1: Server returned 4XX Client Error, but not one of 40{0,1,3,4}',
    ],
    exitCode: 1,
    code: 'not_found',
  },
  {
    name: '5.1 connection refused',
    lines: [
      '[tcp @ 0x562d60f72640] Connection to tcp://127.0.0.1:18554?timeout=0 failed: Connection refused',
      'rtsp://***@127.0.0.1:18554/stream: Connection refused',
    ],
    exitCode: 1,
    code: 'unreachable',
    detail: /Connection refused/,
  },
  {
    name: '4.1 connection refused',
    lines: [
      '[tcp @ 0x21bf4c80] Connection to tcp://127.0.0.1:18554?timeout=0 failed: Connection refused',
      'rtsp://***@127.0.0.1:18554/stream: Connection refused',
    ],
    exitCode: 1,
    code: 'unreachable',
  },
  {
    name: '5.1 host not found',
    lines: [
      '[tcp @ 0x55a5a0685640] Failed to resolve hostname nohost.invalid: Name or service not known',
      'rtsp://***@nohost.invalid:18555/nope: Input/output error',
    ],
    exitCode: 1,
    code: 'unreachable',
    detail: /resolve hostname/,
  },
  {
    name: '5.1 and 4.1: TCP accepted, no RTSP answer within -timeout/-stimeout',
    lines: ['rtsp://***@127.0.0.1:18564/stream: Invalid data found when processing input'],
    exitCode: 1,
    code: 'unreachable',
  },
  {
    name: '5.1 stream stopped mid-way, socket timeout',
    lines: ['rtsp://127.0.0.1:18575/stream: Connection timed out'],
    exitCode: 0,
    code: 'unreachable',
  },
  {
    name: 'format of: no route to host',
    lines: [
      '[tcp @ 0x55a5a0685640] Connection to tcp://10.1.2.3:554?timeout=5000000 failed: No route to host',
      'rtsp://10.1.2.3/ch1: No route to host',
    ],
    exitCode: 1,
    code: 'unreachable',
  },
  {
    name: '5.1 RTMP connection refused',
    lines: [
      '[tcp @ 0x5619706a2d00] Connection to tcp://127.0.0.1:19350?tcp_nodelay=0 failed: Connection refused',
      '[rtmp @ 0x5619706a2200] Cannot open connection tcp://127.0.0.1:19350?tcp_nodelay=0',
      'rtmp://127.0.0.1:19350/live/cam1: Connection refused',
    ],
    exitCode: 1,
    code: 'unreachable',
  },
  {
    name: '5.1 audio-only camera',
    lines: ["Stream map '0:v:0' matches no streams.", "To ignore this, add a trailing '?' to the map."],
    exitCode: 1,
    code: 'no_video',
  },
  {
    name: '4.1 audio-only camera',
    lines: [
      'Guessed Channel Layout for Input Stream #0.0 : mono',
      "Stream map '0:v:0' matches no streams.",
      "To ignore this, add a trailing '?' to the map.",
    ],
    exitCode: 1,
    code: 'no_video',
  },
  {
    name: '5.1 VP8 camera (MP4 cannot hold it)',
    lines: [
      '[mp4 @ 0x5583f7527dc0] Could not find tag for codec vp8 in stream #0, codec not currently supported in container',
      'Could not write header for output file #0 (incorrect codec parameters ?): Invalid argument',
      'Error initializing output stream 0:0 -- ',
    ],
    exitCode: 1,
    code: 'unsupported_codec',
    detail: /^Could not find tag for codec vp8/,
  },
  {
    name: '4.1 VP8 camera',
    lines: [
      '[mp4 @ 0x30fd2780] Could not find tag for codec vp8 in stream #0, codec not currently supported in container',
      'Could not write header for output file #0 (incorrect codec parameters ?): Invalid argument',
    ],
    exitCode: 1,
    code: 'unsupported_codec',
  },
  {
    name: '4.1 clean end after the server stopped sending',
    lines: [
      '[mp4 @ 0x3aa79c40] Estimating the duration of the last packet in a fragment, consider setting the duration field in AVPacket instead.',
    ],
    exitCode: 0,
    code: 'exited',
    detail: /^the camera ended the stream$/,
  },
  {
    name: 'killed with SIGKILL, nothing printed',
    lines: [],
    exitCode: null,
    signal: 'SIGKILL',
    code: 'exited',
    detail: /^ffmpeg was killed by SIGKILL$/,
  },
  {
    name: '4.1 static build crashing on DNS (exit 139 seen by a shell)',
    lines: [],
    exitCode: null,
    signal: 'SIGSEGV',
    code: 'exited',
  },
  {
    name: 'unknown exit code',
    lines: ['something odd'],
    exitCode: 187,
    code: 'exited',
    detail: /code 187: something odd/,
  },
  {
    name: 'a per-packet warning mentioning a number is not an auth failure',
    lines: ['[rtsp @ 0x1] RTP: missed 401 packets', 'rtsp://cam/ch1: Connection timed out'],
    exitCode: 1,
    code: 'unreachable',
  },
];

describe('classifyFfmpegFailure', () => {
  it.each(rows)('$name → $code', ({ lines, exitCode, signal, code, detail }) => {
    const reason = classifyFfmpegFailure(lines, exitCode, signal ?? null);
    expect(reason.code).toBe(code);
    if (detail) expect(reason.detail).toMatch(detail);
    expect(reason.detail ?? '').not.toMatch(/\[\w+ @ 0x/);
  });

  it('uses stable messages', () => {
    expect(classifyFfmpegFailure(rows[0]?.lines ?? [], 1).message).toBe('authentication failed');
    expect(classifyFfmpegFailure([], 0).message).toBe('the stream ended unexpectedly');
  });
});

describe('StderrRing', () => {
  it('keeps the last N lines, oldest first, across chunk boundaries', () => {
    const ring = new StderrRing({ capacity: 3 });
    ring.push('one\ntw');
    ring.push('o\r\nthree\nfour\n');
    ring.push('fi');
    expect(ring.lines()).toEqual(['two', 'three', 'four']);
    ring.flush();
    expect(ring.lines()).toEqual(['three', 'four', 'fi']);
    expect(ring.lineCount).toBe(5);
    expect(ring.last()).toBe('fi');
  });

  it('redacts credentials before cutting long lines', () => {
    const ring = new StderrRing({ maxLineLength: 40, secrets: ['p@ss word'] });
    ring.push(`rtsp://admin:hunter2@10.0.0.5:554/Streaming/Channels/101: Connection refused ${'x'.repeat(100)}\n`);
    ring.push('auth p@ss word leaked\n');
    const [first, second] = ring.lines();
    expect(first).toMatch(/^rtsp:\/\/\*\*\*@10\.0\.0\.5/);
    expect(first).not.toContain('hunter');
    expect(first?.length).toBeLessThanOrEqual(41);
    expect(second).toBe('auth *** leaked');
  });

  it('stays cheap under a flood of per-packet warnings', () => {
    const ring = new StderrRing();
    const chunk = Buffer.from('[h264 @ 0x1] warning: non-existing PPS 0 referenced\n'.repeat(200));
    const started = performance.now();
    for (let i = 0; i < 500; i++) ring.push(chunk);
    expect(ring.lineCount).toBe(100_000);
    expect(ring.lines()).toHaveLength(50);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});
