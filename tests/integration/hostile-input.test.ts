// Nothing a caller sends ends the hub: malformed cookies, bodies and paths get clean 4xx answers, stray faults are
// logged and survived, and only a fatal fault stops the process, with exit code 1.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/version.js';
import { startHubProcess, type HubProcess } from '../../scripts/lib/hub-process.js';
import { waitUntil } from '../support/processes.js';
import { tempDir } from '../support/temp-dir.js';

const MALFORMED_COOKIE = 'vigil_session=%E0%A4%A';
const ADMIN_PASSWORD = 'hostile-admin-pw-1';
const CONFIG = `server:
  host: 127.0.0.1
  port: 0
  https:
    enabled: false
demo:
  enabled: false
push:
  enabled: false
`;

/** What a socket.io handshake with this cookie ends in: connected, or the error it was refused with. */
function handshake(base: string, cookie: string, transport: 'polling' | 'websocket'): Promise<string> {
  const socket = io(base, { transports: [transport], extraHeaders: { cookie }, reconnection: false, timeout: 5_000 });
  return new Promise<string>((resolve) => {
    socket.once('connect', () => resolve('connected'));
    socket.once('connect_error', (error) => resolve(`refused: ${error.message}`));
  }).finally(() => socket.close());
}

/** An error answer as the hub gives it: a catalogue code and a message, never a stack trace. */
async function cleanError(response: Response): Promise<string> {
  const text = await response.text();
  expect(text).not.toMatch(/\bat .+:\d+:\d+|node_modules|\/src\//);
  const body = JSON.parse(text) as { error: { code: string; message: string } };
  expect(body.error.message.length).toBeGreaterThan(0);
  return body.error.code;
}

describe('a hub process under hostile input', () => {
  let hub: HubProcess;
  let base: string;
  let admin: string;

  const request = (path: string, init: RequestInit = {}): Promise<Response> => fetch(base + path, init);
  const healthy = async (): Promise<boolean> => (await request('/healthz')).status === 200;

  beforeAll(async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'vigil.yaml'), CONFIG);
    const faults = pathToFileURL(join(projectRoot(), 'tests', 'support', 'fault-trigger.ts')).href;
    hub = startHubProcess(
      {
        VIGIL_CONFIG: join(dir, 'vigil.yaml'),
        VIGIL_DATA_DIR: join(dir, 'data'),
        VIGIL_ADMIN_PASSWORD: ADMIN_PASSWORD,
      },
      60_000,
      { preload: [faults] },
    );
    base = (await hub.ready).httpUrl.replace(/\/$/, '');
    const login = await request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
    });
    expect(login.status).toBe(200);
    admin = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  }, 90_000);

  afterAll(() => {
    if (hub.child.exitCode === null) hub.child.kill('SIGKILL');
  });

  it('refuses a socket.io handshake with a malformed session cookie, and keeps serving', async () => {
    for (const transport of ['polling', 'websocket'] as const) {
      expect(await handshake(base, MALFORMED_COOKIE, transport)).toBe('refused: Login required');
      expect(await handshake(base, `other=1; ${MALFORMED_COOKIE}`, transport)).toBe('refused: Login required');
    }
    expect(await healthy()).toBe(true);
    expect(await handshake(base, admin, 'websocket')).toBe('connected');
  });

  it('takes a malformed session cookie on the API as no session: 401, never a 500', async () => {
    const me = await request('/api/auth/me', { headers: { cookie: MALFORMED_COOKIE } });
    expect(me.status).toBe(401);
    expect(await cleanError(me)).toBe('VIGIL_UNAUTHENTICATED');
    // Next to a good cookie it spoils nothing else.
    const both = await request('/api/auth/me', { headers: { cookie: `x=%; ${admin}` } });
    expect(both.status).toBe(200);
    const logout = await request('/api/auth/logout', {
      method: 'POST',
      headers: { cookie: MALFORMED_COOKIE, 'content-type': 'application/json' },
    });
    expect(logout.status).toBe(204);
  });

  it('answers malformed bodies and paths with catalogue errors that quote nothing back', async () => {
    const post = (path: string, body: string, cookie = admin) =>
      request(path, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body });
    // prettier-ignore
    const cases: Array<[string, Promise<Response>, number, string]> = [
      ['broken JSON', post('/api/auth/login', '{"username":"admin","password":"secret-'), 400, 'VIGIL_VALIDATION'],
      ['a JSON string, not an object', post('/api/auth/login', '"hello"'), 400, 'VIGIL_VALIDATION'],
      ['a body past the limit', post('/api/admin/users', `{"x":"${'a'.repeat(1_100_000)}"}`), 413, 'VIGIL_PAYLOAD_TOO_LARGE'],
      ['a malformed escape in an API path', request('/api/admin/users/%E0%A4%A', { headers: { cookie: admin } }), 400, 'VIGIL_VALIDATION'],
      ['a malformed escape in a media path', request('/live/%E0%A4%A/main/index.m3u8', { headers: { cookie: admin } }), 400, 'VIGIL_VALIDATION'],
      ['a malformed escape in a playback path', request('/playback/%E0%A4%A/ranges', { headers: { cookie: admin } }), 400, 'VIGIL_VALIDATION'],
    ];
    for (const [what, answer, status, code] of cases) {
      const response = await answer;
      expect(response.status, what).toBe(status);
      const text = await response.clone().text();
      expect(text, what).not.toContain('secret-');
      expect(await cleanError(response), what).toBe(code);
    }
    expect(await healthy()).toBe(true);
  });

  it('logs a stray rejection and a stray exception with their codes and keeps serving', async () => {
    hub.child.kill('SIGUSR2');
    const logged = () =>
      hub.output().includes('"code":"VIGIL_UNHANDLED_REJECTION"') &&
      hub.output().includes('"code":"VIGIL_UNCAUGHT_EXCEPTION"');
    expect(await waitUntil(logged, 10_000, 50)).toBe(true);
    expect(await healthy()).toBe(true);
    expect(hub.child.exitCode).toBeNull();
  });

  it('stops with exit code 1 on a fatal fault (a corrupt database), saying so', async () => {
    hub.child.kill('SIGHUP');
    expect(await hub.exited).toBe(1);
    expect(hub.output()).toContain('"code":"VIGIL_FATAL"');
    expect(hub.output()).toContain('"msg":"stopped"');
  });
});
