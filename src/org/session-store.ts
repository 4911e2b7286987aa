// Login sessions: the browser holds a random token; the database holds only its SHA-256, with an idle and an absolute expiry.
import { createHash, randomBytes } from 'node:crypto';
import { cachedPrepare, type Db, type Prepare } from '../db/index.js';

export interface SessionTimes {
  /** A session unused this long ends. */
  idleMs: number;
  /** A session ends this long after login, used or not. */
  absoluteMs: number;
}

export const DEFAULT_SESSION_TIMES: SessionTimes = { idleMs: 8 * 3600_000, absoluteMs: 24 * 3600_000 };

interface SessionTimesRow {
  last_seen_at: number;
  expires_at: number;
}

const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

export class SessionStore {
  private readonly sql: Prepare;

  constructor(
    private readonly db: Db,
    private readonly times: SessionTimes = DEFAULT_SESSION_TIMES,
    private readonly now: () => number = Date.now,
  ) {
    this.sql = cachedPrepare(db);
  }

  /** Creates a session and returns the token for the cookie (the only place it exists in clear). */
  create(userId: string, ip: string | null): string {
    const token = randomBytes(32).toString('base64url');
    const now = this.now();
    this.sql(
      'INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at, ip) VALUES (?, ?, ?, ?, ?, ?)',
    ).run(hashToken(token), userId, now, now, now + this.times.absoluteMs, ip);
    return token;
  }

  /** The user of a live session, refreshing its idle clock; undefined when unknown or expired. */
  resolve(token: string): string | undefined {
    const now = this.now();
    const hash = hashToken(token);
    const row = this.sql('SELECT user_id, last_seen_at, expires_at FROM sessions WHERE token_hash = ?').get(hash) as
      { user_id: string; last_seen_at: number; expires_at: number } | undefined;
    if (!row) return undefined;
    if (this.ended(row, now)) {
      this.revoke(token);
      return undefined;
    }
    // Writing on every request would be wasteful: refresh at most once a minute (sooner for short idle times).
    if (now - row.last_seen_at > Math.min(60_000, this.times.idleMs / 4)) {
      this.sql('UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?').run(now, hash);
    }
    return row.user_id;
  }

  /**
   * The tokens among these whose session still lives, in one query and without refreshing the idle clock: an open
   * socket is not a user at work.
   */
  liveAmong(tokens: readonly string[]): Set<string> {
    if (tokens.length === 0) return new Set();
    const now = this.now();
    const byHash = new Map(tokens.map((token) => [hashToken(token), token]));
    const rows = this.sql(
      'SELECT token_hash, last_seen_at, expires_at FROM sessions WHERE token_hash IN (SELECT value FROM json_each(?))',
    ).all(JSON.stringify([...byHash.keys()])) as Array<SessionTimesRow & { token_hash: string }>;
    const live = new Set<string>();
    for (const row of rows) {
      const token = byHash.get(row.token_hash);
      if (token !== undefined && !this.ended(row, now)) live.add(token);
    }
    return live;
  }

  private ended(row: SessionTimesRow, now: number): boolean {
    return row.expires_at <= now || row.last_seen_at + this.times.idleMs <= now;
  }

  revoke(token: string): void {
    this.sql('DELETE FROM sessions WHERE token_hash = ?').run(hashToken(token));
  }

  revokeAllOf(userId: string): void {
    this.sql('DELETE FROM sessions WHERE user_id = ?').run(userId);
  }

  /** Ends every session of the user except the one holding `keepToken` (after a password change). */
  revokeOthersOf(userId: string, keepToken: string): void {
    this.sql('DELETE FROM sessions WHERE user_id = ? AND token_hash <> ?').run(userId, hashToken(keepToken));
  }
}
