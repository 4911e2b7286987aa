// Users bound to an org unit with a role; passwords stored as scrypt hashes only.
import { ROLES, type Role } from '../contracts/index.js';
import { cachedPrepare, type Db, type Prepare } from '../db/index.js';
import { VigilError } from '../shared/errors.js';
import { newId } from '../shared/ids.js';
import { hashPassword } from './passwords.js';

export { ROLES, type Role };

export interface UserRecord {
  id: string;
  orgUnitId: string;
  username: string;
  displayName: string;
  role: Role;
  disabled: boolean;
  /** The enterprise an `enterprise` account belongs to; null for the agency's own users. */
  enterpriseId: string | null;
}

interface UserRow {
  id: string;
  org_unit_id: string;
  username: string;
  display_name: string;
  role: Role;
  disabled: number;
  password_hash: string;
  enterprise_id: string | null;
}

const toUser = (row: UserRow): UserRecord => ({
  id: row.id,
  orgUnitId: row.org_unit_id,
  username: row.username,
  displayName: row.display_name,
  role: row.role,
  disabled: row.disabled === 1,
  enterpriseId: row.enterprise_id,
});

export interface NewUser {
  orgUnitId: string;
  username: string;
  displayName: string;
  role: Role;
  password: string;
  /** Required for (and only for) the `enterprise` role. */
  enterpriseId?: string | null | undefined;
}

export type UserPatch = Partial<Pick<UserRecord, 'displayName' | 'role' | 'orgUnitId' | 'disabled' | 'enterpriseId'>>;

export class UserStore {
  private readonly sql: Prepare;

  constructor(private readonly db: Db) {
    this.sql = cachedPrepare(db);
  }

  list(): UserRecord[] {
    return (this.sql('SELECT * FROM users ORDER BY username').all() as UserRow[]).map(toUser);
  }

  findByUsername(username: string): (UserRecord & { passwordHash: string }) | undefined {
    const row = this.sql('SELECT * FROM users WHERE username = ?').get(username) as UserRow | undefined;
    return row ? { ...toUser(row), passwordHash: row.password_hash } : undefined;
  }

  get(id: string): UserRecord | undefined {
    const row = this.sql('SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined;
    return row ? toUser(row) : undefined;
  }

  async create(input: NewUser): Promise<UserRecord> {
    const id = newId('usr');
    const now = Date.now();
    if (this.findByUsername(input.username)) {
      throw new VigilError('VIGIL_CONFLICT', `The user name "${input.username}" is already taken`, {
        details: { reason: 'username_taken', username: input.username },
      });
    }
    const hash = await hashPassword(input.password);
    this.sql(
      `INSERT INTO users (id, org_unit_id, username, display_name, role, password_hash, created_at, password_changed_at,
         enterprise_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      id,
      input.orgUnitId,
      input.username,
      input.displayName,
      input.role,
      hash,
      now,
      now,
      input.enterpriseId ?? null,
    );
    return this.get(id) as UserRecord;
  }

  update(id: string, patch: UserPatch): UserRecord {
    const current = this.get(id);
    if (!current) throw new VigilError('VIGIL_NOT_FOUND', 'No such user');
    const next = { ...current, ...patch };
    this.sql(
      'UPDATE users SET display_name = ?, role = ?, org_unit_id = ?, disabled = ?, enterprise_id = ? WHERE id = ?',
    ).run(next.displayName, next.role, next.orgUnitId, next.disabled ? 1 : 0, next.enterpriseId, id);
    return this.get(id) as UserRecord;
  }

  async setPassword(id: string, password: string): Promise<void> {
    const hash = await hashPassword(password);
    const changed = this.sql('UPDATE users SET password_hash = ?, password_changed_at = ? WHERE id = ?').run(
      hash,
      Date.now(),
      id,
    ).changes;
    if (changed === 0) throw new VigilError('VIGIL_NOT_FOUND', 'No such user');
  }

  /** The stored hash, for checking the old password on a change; never leaves the hub. */
  passwordHashOf(id: string): string | undefined {
    return (this.sql('SELECT password_hash FROM users WHERE id = ?').get(id) as { password_hash: string } | undefined)
      ?.password_hash;
  }

  delete(id: string): void {
    if (this.sql('DELETE FROM users WHERE id = ?').run(id).changes === 0) {
      throw new VigilError('VIGIL_NOT_FOUND', 'No such user');
    }
  }

  /** Enabled administrators of the center, so the last one cannot be removed. */
  activeAdminsIn(orgUnitId: string): number {
    return (
      this.sql("SELECT COUNT(*) AS n FROM users WHERE org_unit_id = ? AND role = 'admin' AND disabled = 0").get(
        orgUnitId,
      ) as { n: number }
    ).n;
  }

  count(): number {
    return (this.sql('SELECT COUNT(*) AS n FROM users').get() as { n: number }).n;
  }
}
