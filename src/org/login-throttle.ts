// Login throttling: repeated failures lock a user name (and, at a higher count, a client address) for a while.
// Each attempt is counted before its password is checked, so a burst of parallel guesses gets no more checks than a
// sequence would.
import { cachedPrepare, type Db, type Prepare } from '../db/index.js';

export interface ThrottlePolicy {
  /** Failures of one user name within `windowMs` that lock it. */
  userFailures: number;
  /** Failures from one client address within `windowMs` that lock it (many user names tried from one place). */
  ipFailures: number;
  windowMs: number;
  lockMs: number;
}

export const DEFAULT_THROTTLE: ThrottlePolicy = {
  userFailures: 5,
  ipFailures: 20,
  windowMs: 15 * 60_000,
  lockMs: 15 * 60_000,
};

export interface Lockout {
  /** What is locked: the account, or the client address. */
  by: 'user' | 'ip';
  until: number;
}

interface ThrottleRow {
  failures: number;
  window_start: number;
  locked_until: number | null;
}

const userKey = (username: string): string => `user:${username.toLowerCase()}`;
const ipKey = (ip: string): string => `ip:${ip}`;

export class LoginThrottle {
  private readonly sql: Prepare;
  private prunedAt = 0;

  constructor(
    db: Db,
    private readonly policy: ThrottlePolicy = DEFAULT_THROTTLE,
    private readonly now: () => number = Date.now,
  ) {
    this.sql = cachedPrepare(db);
  }

  /** The lock in force for this user name or address, if any. */
  lockout(username: string, ip: string | null): Lockout | undefined {
    const now = this.now();
    const user = this.row(userKey(username));
    if (user?.locked_until && user.locked_until > now) return { by: 'user', until: user.locked_until };
    const address = ip ? this.row(ipKey(ip)) : undefined;
    if (address?.locked_until && address.locked_until > now) return { by: 'ip', until: address.locked_until };
    return undefined;
  }

  /**
   * Starts an attempt: the lock in force, if any (the attempt is then refused, not counted), else the attempt is
   * counted as a failure now, before its password is checked. The attempt that reaches the limit locks at once, so
   * parallel attempts behind it are refused without a check. Settle it with `fail` or `succeed`.
   */
  begin(username: string, ip: string | null): Lockout | undefined {
    this.prune();
    const lock = this.lockout(username, ip);
    if (lock) return lock;
    this.count(userKey(username), this.policy.userFailures);
    if (ip) this.count(ipKey(ip), this.policy.ipFailures);
    return undefined;
  }

  /** The attempt failed (it is counted already): the lock it, or a parallel attempt, caused, if any. */
  fail(username: string, ip: string | null): Lockout | undefined {
    return this.lockout(username, ip);
  }

  /**
   * The attempt succeeded: the user name's failures are cleared; the address gets back the one attempt counted
   * (only failures count there, and one good account must not reset what other user names did).
   */
  succeed(username: string, ip: string | null): void {
    this.clear(username);
    if (!ip) return;
    this.sql(
      `UPDATE login_throttle SET failures = failures - 1,
         locked_until = CASE WHEN failures - 1 < ? THEN NULL ELSE locked_until END
       WHERE key = ? AND failures > 0`,
    ).run(this.policy.ipFailures, ipKey(ip));
  }

  /** Lock end of a user name, for the admin list (undefined when not locked). */
  lockedUntil(username: string): number | undefined {
    const row = this.row(userKey(username));
    return row?.locked_until && row.locked_until > this.now() ? row.locked_until : undefined;
  }

  /** An administrator unlocks an account (a password reset does this too). */
  unlock(username: string): void {
    this.clear(username);
  }

  private clear(username: string): void {
    this.sql('DELETE FROM login_throttle WHERE key = ?').run(userKey(username));
  }

  /** Guessed user names would pile up: rows whose window and lock are over go, at most once a minute. */
  private prune(): void {
    const now = this.now();
    if (now - this.prunedAt < 60_000) return;
    this.prunedAt = now;
    this.sql('DELETE FROM login_throttle WHERE window_start < ? AND (locked_until IS NULL OR locked_until <= ?)').run(
      now - this.policy.windowMs,
      now,
    );
  }

  private row(key: string): ThrottleRow | undefined {
    return this.sql('SELECT failures, window_start, locked_until FROM login_throttle WHERE key = ?').get(key) as
      ThrottleRow | undefined;
  }

  private count(key: string, limit: number): number | undefined {
    const now = this.now();
    const row = this.row(key);
    const fresh = !row || now - row.window_start > this.policy.windowMs || (row.locked_until ?? Infinity) <= now;
    const failures = fresh ? 1 : row.failures + 1;
    const lockedUntil = failures >= limit ? now + this.policy.lockMs : null;
    this.sql(
      `INSERT INTO login_throttle (key, failures, window_start, locked_until) VALUES (?, ?, ?, ?)
         ON CONFLICT(key) DO UPDATE SET failures = excluded.failures, window_start = excluded.window_start,
           locked_until = excluded.locked_until`,
    ).run(key, failures, fresh ? now : row.window_start, lockedUntil);
    return lockedUntil ?? undefined;
  }
}
