// SDP of DESCRIBE answers → the video track the native engine takes, or why it leaves the camera to ffmpeg.
import { describe, expect, it } from 'vitest';
import { parseSdpVideo, resolveControl } from '../../src/rtsp/index.js';

const BASE = 'rtsp://127.0.0.1:8554/stream/';
const head = ['v=0', 'o=- 1 1 IN IP4 127.0.0.1', 's=cam', 't=0 0'];

function sdp(...lines: string[]): string {
  return [...head, ...lines].join('\r\n') + '\r\n';
}

const h264 = [
  'm=video 0 RTP/AVP 96',
  'a=rtpmap:96 H264/90000',
  'a=fmtp:96 packetization-mode=1;sprop-parameter-sets=Z0LADdoFB+wFqDAwNSgAAAMACAAAAwGUeKFV,aM48gA==;profile-level-id=42c00d',
  'a=control:stream=0',
];

describe('parseSdpVideo', () => {
  const handled = [
    { name: 'GStreamer H.264', text: sdp(...h264), codec: 'h264', pt: 96, control: `${BASE}stream=0`, sets: 2 },
    {
      name: 'H.265 with VPS/SPS/PPS',
      text: sdp(
        'm=video 0 RTP/AVP 97',
        'a=rtpmap:97 H265/90000',
        'a=fmtp:97 sprop-vps=QAEMAf//AWAAAAMAkAAAAwAAAwA8ugJA;sprop-sps=QgEBAWAAAAMAkAAAAwAAAwA8oAoIDxZbpKTC//AAEAAWoMDAwIAAAAMAgAAADIQ=;sprop-pps=RAHAcYMS',
        'a=control:trackID=1',
      ),
      codec: 'h265',
      pt: 97,
      control: `${BASE}trackID=1`,
      sets: 3,
    },
    {
      name: 'audio first, absolute control, mode 0 without fmtp',
      text: sdp(
        'm=audio 0 RTP/AVP 8',
        'a=rtpmap:8 PCMA/8000',
        'm=video 0 RTP/AVP 96',
        'a=rtpmap:96 H264/90000',
        'a=control:rtsp://10.0.0.1/x/track1',
      ),
      codec: 'h264',
      pt: 96,
      control: 'rtsp://10.0.0.1/x/track1',
      sets: 0,
    },
    {
      name: 'session-level control, no media control',
      text: sdp('a=control:rtsp://127.0.0.1:8554/agg', 'm=video 0 RTP/AVP 96', 'a=rtpmap:96 H264/90000'),
      codec: 'h264',
      pt: 96,
      control: 'rtsp://127.0.0.1:8554/agg',
      sets: 0,
    },
  ];
  it.each(handled)('takes $name', ({ text, codec, pt, control, sets }) => {
    const verdict = parseSdpVideo(text, BASE);
    expect(verdict.handled).toBe(true);
    if (!verdict.handled) return;
    expect(verdict.track).toMatchObject({ codec, payloadType: pt, clockRate: 90_000, controlUrl: control });
    expect(verdict.track.parameterSets).toHaveLength(sets);
  });

  const refused = [
    { name: 'MJPEG', text: sdp('m=video 0 RTP/AVP 26', 'a=rtpmap:26 JPEG/90000'), hasVideo: true, reason: /JPEG/ },
    { name: 'VP8', text: sdp('m=video 0 RTP/AVP 96', 'a=rtpmap:96 VP8/90000'), hasVideo: true, reason: /VP8/ },
    {
      name: 'audio only',
      text: sdp('m=audio 0 RTP/AVP 8', 'a=rtpmap:8 PCMA/8000'),
      hasVideo: false,
      reason: /no video/,
    },
    {
      name: 'H.264 interleaved mode',
      text: sdp('m=video 0 RTP/AVP 96', 'a=rtpmap:96 H264/90000', 'a=fmtp:96 packetization-mode=2'),
      hasVideo: true,
      reason: /packetization-mode 2/,
    },
    {
      name: 'H.265 with DONL',
      text: sdp('m=video 0 RTP/AVP 96', 'a=rtpmap:96 H265/90000', 'a=fmtp:96 sprop-max-don-diff=2'),
      hasVideo: true,
      reason: /DONL/,
    },
  ];
  it.each(refused)('leaves $name to ffmpeg', ({ text, hasVideo, reason }) => {
    const verdict = parseSdpVideo(text, BASE);
    expect(verdict.handled).toBe(false);
    if (verdict.handled) return;
    expect(verdict.hasVideo).toBe(hasVideo);
    expect(verdict.reason).toMatch(reason);
  });
});

describe('resolveControl', () => {
  it.each([
    ['rtsp://h/s', undefined, 'rtsp://h/s'],
    ['rtsp://h/s', '*', 'rtsp://h/s'],
    ['rtsp://h/s', 'track1', 'rtsp://h/s/track1'],
    ['rtsp://h/s/', 'track1', 'rtsp://h/s/track1'],
    ['rtsp://h/s', 'rtsp://o/t', 'rtsp://o/t'],
  ])('%s + %s → %s', (base, control, expected) => {
    expect(resolveControl(base, control)).toBe(expected);
  });
});
