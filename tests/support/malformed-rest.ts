// The REST door: every route of the hub's API (and /healthz, /metrics, the media routers) × each malformation family.
import { httpCase, type Case, type Target } from './malformed-cases.js';
import type { Expectation, HeaderList, RawRequest } from './raw-http.js';

/** A route as the cases call it; ids that would change something name nothing (`nope-404`). */
export interface Route {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  path: string;
  /** Who may use it: the valid session sent is that caller's. */
  caller: 'public' | 'admin' | 'inspector';
  /** POST and PATCH take a JSON body; `ignored` when the route reads none. */
  body?: 'json' | 'ignored';
  /** A valid session is never sent: the route would end it (logout). */
  endsSession?: boolean;
}

const NOPE = 'nope-404';
const CAM = 'demo-cam-01';
const get = (path: string, caller: Route['caller']): Route => ({ method: 'GET', path, caller });
const post = (path: string, caller: Route['caller'], body: Route['body'] = 'json'): Route => ({
  method: 'POST',
  path,
  caller,
  body,
});
const patch = (path: string): Route => ({ method: 'PATCH', path, caller: 'admin', body: 'json' });
const del = (path: string): Route => ({ method: 'DELETE', path, caller: 'admin' });

/** Every route of `grep -rhoE "router\.(get|post|put|patch|delete)\(" src`, with /api, /live and /playback mounts. */
export const ROUTES: readonly Route[] = [
  get('/healthz', 'public'),
  // Loopback without X-Forwarded-For may scrape metrics without a session (a local Prometheus): every case is local.
  get('/metrics', 'public'),
  get('/api/openapi.json', 'public'),
  get('/api/docs', 'public'),
  get('/api/docs/init.js', 'public'),
  post('/api/auth/login', 'public'),
  { ...post('/api/auth/logout', 'public', 'ignored'), endsSession: true },
  get('/api/auth/me', 'admin'),
  post('/api/auth/password', 'admin'),
  get('/api/admin/org-units', 'admin'),
  post('/api/admin/org-units', 'admin'),
  patch(`/api/admin/org-units/${NOPE}`),
  del(`/api/admin/org-units/${NOPE}`),
  get('/api/admin/enterprises', 'admin'),
  post('/api/admin/enterprises', 'admin'),
  patch(`/api/admin/enterprises/${NOPE}`),
  del(`/api/admin/enterprises/${NOPE}`),
  get('/api/admin/users', 'admin'),
  post('/api/admin/users', 'admin'),
  patch(`/api/admin/users/${NOPE}`),
  del(`/api/admin/users/${NOPE}`),
  post(`/api/admin/users/${NOPE}/password`, 'admin'),
  post(`/api/admin/users/${NOPE}/unlock`, 'admin', 'ignored'),
  get('/api/cameras', 'admin'),
  get(`/api/cameras/${CAM}`, 'admin'),
  get(`/api/cameras/${CAM}/snapshot.jpg`, 'admin'),
  get('/api/org/tree', 'admin'),
  get('/api/events', 'admin'),
  get('/api/events.csv', 'admin'),
  get('/api/admin/cameras', 'admin'),
  post('/api/admin/cameras', 'admin'),
  post('/api/admin/cameras/test-stream', 'admin'),
  get(`/api/admin/cameras/${CAM}`, 'admin'),
  patch(`/api/admin/cameras/${NOPE}`),
  del(`/api/admin/cameras/${NOPE}`),
  get(`/api/admin/cameras/${CAM}/push`, 'admin'),
  post(`/api/admin/cameras/${NOPE}/push/regenerate`, 'admin', 'ignored'),
  post('/api/admin/discovery', 'admin'),
  get(`/api/admin/discovery/${NOPE}`, 'admin'),
  get('/api/admin/discovery/interfaces', 'admin'),
  post('/api/admin/onvif/device', 'admin'),
  get(`/live/${CAM}/main/index.m3u8`, 'inspector'),
  get('/playback/config', 'inspector'),
  get(`/playback/${CAM}/ranges`, 'inspector'),
  get(`/playback/${CAM}/vod.m3u8`, 'inspector'),
  get(`/playback/${CAM}/files/1/init.mp4`, 'inspector'),
  get(`/playback/${CAM}/files/1.mp4`, 'inspector'),
  post(`/playback/${CAM}/exports`, 'inspector'),
  get(`/playback/exports/exp_nope`, 'inspector'),
  get(`/playback/exports/exp_nope/download`, 'inspector'),
  get('/api/cases', 'inspector'),
  post('/api/cases', 'inspector'),
  get('/api/cases/cas_nope', 'inspector'),
  post('/api/cases/cas_nope/items', 'inspector'),
  { method: 'DELETE', path: '/api/cases/cas_nope/items/itm_nope', caller: 'inspector' },
  post('/api/cases/cas_nope/lock', 'inspector', 'ignored'),
  post('/api/cases/cas_nope/release', 'admin'),
  post('/api/cases/cas_nope/export', 'inspector', 'ignored'),
  get('/api/cases/cas_nope/exports/20261207T052311Z-nope00', 'inspector'),
  get('/api/cases/cas_nope/exports/20261207T052311Z-nope00/file?path=report.pdf', 'inspector'),
  get('/api/cases/cas_nope/exports/20261207T052311Z-nope00/download', 'inspector'),
];

