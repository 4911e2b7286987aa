// Login throttling against a real SQLite file with a controlled clock: counting window, lock length, reset on success.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/index.js';
import { LoginThrottle } from '../../src/org/index.js';
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
