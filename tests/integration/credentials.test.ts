// Credentials (camera passwords, user passwords and their hashes, session tokens) stay out of every log line, event, API response and child command line.
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CameraSimulator, simulatedCameras } from '../../src/simulator/index.js';
import { capturingLogger } from '../support/log-capture.js';
import { startDigestRecorder } from '../support/digest-recorder.js';
import { cmdlineOf, descendantsOf, waitUntil } from '../support/processes.js';
import { startTestHub, TEST_PASSWORD, type TestHub } from '../support/test-hub.js';

const SECRET = 'S3cret-Cam-Pw';
const USER_PASSWORDS = ['Fresh-user-pw-1', 'Reset-user-pw-2', 'Changed-user-pw-3', 'Guessed-wrong-pw-4'];

describe('credentials in camera URLs', () => {
  const { logger, lines } = capturingLogger();
  /** Every API response body of the run. */
  const responses: string[] = [];
  const tokens: string[] = [];
  let sim: CameraSimulator;
  let t: TestHub;

  const call = async (method: string, path: string, cookie?: string, body?: unknown): Promise<Response> => {
    const response = await t.send(method, path, cookie, body);
    responses.push(await response.clone().text());
    const token = /vigil_session=([^;]+)/.exec(response.headers.get('set-cookie') ?? '')?.[1];
    if (token) tokens.push(decodeURIComponent(token));
    return response;
  };
  const loginAs = async (username: string, password = TEST_PASSWORD): Promise<string> => {
    const response = await call('POST', '/api/auth/login', undefined, { username, password });
    expect(response.status).toBe(200);
    return `vigil_session=${tokens.at(-1)}`;
  };

  beforeAll(async () => {
    sim = new CameraSimulator({
      ffmpegPath: 'ffmpeg',
      cameras: simulatedCameras(2, { mode: 'loop', width: 320, height: 240, bitrateKbps: 300, sub: false }).map(
        (camera) => ({ ...camera, auth: { username: 'admin', password: SECRET } }),
      ),
    });
    await sim.start();
    const withCredentials = (id: string) => sim.url(id, 'main').replace('rtsp://', `rtsp://admin:${SECRET}@`);
    t = await startTestHub(
      [
        { id: 'good', name: 'Good', stage: 'processing', mainUrl: withCredentials('cam01') },
        // The right user with a wrong password in the URL: ffmpeg's failure text passes through the logs too.
        {
          id: 'bad',
          name: 'Bad',
          stage: 'processing',
          mainUrl: withCredentials('cam02').replace(SECRET, `${SECRET}x`),
        },
      ],
      // ffmpeg, not the native engine: the ingest's command line is what these tests read.
      { ingest: { engine: 'ffmpeg' } },
      logger,
    );
  });

  afterAll(async () => {
    await t?.hub.stop();
    await sim?.stop();
  });

  it('plays with them, and shows them nowhere', async () => {
    const cookie = await loginAs('center-op');
    const camera = async (id: string) => (await t.get(`/api/cameras/${id}`, cookie)).json();
    expect(await waitUntil(async () => (await camera('good')).status === 'online', 20_000, 250)).toBe(true);
    expect(
      await waitUntil(async () => (await camera('bad')).statusReason === 'authentication failed', 20_000, 250),
    ).toBe(true);
    // The reason as a code too, which the console says in its own language.
    expect((await camera('bad')).statusReasonCode).toBe('auth_failed');

    const api = [
      await (await call('GET', '/api/cameras', cookie)).text(),
      await (await call('GET', '/api/org/tree', cookie)).text(),
      await (await call('GET', '/metrics')).text(),
    ].join('\n');
    expect(api).toContain('rtsp://127.0.0.1');
  });

  it('keeps them out of every child process’s command line while it runs (ingest and a stream test)', async () => {
    // A host that takes the Digest answer and then says nothing: the stream test's ffprobe waits there.
    const recorder = await startDigestRecorder({ hangAfterAnswer: true });
    try {
      const admin = await loginAs('center-admin');
      const url = `rtsp://127.0.0.1:${recorder.port}/probe`;
      const probing = call('POST', '/api/admin/cameras/test-stream', admin, {
        url,
        username: 'admin',
        password: SECRET,
      });
      expect(await waitUntil(() => recorder.answers().length > 0, 10_000, 50)).toBe(true);
      expect(recorder.madeWith(recorder.answers()[0]!, SECRET)).toBe(true);
      const children = descendantsOf(process.pid).flatMap((child) => {
        const cmdline = cmdlineOf(child.pid);
        return cmdline === undefined ? [] : [{ ...child, cmdline }];
      });
      // Both kinds are running now, each with the password in hand.
      expect(children.some((child) => child.cmdline.startsWith('ffprobe') && child.cmdline.includes('pipe:3'))).toBe(
        true,
      );
      expect(
        children.some((child) => child.cmdline.includes('frag_keyframe') && child.cmdline.includes('pipe:3')),
      ).toBe(true);
      for (const child of children) {
        for (const text of [child.command, child.cmdline]) {
          expect(text).not.toContain(SECRET);
          expect(text).not.toContain(encodeURIComponent(SECRET));
        }
      }
      expect((await probing).status).toBe(200);
    } finally {
      await recorder.stop();
    }
  });

  it('creates, resets, changes and guesses user passwords without a trace of them', async () => {
    const admin = await loginAs('center-admin');
    const [fresh, reset, changed, guessed] = USER_PASSWORDS as [string, string, string, string];
    const user = { username: 'leak-probe', displayName: '探针', role: 'inspector', orgUnitId: 'east', password: fresh };
    const created = (await (await call('POST', '/api/admin/users', admin, user)).json()) as { id: string };
    await loginAs('leak-probe', fresh);
    await call('POST', `/api/admin/users/${created.id}/password`, admin, { password: reset });
    const own = await loginAs('leak-probe', reset);
    expect((await call('POST', '/api/auth/password', own, { oldPassword: reset, newPassword: changed })).status).toBe(
      204,
    );
    for (let attempt = 0; attempt < 6; attempt += 1) {
      await call('POST', '/api/auth/login', undefined, { username: 'leak-probe', password: guessed });
    }
    await call('GET', '/api/admin/users', admin);
    await call('GET', '/api/auth/me', own);
    await call('POST', '/api/auth/logout', own);
    expect(tokens.length).toBeGreaterThanOrEqual(4);
  });

  it('after the run, finds none of them in logs, events, stored rows or API responses', () => {
    const db = new Database(join(t.dataDir, 'vigil.db'), { readonly: true });
    const events = JSON.stringify(db.prepare('SELECT * FROM events').all());
    const stored = JSON.stringify(db.prepare('SELECT * FROM cameras').all());
    const hashes = (db.prepare('SELECT password_hash FROM users').all() as Array<{ password_hash: string }>).map(
      (row) => row.password_hash,
    );
    db.close();
    expect(events).toContain('authentication failed');
    expect(events).toContain('audit.login.failed');
    expect(lines.length).toBeGreaterThan(10);
    const secrets = [
      SECRET,
      TEST_PASSWORD,
      ...USER_PASSWORDS,
      ...tokens,
      ...tokens.map((token) => createHash('sha256').update(token).digest('hex')),
      ...hashes,
      // The derived key and the salt alone are secrets too.
      ...hashes.flatMap((hash) => hash.split('$').slice(4)),
    ];
    const api = responses.join('\n');
    expect(api).toContain('leak-probe');
    for (const [where, text] of [
      ['API', api],
      ['events', events],
      ['camera rows', stored],
      ['logs', lines.join('')],
    ] as const) {
      for (const secret of secrets) expect(text, `${where} must not contain a credential`).not.toContain(secret);
    }
  });
});
