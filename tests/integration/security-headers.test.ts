// The HTTP edge against a running hub: security headers on every answer, and the Origin and content-type rule for
// state changes (REST and the socket.io handshake).
import type { OutgoingHttpHeaders } from 'node:http';
import { connect as http2Connect, type ClientHttp2Session } from 'node:http2';
import { get as httpsGet } from 'node:https';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../support/test-hub.js';

const ALLOWED = 'https://console.example.org';

type Headers = Record<string, string | string[] | undefined>;

/** What must be on every answer, over plain HTTP and HTTPS alike; HSTS only over HTTPS. */
function expectSecurityHeaders(headers: Headers, https: boolean, what: string): void {
  const csp = String(headers['content-security-policy'] ?? '');
  const directive = (name: string) => csp.split(';').find((part) => part.trim().startsWith(`${name} `)) ?? '';
  expect(csp, what).toContain("frame-ancestors 'none'");
  expect(directive('script-src'), what).toBe(" script-src 'self'");
  expect(directive('style-src'), what).toBe(" style-src 'self'");
  expect(directive('media-src'), what).toContain('blob:');
  expect(directive('worker-src'), what).toContain('blob:');
  expect(headers['x-frame-options'], what).toBe('DENY');
  expect(headers['x-content-type-options'], what).toBe('nosniff');
  expect(headers['referrer-policy'], what).toBe('no-referrer');
  if (https) expect(headers['strict-transport-security'], what).toMatch(/^max-age=\d{7,}/);
  else expect(headers['strict-transport-security'], what).toBeUndefined();
}

const headersOf = (response: Response): Headers => Object.fromEntries(response.headers.entries());

/** The response headers of one HTTP/2 request (no body sent, the answer's body read and dropped). */
function h2(session: ClientHttp2Session, request: OutgoingHttpHeaders): Promise<Headers> {
  return new Promise<Headers>((resolve, reject) => {
    const stream = session.request(request);
    stream.once('response', (headers) => resolve(headers as Headers));
    stream.once('error', reject);
    stream.resume();
    stream.end();
  });
}