type Auth = 'none' | 'valid';

/** One way of getting a request wrong. */
interface Malformation {
  name: string;
  /** Which routes it is sent to. */
  applies(route: Route): boolean;
  /** With no session and with the route's valid one (where it makes a difference). */
  auths: readonly Auth[];
  /** reject: malformed whatever the route; tolerate: the route may take it as a valid, odd request. */
  expectation(route: Route): Expectation;
  build(route: Route, cookie: string | undefined): RawRequest | Buffer;
  halfClose?: boolean;
}

const cookieHeader = (cookie: string | undefined): HeaderList => (cookie ? [['Cookie', cookie]] : []);
const jsonHeaders = (cookie: string | undefined): HeaderList => [
  ...cookieHeader(cookie),
  ['Content-Type', 'application/json'],
];
const plain = (route: Route, cookie: string | undefined, extra: HeaderList = []): RawRequest => ({
  method: route.method,
  target: route.path,
  headers: [...cookieHeader(cookie), ...extra],
});
const withBody = (route: Route, cookie: string | undefined, body: Buffer | string, headers?: HeaderList) => ({
  method: route.method,
  target: route.path,
  headers: headers ?? jsonHeaders(cookie),
  body,
});

const api = (route: Route): boolean => route.path.startsWith('/api/');
const everyRoute = (): boolean => true;
const hasBody = (route: Route): boolean => route.body !== undefined;
const always = (): Expectation => 'reject';
/** A bad session is refused on a route that needs one; a public route may serve it like no session. */
const needsSession = (route: Route): Expectation => (route.caller === 'public' ? 'tolerate' : 'reject');
/** A body the route never reads cannot make it fail. */
const readsBody = (route: Route): Expectation => (route.body === 'ignored' ? 'tolerate' : 'reject');

/** A session cookie that cannot be valid. */
const badCookie = (name: string, value: string): Malformation => ({
  name,
  applies: everyRoute,
  auths: ['none'],
  expectation: needsSession,
  build: (route) => plain(route, undefined, [['Cookie', Buffer.from(value, 'latin1')]]),
});

/** A path trick on the route's own path; under /api every such path is unknown (404) or undecodable (400). */
const pathTrick = (name: string, rewrite: (path: string) => string): Malformation => ({
  name,
  applies: everyRoute,
  auths: ['valid'],
  expectation: (route) => (api(route) ? 'reject' : 'tolerate'),
  build: (route, cookie) => ({ ...plain(route, cookie), target: Buffer.from(rewrite(route.path), 'latin1') }),
});

/** Broken at the HTTP layer: Node's parser refuses it before any route, whoever calls. */
const brokenRequest = (name: string, build: Malformation['build'], halfClose = false): Malformation => ({
  name,
  applies: everyRoute,
  auths: ['none'],
  expectation: always,
  build,
  halfClose,
});

const body = (name: string, make: () => Buffer | string, auths: readonly Auth[] = ['valid', 'none']) =>
  ({
    name,
    applies: hasBody,
    auths,
    expectation: readsBody,
    build: (route, cookie) => withBody(route, cookie, make()),
  }) satisfies Malformation;

/** The same JSON under another content type; an array, so no route could take it even if it parsed it. */
const typed = (name: string, contentType: string | undefined): Malformation => ({
  ...body(name, () => ''),
  build: (route, cookie) =>
    withBody(route, cookie, '[{"name":"x"}]', [
      ...cookieHeader(cookie),
      ...(contentType === undefined ? [] : [['Content-Type', contentType] as const]),
    ]),
});

const KB = 1024;
const deepArrays = (depth: number): string => '['.repeat(depth) + ']'.repeat(depth);

