import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase, prepareDataDir } from '../../src/db/index.js';
import {
  CameraStore,
  demoAccounts,
  ensureFirstStart,
  inScope,
  OrgStore,
  repointDemoCameras,
  scopeOf,
  SessionStore,
  UserStore,
  verifyPassword,
} from '../../src/org/index.js';
import { SecretBox, silentLogger } from '../../src/shared/index.js';
import { tempDir } from '../support/temp-dir.js';

function stores(file: string) {
  const db = openDatabase(file);
  return {
    db,
    org: new OrgStore(db),
    cameras: new CameraStore(db, new SecretBox('test key')),
    users: new UserStore(db),
    logger: silentLogger(),
  };
}

describe('data directory', () => {
  it('creates a missing directory with its parents', () => {
    const dir = join(tempDir(), 'a', 'b', 'data');
    prepareDataDir(dir);
    expect(() => openDatabase(join(dir, 'vigil.db')).close()).not.toThrow();
  });

  it('gives a clear error for a directory that cannot be written', () => {
    const blocker = join(tempDir(), 'not-a-directory');
    writeFileSync(blocker, 'a file where the data directory should be');
    expect(() => prepareDataDir(join(blocker, 'data'))).toThrow(/data directory .* cannot be written/);
  });
});

describe('database and organisation', () => {
  it('applies migrations once, in WAL mode with foreign keys', () => {
    const file = join(tempDir(), 'vigil.db');
    const first = openDatabase(file);
    expect(first.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(first.pragma('foreign_keys', { simple: true })).toBe(1);
    const version = first.pragma('user_version', { simple: true });
    first.close();
    const again = openDatabase(file);
    expect(again.pragma('user_version', { simple: true })).toBe(version);
    again.close();
  });

  it('seeds the demo province: 1 center, 2 branches, 4 graded enterprises, 8 cameras, 13 demo users (4 of enterprises) and an admin', async () => {
    const s = stores(join(tempDir(), 'vigil.db'));
    const result = await ensureFirstStart({
      ...s,
      admin: { username: 'admin', password: undefined },
      demo: { cameras: 8, rtspBase: 'rtsp://127.0.0.1:1234', scope: 'province' },
    });
    expect(result.seededDemo).toBe(true);
    expect(result.generatedAdminPassword).toMatch(/^[A-Za-z0-9]{16}$/);
    const units = s.org.listUnits();
    expect(units.filter((unit) => unit.kind === 'center')).toHaveLength(1);
    expect(units.filter((unit) => unit.kind === 'branch')).toHaveLength(2);
    expect(new Set(s.org.listEnterprises().map((enterprise) => enterprise.creditGrade))).toEqual(
      new Set(['A', 'B', 'C', 'D']),
    );
    const cameras = s.cameras.list();
    expect(cameras).toHaveLength(8);
    expect(cameras[0]?.mainUrl).toMatch(/^rtsp:\/\/127\.0\.0\.1:1234\/cam\d\d\/main$/);
    expect(s.users.count()).toBe(demoAccounts().length + 1);

    const admin = s.users.findByUsername('admin');
    expect(admin?.passwordHash).toMatch(/^scrypt\$/);
    expect(await verifyPassword(result.generatedAdminPassword ?? '', admin?.passwordHash ?? '')).toBe(true);

    // A second start seeds nothing and prints no password again.
    const second = await ensureFirstStart({ ...s, admin: { username: 'admin' }, demo: undefined });
    expect(second).toEqual({ seededDemo: false, generatedAdminPassword: undefined });

    repointDemoCameras(s.db, 'rtsp://127.0.0.1:5555');
    expect(s.cameras.list().every((camera) => camera.mainUrl?.startsWith('rtsp://127.0.0.1:5555/'))).toBe(true);
  });

  it('stores camera credentials sealed, out of the URL, and moves scope with the enterprise', () => {
    const s = stores(join(tempDir(), 'vigil.db'));
    s.org.createUnit({ id: 'c', parentId: null, kind: 'center', name: 'Center' });
    s.org.createUnit({ id: 'b1', parentId: 'c', kind: 'branch', name: 'B1' });
    s.org.createUnit({ id: 'b2', parentId: 'c', kind: 'branch', name: 'B2' });
    const enterprise = s.org.createEnterprise({ orgUnitId: 'b1', name: 'Plant', creditGrade: 'C' });
    const camera = s.cameras.create({
      enterpriseId: enterprise.id,
      name: 'Dock',
      stage: 'raw_material_intake',
      mainUrl: 'rtsp://admin:Sup3rSecret@10.0.0.9:554/h264',
    });
    expect(camera.mainUrl).toBe('rtsp://10.0.0.9:554/h264');
    expect(camera.username).toBe('admin');
    const raw = s.db.prepare('SELECT * FROM cameras').get();
    expect(JSON.stringify(raw)).not.toContain('Sup3rSecret');
    expect(s.cameras.sourceUrl(camera.id, 'main')).toBe('rtsp://admin:Sup3rSecret@10.0.0.9:554/h264');

    const branch1 = scopeOf({ id: 'b1', kind: 'branch' });
    const branch2 = scopeOf({ id: 'b2', kind: 'branch' });
    expect(inScope(branch1, s.cameras.get(camera.id)?.orgUnitId)).toBe(true);
    expect(inScope(branch2, s.cameras.get(camera.id)?.orgUnitId)).toBe(false);
    s.org.moveEnterprise(enterprise.id, 'b2');
    expect(inScope(branch1, s.cameras.get(camera.id)?.orgUnitId)).toBe(false);
    expect(inScope(branch2, s.cameras.get(camera.id)?.orgUnitId)).toBe(true);
    expect(inScope(scopeOf({ id: 'c', kind: 'center' }), 'b2')).toBe(true);
  });

  it('ends sessions after the idle and the absolute time, and keeps only token hashes', async () => {
    const s = stores(join(tempDir(), 'vigil.db'));
    s.org.createUnit({ id: 'c', parentId: null, kind: 'center', name: 'Center' });
    const user = await s.users.create({
      orgUnitId: 'c',
      username: 'op',
      displayName: 'Op',
      role: 'operator',
      password: 'pw-123456',
    });
    let now = 1_000_000;
    const sessions = new SessionStore(s.db, { idleMs: 10_000, absoluteMs: 100_000 }, () => now);
    const token = sessions.create(user.id, '127.0.0.1');
    expect(JSON.stringify(s.db.prepare('SELECT * FROM sessions').all())).not.toContain(token);
    expect(sessions.resolve(token)).toBe(user.id);
    now += 9_000;
    expect(sessions.resolve(token)).toBe(user.id);
    now += 11_000;
    expect(sessions.resolve(token)).toBeUndefined();

    const absolute = sessions.create(user.id, null);
    for (let step = 0; step < 20; step += 1) {
      now += 6_000;
      sessions.resolve(absolute);
    }
    expect(sessions.resolve(absolute)).toBeUndefined();
  });
});
