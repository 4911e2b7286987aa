// The media door: live LL-HLS and playback URLs of the demo cameras with malformed ids, names, queries and ranges.
import { httpCase, type Case, type Target } from './malformed-cases.js';
import type { Expectation, HeaderList } from './raw-http.js';

type Who = 'inspector' | 'none';

interface MediaRequest {
  name: string;
  expectation: Expectation;
  path: (target: Target) => string;
  who?: Who;
  method?: 'GET' | 'POST';
  headers?: HeaderList;
  body?: string;
}

const media = (request: MediaRequest): Case =>
  httpCase('media', `${request.name} · ${request.who ?? 'inspector'}`, request.expectation, (target) => {
    const cookie: HeaderList =
      (request.who ?? 'inspector') === 'inspector' ? [['Cookie', target.cookies.inspector]] : [];
    return {
      method: request.method ?? 'GET',
      target: Buffer.from(request.path(target), 'latin1'),
      headers: [...cookie, ...(request.headers ?? [])],
      ...(request.body === undefined ? {} : { body: request.body }),
    };
  });

/** Each request once with the inspector's session and once without: without, it is always refused. */
const bothCallers = (request: MediaRequest): Case[] => [
  media(request),
  media({ ...request, who: 'none', expectation: 'reject' }),
];

const CAMS = ['demo-cam-01', 'demo-cam-02'];
const BAD_CAMS = [
  'nope',
  '..',
  '%2e%2e',
  'demo-cam-01%00',
  '%E0%A4%A',
  'demo-cam-01%2f..',
  'DEMO-CAM-01',
  'x'.repeat(2000),
  '\xff\xfe',
];

function liveCases(): Case[] {
  const files = ['index.m3u8', 'init.mp4'];
  const byCamera = [...CAMS, ...BAD_CAMS].flatMap((cam) =>
    files.flatMap((file) =>
      bothCallers({
        name: `live ${cam.slice(0, 40)}/main/${file}`,
        expectation: CAMS.includes(cam) ? 'tolerate' : 'reject',
        path: () => `/live/${cam}/main/${file}`,
      }),
    ),
  );
  const badFiles = [
    'init-999999999.mp4',
    'init-1234567890.mp4',
    'seg-999999999999.m4s',
    'part-999999999999-0.m4s',
    'part-0-999999.m4s',
    'seg--1.m4s',
    'seg-1e3.m4s',
    'seg-%ff.m4s',
    'index.m3u8%00',
    'index.M3U8',
    '..%2f..%2fvigil.db',
    '%2e%2e',
    `${'s'.repeat(3000)}.m4s`,
  ].flatMap((file) =>
    bothCallers({
      name: `live file ${file.slice(0, 40)}`,
      expectation: 'reject',
      path: () => `/live/${CAMS[0]}/main/${file}`,
    }),
  );
  const badStreams = ['sub%00', 'nope', '..', '%2e%2e', 'MAIN', '%E0%A4%A'].map((stream) =>
    media({
      name: `live stream ${stream}`,
      expectation: 'reject',
      path: () => `/live/${CAMS[0]}/${stream}/index.m3u8`,
    }),
  );
  const badQueries = [
    '_HLS_msn=-1',
    '_HLS_msn=abc',
    '_HLS_part=1',
    '_HLS_msn=99999999999&_HLS_part=0',
    '_HLS_msn=%ff',
    '_HLS_msn=1&_HLS_msn=2',
    '_HLS_msn=1e3',
    '_HLS_msn=9999999999999',
    '_HLS_msn=1&_HLS_part=-1',
    '_HLS_msn=',
  ].map((query) =>
    media({
      name: `live playlist ?${query}`,
      expectation: 'reject',
      path: () => `/live/${CAMS[0]}/main/index.m3u8?${query}`,
    }),
  );
  const odd = media({
    name: 'live playlist ?_HLS_skip=YES&x=%E0%A4%A',
    expectation: 'tolerate',
    path: () => `/live/${CAMS[0]}/main/index.m3u8?_HLS_skip=YES&x=%E0%A4%A`,
  });
  return [...byCamera, ...badFiles, ...badStreams, ...badQueries, odd];
}

const lastMinute = (): string => `from=${Date.now() - 60_000}&to=${Date.now()}`;
const BAD_SPANS = [
  'from=abc&to=1',
  'from=&to=',
  '',
  'from=1e400&to=1',
  'from=-1&to=0',
  'from=2000&to=1000',
  `from=${Date.now() - 40 * 86_400_000}&to=${Date.now()}`,
  'from=%ff&to=%E0%A4%A',
  'from=1&from=2&to=3',
  'from[a]=1&to[b]=2',
  'from=2024-13-45T99:99:99Z&to=2024-01-01',
  `from=${'9'.repeat(400)}&to=${'9'.repeat(401)}`,
  'from=0x10&to=0x20',
];