describe('security headers and the state-change rule', () => {
  let t: TestHub;
  let centerAdmin: string;

  beforeAll(async () => {
    t = await startTestHub([], {
      server: { host: '127.0.0.1', port: 0, https: { enabled: true, port: 0 }, allowedOrigins: [ALLOWED] },
    });
    centerAdmin = await t.login('center-admin');
  });

  afterAll(async () => {
    await t?.hub.stop();
  });

  const post = (path: string, headers: Record<string, string>, body?: string): Promise<Response> =>
    fetch(t.base + path, { method: 'POST', headers, ...(body === undefined ? {} : { body }) });

  it('puts them on every answer over HTTP: API, errors, 404, console, media, socket.io, refusals', async () => {
    const page = await t.get('/');
    const html = await page.text();
    const script = /<script[^>]* src="([^"]+)"/.exec(html)?.[1] ?? '/missing.js';
    // prettier-ignore
    const answers: Array<[string, Promise<Response>, number]> = [
      ['health', t.get('/healthz'), 200],
      ['API without a session', t.get('/api/auth/me'), 401],
      ['unknown API path', t.get('/api/no-such-thing'), 404],
      ['console script', t.get(script), 200],
      ['live media without a session', t.get('/live/no-camera/main/index.m3u8'), 401],
      ['socket.io handshake', t.get('/socket.io/?EIO=4&transport=polling'), 200],
      ['cross-site socket.io handshake', fetch(`${t.base}/socket.io/?EIO=4&transport=polling`, { headers: { origin: 'http://evil.example' } }), 403],
      ['a text/plain POST', post('/api/auth/logout', { 'content-type': 'text/plain' }), 415],
      ['malformed JSON', post('/api/auth/login', { 'content-type': 'application/json' }, '{'), 400],
    ];
    expect(page.status).toBe(200);
    expectSecurityHeaders(headersOf(page), false, 'console page');
    for (const [what, answer, status] of answers) {
      const response = await answer;
      await response.arrayBuffer();
      expect(response.status, what).toBe(status);
      expectSecurityHeaders(headersOf(response), false, what);
    }
  });

  it('serves a console that needs no inline script or style', async () => {
    const html = await (await t.get('/')).text();
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, body] of scripts) {
      expect(attributes).toMatch(/\bsrc="/);
      expect(body?.trim()).toBe('');
    }
    expect(html).not.toMatch(/<style\b|\sstyle=|\son[a-z]+=/i);
  });

  it('adds HSTS over HTTPS, on HTTP/2 and HTTP/1.1', async () => {
    const origin = `https://127.0.0.1:${t.info.httpsPort}`;
    const session = http2Connect(origin, { rejectUnauthorized: false });
    try {
      for (const path of ['/healthz', '/api/no-such-thing', '/']) {
        expectSecurityHeaders(await h2(session, { ':path': path }), true, `HTTP/2 ${path}`);
      }
      // The console's own HTTPS origin may change state through the HTTP/2 bridge; the plain-HTTP one may not.
      for (const [from, status] of [
        [origin, 204],
        [t.base, 403],
      ] as const) {
        const answer = await h2(session, {
          ':method': 'POST',
          ':path': '/api/auth/logout',
          origin: from,
          'content-type': 'application/json',
        });
        expect(answer[':status'], `POST from ${from}`).toBe(status);
      }
    } finally {
      session.close();
    }
    const http1 = await new Promise<Headers>((resolve, reject) => {
      httpsGet(`${origin}/healthz`, { rejectUnauthorized: false, agent: false }, (response) => {
        response.resume();
        resolve(response.headers);
      }).once('error', reject);
    });
    expectSecurityHeaders(http1, true, 'HTTP/1.1 over TLS');
  });

  it('takes state changes only from this hub, an allowed origin or a non-browser client', async () => {
    const json = { 'content-type': 'application/json' };
    // prettier-ignore
    const cases: Array<[string, Record<string, string>, number]> = [
      ['no Origin, no Sec-Fetch-Site (curl, scripts)', {},                                         204],
      ['the Origin of the host asked',                 { origin: t.base },                         204],
      ['an allowed origin',                            { origin: ALLOWED },                        204],
      ['another site',                                 { origin: 'http://evil.example' },          403],
      ['the same host on another port',                { origin: t.base.replace(/:\d+$/, ':1') },  403],
      ['another scheme',                               { origin: t.base.replace('http:', 'https:') }, 403],
      ['Origin: null (a sandboxed frame)',             { origin: 'null' },                         403],
      ['no Origin, Sec-Fetch-Site cross-site',         { 'sec-fetch-site': 'cross-site' },         403],
      ['no Origin, Sec-Fetch-Site same-site',          { 'sec-fetch-site': 'same-site' },          403],
      ['no Origin, Sec-Fetch-Site same-origin',        { 'sec-fetch-site': 'same-origin' },        204],
      ['no Origin, Sec-Fetch-Site none (typed)',       { 'sec-fetch-site': 'none' },               204],
    ];
    for (const [what, headers, status] of cases) {
      const response = await post('/api/auth/logout', { ...json, ...headers });
      expect(response.status, what).toBe(status);
      if (status === 403) {
        const { error } = (await response.json()) as { error: { code: string; message: string } };
        expect(error.code, what).toBe('VIGIL_CROSS_ORIGIN');
        expect(error.message, what).toMatch(/another site/);
      }
    }
    // A logged-in admin's cookie, carried by another site's page, changes nothing.
    const before = await (await t.get('/api/admin/enterprises/ent-east', centerAdmin)).json();
    const forged = await fetch(`${t.base}/api/admin/enterprises/ent-east`, {
      method: 'PATCH',
      headers: { ...json, cookie: centerAdmin, origin: 'http://evil.example' },
      body: JSON.stringify({ contact: 'forged' }),
    });
    expect(forged.status).toBe(403);
    expect(await (await t.get('/api/admin/enterprises/ent-east', centerAdmin)).json()).toEqual(before);
  });

  it('takes state changes only as application/json, with a body or none', async () => {
    const login = JSON.stringify({ username: 'center-op', password: 'test-password-1' });
    // prettier-ignore
    const cases: Array<[string, Promise<Response>, number]> = [
      ['logout without a content type',  post('/api/auth/logout', {}),                                                   415],
      ['logout as text/plain',           post('/api/auth/logout', { 'content-type': 'text/plain' }),                     415],
      ['logout as a form',               post('/api/auth/logout', { 'content-type': 'application/x-www-form-urlencoded' }), 415],
      ['login as text/plain',            post('/api/auth/login', { 'content-type': 'text/plain' }, login),               415],
      ['login as multipart',             post('/api/auth/login', { 'content-type': 'multipart/form-data; boundary=x' }, login), 415],
      ['export as text/plain',           post('/playback/cam-x/exports', { 'content-type': 'text/plain', cookie: centerAdmin }, '{}'), 415],
      ['logout as JSON without a body',  post('/api/auth/logout', { 'content-type': 'application/json' }),               204],
      ['login as JSON with a charset',   post('/api/auth/login', { 'content-type': 'application/json; charset=utf-8' }, login), 200],
    ];
    for (const [what, answer, status] of cases) {
      const response = await answer;
      expect(response.status, what).toBe(status);
      if (status === 415) {
        expect(response.headers.get('set-cookie'), what).toBeNull();
        const { error } = (await response.json()) as { error: { code: string; message: string } };
        expect(error.code, what).toBe('VIGIL_UNSUPPORTED_MEDIA_TYPE');
        expect(error.message, what).toContain('application/json');
      } else await response.arrayBuffer();
    }
  });

  it('opens sockets only for this hub’s pages or allowed origins', async () => {
    const attempt = (headers: Record<string, string>): Promise<boolean> => {
      const socket = io(t.base, {
        transports: ['websocket'],
        extraHeaders: { cookie: centerAdmin, ...headers },
        reconnection: false,
      });
      return new Promise<boolean>((resolve) => {
        socket.once('connect', () => resolve(true));
        socket.once('connect_error', () => resolve(false));
      }).finally(() => socket.close());
    };
    expect(await attempt({ origin: t.base })).toBe(true);
    expect(await attempt({ origin: ALLOWED })).toBe(true);
    expect(await attempt({})).toBe(true);
    expect(await attempt({ origin: 'http://evil.example' })).toBe(false);
    expect(await attempt({ 'sec-fetch-site': 'cross-site' })).toBe(false);
    const polling = await fetch(`${t.base}/socket.io/?EIO=4&transport=polling`, {
      headers: { cookie: centerAdmin, origin: 'http://evil.example' },
    });
    expect(polling.status).toBe(403);
    expect(((await polling.json()) as { message: string }).message).toMatch(/another site/);
  });
});
