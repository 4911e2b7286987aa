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

describe('login throttle', () => {
  it('locks a user name on the failure that reaches the limit, for the lock length', () => {
    const { subject, advance, now } = throttle();
    expect(subject.fail('Alice', '10.0.0.1')).toBeUndefined();
    expect(subject.fail('alice', '10.0.0.2')).toBeUndefined();
    expect(subject.fail('ALICE', '10.0.0.3')).toEqual({ by: 'user', until: now() + 15 * MINUTE });
    expect(subject.lockout('alice', '10.0.0.9')?.by).toBe('user');
    advance(15 * MINUTE - 1);
    expect(subject.lockedUntil('alice')).toBeDefined();
    advance(1);
    expect(subject.lockout('alice', '10.0.0.9')).toBeUndefined();
    // After the lock, counting starts again from zero.
    expect(subject.fail('alice', '10.0.0.1')).toBeUndefined();
  });

  it('forgets failures older than the window and after a successful login', () => {
    const { subject, advance } = throttle();
    subject.fail('bob', null);
    subject.fail('bob', null);
    advance(10 * MINUTE + 1);
    expect(subject.fail('bob', null)).toBeUndefined();
    subject.fail('bob', null);
    subject.succeed('bob');
    expect(subject.fail('bob', null)).toBeUndefined();
    expect(subject.lockout('bob', null)).toBeUndefined();
  });

  it('locks an address trying many user names, and an unlock does not lift it', () => {
    const { subject } = throttle();
    const results = ['u1', 'u2', 'u3', 'u4', 'u5'].map((name) => subject.fail(name, '10.0.0.7'));
    expect(results.slice(0, 4)).toEqual([undefined, undefined, undefined, undefined]);
    expect(results[4]?.by).toBe('ip');
    subject.unlock('u5');
    expect(subject.lockout('someone-else', '10.0.0.7')?.by).toBe('ip');
    expect(subject.lockout('someone-else', '10.0.0.8')).toBeUndefined();
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

  it('ends the other sessions of a user and keeps the current one', () => {
    const { store } = sessions();
    const current = store.create('u1', null);
    const other = store.create('u1', null);
    store.revokeOthersOf('u1', current);
    expect(store.resolve(current)).toBe('u1');
    expect(store.resolve(other)).toBeUndefined();
  });
});