function playbackCases(): Case[] {
  const spans = ['ranges', 'vod.m3u8'].flatMap((what) => [
    ...bothCallers({
      name: `${what} of the last minute`,
      expectation: 'tolerate',
      path: () => `/playback/${CAMS[0]}/${what}?${lastMinute()}`,
    }),
    ...BAD_SPANS.map((query) =>
      media({
        name: `${what} ?${query.slice(0, 50)}`,
        expectation: 'reject',
        path: () => `/playback/${CAMS[0]}/${what}?${query}`,
      }),
    ),
  ]);
  const reasons = [
    media({
      name: 'vod.m3u8 reason=%ff',
      expectation: 'tolerate',
      path: () => `/playback/${CAMS[0]}/vod.m3u8?${lastMinute()}&reason=%ff%E0%A4%A`,
    }),
    media({
      name: 'vod.m3u8 reason of 600 chars',
      expectation: 'reject',
      path: () => `/playback/${CAMS[0]}/vod.m3u8?${lastMinute()}&reason=${'r'.repeat(600)}`,
    }),
  ];
  const badIds = ['0', '-1', 'abc', '9999999999999999', '1%00', '..%2f..%2fvigil.db', '%2e%2e', '1e3', '%201'];
  const byId = ['init.mp4', 'media.m4s'].flatMap((part) =>
    badIds.map((id) =>
      media({
        name: `files/${id}/${part}`,
        expectation: 'reject',
        path: () => `/playback/${CAMS[0]}/files/${id}/${part}`,
      }),
    ),
  );
  const parts = [
    ...['init.mp4', 'media.m4s'].flatMap((part) =>
      bothCallers({
        name: `files/<id>/${part}`,
        expectation: 'tolerate',
        path: (t) => `/playback/${CAMS[0]}/files/${t.recordingId}/${part}`,
      }),
    ),
    ...['bogus.txt', 'init.mp4%00', '..', '%2e%2e%2f%2e%2e%2fvigil.db'].map((part) =>
      media({
        name: `files/<id>/${part}`,
        expectation: 'reject',
        path: (t) => `/playback/${CAMS[0]}/files/${t.recordingId}/${part}`,
      }),
    ),
    media({
      name: 'files/<id> of demo-cam-01 under demo-cam-02',
      expectation: 'reject',
      path: (t) => `/playback/${CAMS[1]}/files/${t.recordingId}/init.mp4`,
    }),
  ];
  const wholeFiles = ['0.mp4', 'abc.mp4', '<id>.mp4%00', '<id>.MP4', '..%2f<id>.mp4', `${'1'.repeat(16)}.mp4`].map(
    (name) =>
      media({
        name: `files/${name}`,
        expectation: 'reject',
        path: (t) => `/playback/${CAMS[0]}/files/${name.replace('<id>', String(t.recordingId))}`,
      }),
  );
  const ranges = [
    'bytes=abc',
    'bytes=999999999999-',
    'bytes=5-1',
    'bytes=-0',
    `bytes=${'0-0,'.repeat(2000)}0-0`,
    'bytes=-99999999999999999999',
    'items=0-1',
    'bytes=0-1,1-2',
  ].map((range) =>
    media({
      name: `files/<id>.mp4 Range: ${range.slice(0, 30)}`,
      expectation: 'tolerate',
      path: (t) => `/playback/${CAMS[0]}/files/${t.recordingId}.mp4`,
      headers: [['Range', range]],
    }),
  );
  const exportIds = [
    'exp_nope',
    'exp_',
    'EXP_A',
    '..',
    '%2e%2e',
    'exp_a%00',
    `exp_${'a'.repeat(5000)}`,
    'exp_a%2f..%2fvigil.db',
    '%E0%A4%A',
  ];
  const exports = exportIds.flatMap((id) =>
    ['', '/download', '/manifest', '/bogus'].map((what) =>
      media({
        name: `exports/${id.slice(0, 30)}${what}`,
        expectation: 'reject',
        path: () => `/playback/exports/${id}${what}`,
      }),
    ),
  );
  const hour = 3_600_000;
  const exportBodies = [
    '{"from":"abc","to":1}',
    '{"from":0,"to":1e300}',
    `{"from":${Date.now() - 2 * hour},"to":${Date.now()}}`,
    `{"from":${Date.now()},"to":${Date.now() - 60_000}}`,
    '{"from":[1],"to":{}}',
    `{"from":${Date.now() - 60_000},"to":${Date.now()},"reason":"${'r'.repeat(600)}"}`,
    '[]',
    'null',
    '"from"',
    '{}',
  ].map((body) =>
    media({
      name: `POST exports ${body.slice(0, 40)}`,
      expectation: 'reject',
      method: 'POST',
      path: () => `/playback/${CAMS[0]}/exports`,
      headers: [['Content-Type', 'application/json']],
      body,
    }),
  );
  return [...spans, ...reasons, ...byId, ...parts, ...wholeFiles, ...ranges, ...exports, ...exportBodies];
}

export const mediaCases = (): Case[] => [...liveCases(), ...playbackCases()];
