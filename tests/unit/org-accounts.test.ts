// Login throttling and session expiry against a real SQLite file with a controlled clock.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/index.js';
import { LoginThrottle, OrgStore, SessionStore } from '../../src/org/index.js';
import { tempDir } from '../support/temp-dir.js';

const MINUTE = 60_000;

function throttle() {
  let now = 1_000_000;
  const db = openDatabase(join(tempDir(), 'vigil.db'));
  const policy = { userFailures: 3, ipFailures: 5, windowMs: 10 * MINUTE, lockMs: 15 * MINUTE };
  return { subject: new LoginThrottle(db, policy, () => now), advance: (ms: number) => (now += ms), now: () => now };
}

/** One wrong password, as the login route does it: counted first, then settled as a failure. */
const failOnce = (subject: LoginThrottle, username: string, ip: string | null) =>
  subject.begin(username, ip) ?? subject.fail(username, ip);

describe('login throttle', () => {
  it('locks a user name on the failure that reaches the limit, for the lock length', () => {
    const { subject, advance, now } = throttle();
    expect(failOnce(subject, 'Alice', '10.0.0.1')).toBeUndefined();
    expect(failOnce(subject, 'alice', '10.0.0.2')).toBeUndefined();
    expect(failOnce(subject, 'ALICE', '10.0.0.3')).toEqual({ by: 'user', until: now() + 15 * MINUTE });
    expect(subject.lockout('alice', '10.0.0.9')?.by).toBe('user');
    advance(15 * MINUTE - 1);
    expect(subject.lockedUntil('alice')).toBeDefined();
    advance(1);
    expect(subject.lockout('alice', '10.0.0.9')).toBeUndefined();
    // After the lock, counting starts again from zero.
    expect(failOnce(subject, 'alice', '10.0.0.1')).toBeUndefined();
  });

  it('counts attempts before they are settled: the limit is reached by attempts in flight', () => {
    const { subject } = throttle();
    const started = Array.from({ length: 10 }, () => subject.begin('carol', '10.0.0.4'));
    // The first three go on to their password check; the third locked the name for everyone behind it.
    expect(started.slice(0, 3)).toEqual([undefined, undefined, undefined]);
    expect(started.slice(3).every((lock) => lock?.by === 'user')).toBe(true);
    // The right password among the three in flight still logs in, and lifts the lock it took.
    subject.succeed('carol', '10.0.0.4');
    expect(subject.lockout('carol', '10.0.0.4')).toBeUndefined();
  });

  it('forgets failures older than the window and after a successful login', () => {
    const { subject, advance } = throttle();
    failOnce(subject, 'bob', null);
    failOnce(subject, 'bob', null);
    advance(10 * MINUTE + 1);
    expect(failOnce(subject, 'bob', null)).toBeUndefined();
    failOnce(subject, 'bob', null);
    expect(subject.begin('bob', null)).toBeUndefined();
    subject.succeed('bob', null);
    expect(failOnce(subject, 'bob', null)).toBeUndefined();
    expect(subject.lockout('bob', null)).toBeUndefined();
  });

  it('locks an address trying many user names, and an unlock does not lift it', () => {
    const { subject } = throttle();
    const results = ['u1', 'u2', 'u3', 'u4', 'u5'].map((name) => failOnce(subject, name, '10.0.0.7'));
    expect(results.slice(0, 4)).toEqual([undefined, undefined, undefined, undefined]);
    expect(results[4]?.by).toBe('ip');
    subject.unlock('u5');
    expect(subject.lockout('someone-else', '10.0.0.7')?.by).toBe('ip');
    expect(subject.lockout('someone-else', '10.0.0.8')).toBeUndefined();
  });

  it('does not count a successful login against its address', () => {
    const { subject } = throttle();
    for (const name of ['u1', 'u2', 'u3', 'u4']) failOnce(subject, name, '10.0.0.6');
    // The fifth attempt from the address reaches its limit while in flight, and succeeds: the address stays open.
    expect(subject.begin('good', '10.0.0.6')).toBeUndefined();
    subject.succeed('good', '10.0.0.6');
    expect(subject.lockout('someone', '10.0.0.6')).toBeUndefined();
    expect(failOnce(subject, 'u5', '10.0.0.6')?.by).toBe('ip');
  });
});

describe('session store', () => {
  function sessions() {
    let now = 5_000_000;
    const db = openDatabase(join(tempDir(), 'vigil.db'));
    const org = new OrgStore(db);
    org.createUnit({ id: 'c', parentId: null, kind: 'center', name: '中心' });
    db.prepare(
      `INSERT INTO users (id, org_unit_id, username, display_name, role, password_hash, created_at, password_changed_at)
         VALUES ('u1', 'c', 'u1', 'u1', 'operator', 'x', 0, 0)`,
    ).run();
    const store = new SessionStore(db, { idleMs: 10 * MINUTE, absoluteMs: 60 * MINUTE }, () => now);
    return { store, advance: (ms: number) => (now += ms) };
  }

  it('ends a session left unused for the idle time, and keeps a used one until its absolute end', () => {
    const { store, advance } = sessions();
    const idle = store.create('u1', null);
    const used = store.create('u1', null);
    for (let step = 0; step < 5; step += 1) {
      advance(9 * MINUTE);
      expect(store.resolve(used)).toBe('u1');
    }
    expect(store.resolve(idle)).toBeUndefined();
    advance(9 * MINUTE);
    expect(store.resolve(used)).toBe('u1');
    // 60 minutes after the login, used a moment ago or not, it ends.
    advance(6 * MINUTE - 1);
    expect(store.resolve(used)).toBe('u1');
    advance(1);
    expect(store.resolve(used)).toBeUndefined();
  });

  it('tells which sessions of open sockets still live, without counting the check as use', () => {
    const { store, advance } = sessions();
    const [kept, revoked, idle] = [store.create('u1', null), store.create('u1', null), store.create('u1', null)];
    store.revoke(revoked);
    advance(9 * MINUTE);
    expect(store.resolve(kept)).toBe('u1');
    expect(store.liveAmong([kept, revoked, idle, 'unknown'])).toEqual(new Set([kept, idle]));
    advance(MINUTE);
    // `idle` was only looked at by liveAmong: its idle time is over.
    expect(store.liveAmong([kept, idle])).toEqual(new Set([kept]));
  });

  it('ends the other sessions of a user and keeps the current one', () => {
    const { store } = sessions();
    const current = store.create('u1', null);
    const other = store.create('u1', null);
    store.revokeOthersOf('u1', current);
    expect(store.resolve(current)).toBe('u1');
    expect(store.resolve(other)).toBeUndefined();
  });
});