export const MALFORMATIONS: readonly Malformation[] = [
  badCookie('cookie: %E0%A4%A (truncated UTF-8 escape)', 'vigil_session=%E0%A4%A'),
  badCookie('cookie: lone %', 'vigil_session=%'),
  badCookie('cookie: %zz', 'vigil_session=%zz'),
  badCookie('cookie: 8 kB value', `vigil_session=${'A'.repeat(8 * KB)}`),
  badCookie('cookie: raw bytes ff fe', 'vigil_session=\xff\xfe\x80'),
  badCookie('cookie: empty pairs and bare names', ';;=;vigil_session;=vigil_session;vigil_session='),
  {
    name: 'cookie: duplicate, a malformed one first',
    applies: (route) => !route.endsSession,
    auths: ['valid'],
    expectation: () => 'tolerate',
    build: (route, cookie) => plain(route, undefined, [['Cookie', `vigil_session=%E0%A4%A; ${cookie ?? ''}`]]),
  },
  {
    name: 'query: invalid UTF-8 escapes and bad hex',
    applies: everyRoute,
    auths: ['valid', 'none'],
    expectation: () => 'tolerate',
    build: (route, cookie) => ({
      ...plain(route, cookie),
      target: `${route.path}?from=%E0%A4%A&to=%ff%fe&%zz=1&reason=%&_HLS_msn=%C0%80`,
    }),
  },
  pathTrick('path: ../ segments', (path) => `${path}/../../../../etc/passwd`),
  pathTrick('path: %2e%2e and %2f', (path) => `${path}/%2e%2e%2f%2e%2e%2fvigil.db`),
  pathTrick('path: double-encoded dots', (path) => `${path}/%252e%252e%252f%252e%252e%252fvigil.db`),
  pathTrick('path: NUL %00', (path) => `${path}%00`),
  pathTrick('path: truncated UTF-8 escape', (path) => `${path}/%E0%A4%A`),
  pathTrick('path: bad hex %zz', (path) => `${path}%zz`),
  pathTrick('path: raw invalid UTF-8 bytes', (path) => `${path}/\xff\xfe\xc3\x28`),
  pathTrick('path: 8 kB segment', (path) => `${path}/${'a'.repeat(8 * KB)}`),
  brokenRequest('header: 100 kB value', (route) => plain(route, undefined, [['X-Pad', 'a'.repeat(100 * KB)]])),
  brokenRequest('path: 100 kB', (route) => ({
    ...plain(route, undefined),
    target: `${route.path}/${'b'.repeat(100 * KB)}`,
  })),
  brokenRequest('header: NUL in a value', (route) => plain(route, undefined, [['X-Probe', 'a\u0000b']])),
  brokenRequest('header: name with a space', (route) => plain(route, undefined, [['X Probe', '1']])),
  brokenRequest('request: unknown method', (route) => ({ ...plain(route, undefined), method: 'BREW' })),
  brokenRequest(
    'request: head cut off, then closed',
    (route) => Buffer.from(`${route.method} ${route.path} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Cut: a`),
    true,
  ),
  body('body: JSON syntax error', () => '{"name": "x",'),
  body('body: 100k nested arrays', () => deepArrays(100_000), ['valid']),
  body('body: invalid UTF-8 in JSON', () => Buffer.from('{"\xff\xfe":"\xc3\x28\xed\xa0\x80"}', 'latin1')),
  body('body: __proto__ and constructor keys', () => '{"__proto__":{"role":"admin"},"constructor":{"prototype":{}}}'),
  {
    ...body('body: over the size limit (1.2 MB)', () => `{"pad":"${'x'.repeat(1200 * KB)}"}`, ['valid']),
    expectation: always,
  },
  {
    ...body('body: Content-Length larger than sent, then closed', () => '{"name":'),
    expectation: always,
    build: (route, cookie) => ({ ...withBody(route, cookie, '{"name":'), contentLength: 1000 }),
    halfClose: true,
  },
  typed('body: JSON sent as text/plain', 'text/plain'),
  typed('body: JSON without a content type', undefined),
  // body-parser decodes any utf-* charset (utf-7 included); this one it cannot, whatever the route.
  { ...typed('body: unknown charset', 'application/json; charset=bogus-1'), expectation: always },
];

const validCookie = (route: Route, target: Target): string | undefined =>
  route.endsSession ? undefined : route.caller === 'inspector' ? target.cookies.inspector : target.cookies.admin;

/** Routes × malformations × (no session, a valid one). */
export function restCases(): Case[] {
  return ROUTES.flatMap((route) =>
    MALFORMATIONS.filter((m) => m.applies(route)).flatMap((m) =>
      m.auths
        .filter((auth) => auth === 'none' || !route.endsSession)
        .map((auth) => {
          // A malformed request stays malformed with a session; without one, a route that needs it refuses.
          const expectation = auth === 'none' && route.caller !== 'public' ? 'reject' : m.expectation(route);
          return httpCase(
            'rest',
            `${route.method} ${route.path} · ${m.name} · ${auth === 'valid' ? route.caller : 'no'} session`,
            expectation,
            (target) => m.build(route, auth === 'valid' ? validCookie(route, target) : undefined),
            { halfClose: m.halfClose ?? false },
          );
        }),
    ),
  );
}
