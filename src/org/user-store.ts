// Users bound to an org unit with a role; passwords stored as scrypt hashes only.
import { cachedPrepare, type Db, type Prepare } from '../db/index.js';
import { newId } from '../shared/ids.js';
import { hashPassword } from './passwords.js';

export const ROLES = ['admin', 'operator', 'inspector'] as const;
export type Role = (typeof ROLES)[number];

export interface UserRecord {
  id: string;
  orgUnitId: string;
  username: string;
  displayName: string;
  role: Role;
  disabled: boolean;
}

interface UserRow {
  id: string;
  org_unit_id: string;
  username: string;
  display_name: string;
  role: Role;
  disabled: number;
  password_hash: string;
}

const toUser = (row: UserRow): UserRecord => ({
  id: row.id,
  orgUnitId: row.org_unit_id,
  username: row.username,
  displayName: row.display_name,
  role: row.role,
  disabled: row.disabled === 1,
});

export interface NewUser {
  orgUnitId: string;
  username: string;
  displayName: string;
  role: Role;
  password: string;
}

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
    const hash = await hashPassword(input.password);
    this.sql(
      `INSERT INTO users (id, org_unit_id, username, display_name, role, password_hash, created_at, password_changed_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(id, input.orgUnitId, input.username, input.displayName, input.role, hash, now, now);
    return this.get(id) as UserRecord;
  }

  count(): number {
    return (this.sql('SELECT COUNT(*) AS n FROM users').get() as { n: number }).n;
  }
}
