// Logins and sessions against a running hub: a burst of parallel guesses gets no more password checks than the
// lockout allows, and a session that ends (logout, password change, reset, disable, expiry) takes its sockets along.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectRecordingSocket, type RecordingSocket } from '../support/socket-client.js';
import { waitUntil } from '../support/processes.js';
import { startTestHub, TEST_PASSWORD, type TestHub } from '../support/test-hub.js';

/** Password checks the hub has made, from its metrics (read over loopback, as a scraper would). */
async function passwordChecks(t: TestHub): Promise<number> {
  const text = await (await t.get('/metrics')).text();
  const value = /^vigil_password_checks_total (\d+)$/m.exec(text)?.[1];
  if (value === undefined) throw new Error('vigil_password_checks_total is missing from /metrics');
  return Number(value);
}

const loginFrom = (t: TestHub, username: string, password: string, address?: string): Promise<Response> =>
  fetch(`${t.base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(address ? { 'x-forwarded-for': address } : {}) },
    body: JSON.stringify({ username, password }),
  });

/** A connected socket, and everything it receives from now on, of any event name. */
async function watchedSocket(t: TestHub, cookie: string) {
  const socket = await connectRecordingSocket(t.base, cookie);
  const received: string[] = [];
  socket.socket.onAny((name: string) => received.push(name));
  const closed = new Promise<{ reason: string; at: number }>((resolve) =>
    socket.socket.once('disconnect', (reason) => resolve({ reason, at: Date.now() })),
  );
  return { socket, received, closed };
}

/** Makes an event of the east branch (seen by every center socket) and waits until `witness` has it. */
async function eventInScope(t: TestHub, adminCookie: string, witness: RecordingSocket): Promise<void> {
  const marker = `contact-${Math.random()}`;
  expect((await t.send('PATCH', '/api/admin/enterprises/ent-east', adminCookie, { contact: marker })).status).toBe(200);
  const heard = () => witness.events.some((event) => JSON.stringify(event).includes(marker));
  expect(await waitUntil(heard, 5_000, 20)).toBe(true);
}

describe('lockout under parallel attempts', () => {
  let t: TestHub;

  beforeAll(async () => {
    // The per-address login rate would refuse most of a burst before its check: lift it, the lockout is under test.
    t = await startTestHub([], { rateLimit: { login: { burst: 1000, perMinute: 1000 } } });
  });

  afterAll(async () => {
    await t?.hub.stop();
  });

  it('checks at most 5 of 200 parallel wrong passwords, then refuses the right one while locked', async () => {
    const before = await passwordChecks(t);
    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, i) => loginFrom(t, 'east-insp', `wrong-password-${i}`, '10.20.0.1')),
    );
    const statuses = answers.map((answer) => answer.status);
    await Promise.all(answers.map((answer) => answer.arrayBuffer()));
    const checks = (await passwordChecks(t)) - before;
    expect(checks).toBeGreaterThanOrEqual(1);
    expect(checks).toBeLessThanOrEqual(5);
    expect(statuses.filter((status) => status === 401).length).toBeLessThanOrEqual(4);
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThanOrEqual(196);

    const right = await loginFrom(t, 'east-insp', TEST_PASSWORD, '10.20.0.2');
    expect(right.status).toBe(429);
    expect(Number(right.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(right.headers.get('set-cookie')).toBeNull();
    expect(((await right.json()) as { error: { details: { by: string } } }).error.details.by).toBe('user');
    expect(await passwordChecks(t)).toBe(before + checks);
  });

  it('checks at most 20 guesses of one address across many user names, then locks the address only', async () => {
    const before = await passwordChecks(t);
    const answers = await Promise.all(
      Array.from({ length: 100 }, (_, i) => loginFrom(t, `guess-${i}`, 'wrong-password', '10.30.0.1')),
    );
    await Promise.all(answers.map((answer) => answer.arrayBuffer()));
    expect((await passwordChecks(t)) - before).toBeLessThanOrEqual(20);
    const locked = await loginFrom(t, 'center-op', TEST_PASSWORD, '10.30.0.1');
    expect(locked.status).toBe(429);
    expect(((await locked.json()) as { error: { details: { by: string } } }).error.details.by).toBe('ip');
    expect((await loginFrom(t, 'center-op', TEST_PASSWORD, '10.30.0.2')).status).toBe(200);
  });
});

describe('sessions end on every socket', () => {
  let t: TestHub;
  let admin: string;
  let witness: RecordingSocket;
  const open: RecordingSocket[] = [];

  beforeAll(async () => {
    t = await startTestHub([]);
    admin = await t.login('center-admin');
    witness = await connectRecordingSocket(t.base, admin);
    open.push(witness);
  });

  afterAll(async () => {
    for (const socket of open) socket.close();
    await t?.hub.stop();
  });

  /** A fresh center operator, its user id, and two logged-in sessions of it. */
  async function freshUser(name: string) {
    const password = 'Fresh-pass-42';
    const body = { username: name, displayName: name, role: 'operator', orgUnitId: 'c', password };
    const created = await t.send('POST', '/api/admin/users', admin, body);
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const login = async () => {
      const response = await loginFrom(t, name, password);
      expect(response.status).toBe(200);
      return (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    };
    return { id, password, ended: await login(), kept: await login() };
  }

  // Each way a session ends: what ends it, and whether the user's other session (and its socket) lives on.
  const ENDINGS: Array<{
    name: string;
    end: (user: Awaited<ReturnType<typeof freshUser>>) => Promise<Response>;
    otherLives: boolean;
  }> = [
    { name: 'logout', otherLives: true, end: (u) => t.send('POST', '/api/auth/logout', u.ended) },
    {
      name: 'password change in the other session',
      otherLives: true,
      end: (u) =>
        t.send('POST', '/api/auth/password', u.kept, { oldPassword: u.password, newPassword: 'Changed-pass-43' }),
    },
    {
      name: 'password reset by an admin',
      otherLives: false,
      end: (u) => t.send('POST', `/api/admin/users/${u.id}/password`, admin, { password: 'Reset-pass-44' }),
    },
    {
      name: 'disable',
      otherLives: false,
      end: (u) => t.send('PATCH', `/api/admin/users/${u.id}`, admin, { disabled: true }),
    },
  ];

  for (const [index, ending] of ENDINGS.entries()) {
    it(`drops the socket within 1 s on ${ending.name}, and it hears nothing after`, async () => {
      const user = await freshUser(`ender-${index}`);
      const ended = await watchedSocket(t, user.ended);
      const kept = await watchedSocket(t, user.kept);
      open.push(ended.socket, kept.socket);
      const started = Date.now();
      const answer = await ending.end(user);
      expect(answer.status).toBeLessThan(300);
      const { reason, at } = await ended.closed;
      expect(reason).toBe('io server disconnect');
      expect(at - started).toBeLessThan(1000);
      // The end's own audit event, and one more event in the socket's scope, reach the witness but not the socket.
      await eventInScope(t, admin, witness);
      expect(ended.received).toEqual([]);
      if (ending.otherLives) {
        expect(kept.socket.socket.connected).toBe(true);
        expect(kept.received).toContain('event');
      } else expect((await kept.closed).reason).toBe('io server disconnect');
    });
  }
});

describe('session expiry', () => {
  const IDLE_MS = 1_800;
  let t: TestHub;

  beforeAll(async () => {
    t = await startTestHub([], { auth: { sessionIdleMinutes: IDLE_MS / 60_000 } });
  });

  afterAll(async () => {
    await t?.hub.stop();
  });

  it('drops an idle session’s socket within a second of its end; an open socket does not keep it alive', async () => {
    const loggedInAt = Date.now();
    const cookie = await t.login('center-op');
    const watched = await watchedSocket(t, cookie);
    const { reason, at } = await watched.closed;
    expect(reason).toBe('io server disconnect');
    expect(at - loggedInAt).toBeGreaterThanOrEqual(IDLE_MS);
    // One tick of 1 s after the end, with room for a loaded machine.
    expect(at - loggedInAt).toBeLessThan(IDLE_MS + 1_000 + 800);
    expect((await t.get('/api/auth/me', cookie)).status).toBe(401);

    const admin = await t.login('center-admin');
    const witness = await connectRecordingSocket(t.base, admin);
    try {
      await eventInScope(t, admin, witness);
    } finally {
      witness.close();
    }
    expect(watched.received).toEqual([]);
  });
});
