// A seeded province for tests and benchmarks: a center, two branches with one enterprise each, users, cameras.
import { join } from 'node:path';
import { openDatabase } from '../../src/db/index.js';
import { CameraStore, OrgStore, UserStore, type NewCamera } from '../../src/org/index.js';
import { SecretBox } from '../../src/shared/index.js';

export const TEST_PASSWORD = 'test-password-1';

export type SeedCamera = Omit<NewCamera, 'enterpriseId'> & { enterprise?: 'east' | 'west' };

/**
 * Seeds `<dataDir>/vigil.db`: center `c` with `center-op` (operator) and `center-admin`; branch `east` with
 * enterprises `ent-east` and `ent-east2`, `east-insp`, and the enterprise accounts `east-ent` (of `ent-east`) and
 * `east2-ent` (of `ent-east2`); branch `west` with `ent-west`, `west-insp` and `west-admin`. Every user has
 * TEST_PASSWORD.
 */
export async function seedProvince(dataDir: string, cameras: readonly SeedCamera[]): Promise<void> {
  const db = openDatabase(join(dataDir, 'vigil.db'));
  const org = new OrgStore(db);
  const users = new UserStore(db);
  const store = new CameraStore(db, SecretBox.fromKeyFile(join(dataDir, 'secret.key')));
  org.createUnit({ id: 'c', parentId: null, kind: 'center', name: '监控中心' });
  org.createUnit({ id: 'east', parentId: 'c', kind: 'branch', name: '东分局' });
  org.createUnit({ id: 'west', parentId: 'c', kind: 'branch', name: '西分局' });
  org.createEnterprise({ id: 'ent-east', orgUnitId: 'east', name: '东企业', creditGrade: 'A' });
  org.createEnterprise({ id: 'ent-east2', orgUnitId: 'east', name: '东二企业', creditGrade: 'B' });
  org.createEnterprise({ id: 'ent-west', orgUnitId: 'west', name: '西企业', creditGrade: 'C' });
  const accounts = [
    ['center-op', 'c', 'operator'],
    ['center-admin', 'c', 'admin'],
    ['east-insp', 'east', 'inspector'],
    ['west-insp', 'west', 'inspector'],
    ['west-admin', 'west', 'admin'],
  ] as const;
  for (const [username, orgUnitId, role] of accounts) {
    await users.create({ username, orgUnitId, role, displayName: username, password: TEST_PASSWORD });
  }
  for (const [username, enterpriseId] of [
    ['east-ent', 'ent-east'],
    ['east2-ent', 'ent-east2'],
  ] as const) {
    const role = 'enterprise';
    await users.create({
      username,
      orgUnitId: 'east',
      role,
      enterpriseId,
      displayName: username,
      password: TEST_PASSWORD,
    });
  }
  db.transaction(() => {
    for (const camera of cameras) {
      store.create({ ...camera, enterpriseId: camera.enterprise === 'west' ? 'ent-west' : 'ent-east' });
    }
  })();
  db.close();
}

/** Logs in over HTTP and returns the session cookie (`vigil_session=...`). */
export async function loginCookie(base: string, username: string, password = TEST_PASSWORD): Promise<string> {
  const response = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (response.status !== 200) throw new Error(`login of ${username} failed: ${response.status}`);
  return (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}
