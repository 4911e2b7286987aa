// The organisation admin API over HTTP: reach of center and branch admins, validation, conflicts, accounts, lockout, audit.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginCookie } from '../../scripts/lib/province.js';
import { startTestHub, TEST_PASSWORD, type TestHub } from '../support/test-hub.js';

interface AuditRow {
  type: string;
  user_id: string | null;
  org_unit_id: string | null;
  ip: string | null;
  data: string | null;
}

interface Body {
  [key: string]: unknown;
  id: string;
  name: string;
  creditGrade: string;
  user: { username: string };
  users: Array<{ id: string; username: string; orgUnitId: string; lockedUntil: string | null }>;
  enterprises: Array<{ orgUnitId: string }>;
  error: { code: string; message: string; details: Array<{ path: string; message: string }> };
}

describe('organisation admin API', () => {
  let t: TestHub;
  let centerAdmin: string;
  let westAdmin: string;

  const json = async (response: Response | Promise<Response>) => {
    const r = await response;
    return { status: r.status, body: (r.status === 204 ? null : await r.json()) as Body };
  };
  const auditRows = (type: string): AuditRow[] => {
    const db = new Database(join(t.dataDir, 'vigil.db'), { readonly: true });
    try {
      return db.prepare('SELECT * FROM events WHERE type = ? ORDER BY id').all(type) as AuditRow[];
    } finally {
      db.close();
    }
  };
  const login = (username: string, password: string) =>
    t.send('POST', '/api/auth/login', undefined, { username, password });

  beforeAll(async () => {
    t = await startTestHub(
      [{ id: 'cam-e', name: 'East cam', stage: 'processing', mainUrl: 'rtsp://127.0.0.1:9/x', recordMode: 'off' }],
      { auth: { lockoutIpFailures: 14 } },
    );
    centerAdmin = await t.login('center-admin');
    westAdmin = await t.login('west-admin');
  });

  afterAll(async () => {
    await t?.hub.stop();
  });

  it('refuses non-admins with 403 and anonymous callers with 401', async () => {
    for (const user of ['center-op', 'east-insp']) {
      const cookie = await t.login(user);
      expect((await t.get('/api/admin/users', cookie)).status).toBe(403);
      expect((await t.send('POST', '/api/admin/org-units', cookie, { name: 'x' })).status).toBe(403);
    }
    expect((await t.get('/api/admin/enterprises')).status).toBe(401);
  });

  it('lets the center admin create, rename and delete branches, never the center', async () => {
    const created = await json(
      t.send('POST', '/api/admin/org-units', centerAdmin, { name: '南分局', nameEn: 'South' }),
    );
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ kind: 'branch', parentId: 'c', enterprises: 0, users: 0 });
    const id = created.body.id as string;
    expect((await t.send('POST', '/api/admin/org-units', centerAdmin, { name: '南分局' })).status).toBe(409);
    const invalid = await json(t.send('POST', '/api/admin/org-units', centerAdmin, { name: ' ', extra: 1 }));
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.code).toBe('VIGIL_VALIDATION');
    expect(JSON.stringify(invalid.body.error.details)).toContain('name');
    const renamed = await json(t.send('PATCH', `/api/admin/org-units/${id}`, centerAdmin, { name: '南港分局' }));
    expect(renamed.body.name).toBe('南港分局');
    expect((await t.send('POST', '/api/admin/org-units', westAdmin, { name: '北分局' })).status).toBe(403);
    expect((await t.send('PATCH', '/api/admin/org-units/west', westAdmin, { name: '西' })).status).toBe(403);
    expect((await t.send('DELETE', '/api/admin/org-units/east', westAdmin)).status).toBe(404);
    const busy = await json(t.send('DELETE', '/api/admin/org-units/east', centerAdmin));
    expect(busy.status).toBe(409);
    expect(busy.body.error.message).toMatch(/enterprise/);
    expect((await t.send('DELETE', '/api/admin/org-units/c', centerAdmin)).status).toBe(409);
    expect((await t.send('DELETE', `/api/admin/org-units/${id}`, centerAdmin)).status).toBe(204);
    const updated = auditRows('audit.admin.org_unit.updated').at(-1);
    expect(JSON.parse(updated?.data ?? '{}')).toMatchObject({
      before: { name: '南分局' },
      after: { name: '南港分局' },
    });
    expect(auditRows('audit.admin.org_unit.deleted')).toHaveLength(1);
  });

  it('validates enterprises and keeps a branch admin inside its branch', async () => {
    const body = {
      orgUnitId: 'west',
      name: '西山水产',
      nameEn: 'Xishan Aquatic',
      licenceNo: 'SC-0001',
      address: '西山路 1 号',
      contact: '王工 13800000000',
      creditGrade: 'B',
    };
    const bad = await json(t.send('POST', '/api/admin/enterprises', westAdmin, { ...body, creditGrade: 'E' }));
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0]?.path).toBe('creditGrade');
    const created = await json(t.send('POST', '/api/admin/enterprises', westAdmin, body));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ ...body, cameras: 0 });
    expect((await t.send('POST', '/api/admin/enterprises', westAdmin, { ...body, name: 'copy' })).status).toBe(409);
    expect((await t.send('POST', '/api/admin/enterprises', westAdmin, { ...body, orgUnitId: 'east' })).status).toBe(
      403,
    );
    expect((await t.send('POST', '/api/admin/enterprises', centerAdmin, { ...body, orgUnitId: 'c' })).status).toBe(400);
    const listed = await json(t.get('/api/admin/enterprises', westAdmin));
    expect(listed.body.enterprises.map((e: { orgUnitId: string }) => e.orgUnitId)).not.toContain('east');
    expect((await t.send('PATCH', '/api/admin/enterprises/ent-east', westAdmin, { name: 'x' })).status).toBe(404);
    const id = created.body.id as string;
    expect((await t.send('PATCH', `/api/admin/enterprises/${id}`, westAdmin, { orgUnitId: 'east' })).status).toBe(403);
    const graded = await json(t.send('PATCH', `/api/admin/enterprises/${id}`, westAdmin, { creditGrade: 'D' }));
    expect(graded.body.creditGrade).toBe('D');
    const change = JSON.parse(auditRows('audit.admin.enterprise.updated').at(-1)?.data ?? '{}');
    expect(change).toMatchObject({ username: 'west-admin', before: { creditGrade: 'B' }, after: { creditGrade: 'D' } });
    expect((await t.send('DELETE', '/api/admin/enterprises/ent-east', centerAdmin)).status).toBe(409);
    expect((await t.send('DELETE', `/api/admin/enterprises/${id}`, westAdmin)).status).toBe(204);
  });

  it('moves the scope of an enterprise’s cameras at once when it moves to another branch', async () => {
    const east = await t.login('east-insp');
    const west = await t.login('west-insp');
    expect((await t.get('/api/cameras/cam-e', east)).status).toBe(200);
    expect((await t.get('/api/cameras/cam-e', west)).status).toBe(404);
    const moved = await t.send('PATCH', '/api/admin/enterprises/ent-east', centerAdmin, { orgUnitId: 'west' });
    expect(moved.status).toBe(200);
    expect((await t.get('/api/cameras/cam-e', east)).status).toBe(404);
    expect((await t.get('/api/cameras/cam-e', west)).status).toBe(200);
    expect((await t.get('/live/cam-e/main/index.m3u8', east)).status).toBe(403);
    const row = auditRows('audit.admin.enterprise.updated').at(-1);
    expect(row?.org_unit_id).toBe('west');
    expect(JSON.parse(row?.data ?? '{}')).toMatchObject({
      before: { orgUnitId: 'east' },
      after: { orgUnitId: 'west' },
    });
    await t.send('PATCH', '/api/admin/enterprises/ent-east', centerAdmin, { orgUnitId: 'east' });
    expect((await t.get('/api/cameras/cam-e', east)).status).toBe(200);
  });

  it('manages accounts within reach: create, conflicts, reset, disable, delete', async () => {
    const user = {
      username: 'west-op2',
      displayName: '西值班员',
      role: 'operator',
      orgUnitId: 'west',
      password: 'weak',
    };
    const weak = await json(t.send('POST', '/api/admin/users', westAdmin, user));
    expect(weak.status).toBe(400);
    expect(weak.body.error.details[0]).toMatchObject({ path: 'password' });
    const strong = { ...user, password: 'Night-shift-2' };
    expect((await t.send('POST', '/api/admin/users', westAdmin, { ...strong, orgUnitId: 'east' })).status).toBe(403);
    const created = await json(t.send('POST', '/api/admin/users', westAdmin, strong));
    expect(created.status).toBe(201);
    expect(JSON.stringify(created.body)).not.toMatch(/password|hash|scrypt/i);
    expect((await t.send('POST', '/api/admin/users', centerAdmin, { ...strong, username: 'WEST-OP2' })).status).toBe(
      409,
    );
    const listed = await json(t.get('/api/admin/users', westAdmin));
    expect(new Set(listed.body.users.map((u: { orgUnitId: string }) => u.orgUnitId))).toEqual(new Set(['west']));
    const eastInsp = (await json(t.get('/api/admin/users', centerAdmin))).body.users.find(
      (u: { username: string }) => u.username === 'east-insp',
    );
    expect((await t.send('PATCH', `/api/admin/users/${eastInsp?.id}`, westAdmin, { role: 'admin' })).status).toBe(404);

    const id = created.body.id as string;
    const session = await loginCookie(t.base, 'west-op2', 'Night-shift-2');
    expect((await t.get('/api/auth/me', session)).status).toBe(200);
    const reset = await t.send('POST', `/api/admin/users/${id}/password`, westAdmin, { password: 'Day-shift-33' });
    expect(reset.status).toBe(204);
    expect((await t.get('/api/auth/me', session)).status).toBe(401);
    const again = await loginCookie(t.base, 'west-op2', 'Day-shift-33');
    const disabled = await json(
      t.send('PATCH', `/api/admin/users/${id}`, westAdmin, { disabled: true, role: 'inspector' }),
    );
    expect(disabled.body).toMatchObject({ disabled: true, role: 'inspector' });
    expect((await t.get('/api/auth/me', again)).status).toBe(401);
    expect((await login('west-op2', 'Day-shift-33')).status).toBe(401);
    const self = (await json(t.get('/api/auth/me', westAdmin))).body.user;
    const me = listed.body.users.find((u: { username: string }) => u.username === self.username);
    expect((await t.send('PATCH', `/api/admin/users/${me?.id}`, westAdmin, { disabled: true })).status).toBe(409);
    expect((await t.send('DELETE', `/api/admin/users/${me?.id}`, westAdmin)).status).toBe(409);
    expect((await t.send('DELETE', `/api/admin/users/${id}`, westAdmin)).status).toBe(204);
    const update = JSON.parse(
      auditRows('audit.admin.user.updated').find((r) => r.data?.includes('"disabled"'))?.data ?? '{}',
    );
    expect(update).toMatchObject({
      before: { disabled: false, role: 'operator' },
      after: { disabled: true, role: 'inspector' },
    });
    expect(auditRows('audit.admin.user.deleted')).toHaveLength(1);
  });

  it('changes its own password with the old one, and ends the user’s other sessions', async () => {
    const created = await json(
      t.send('POST', '/api/admin/users', centerAdmin, {
        username: 'center-insp2',
        displayName: '中心检查员',
        role: 'inspector',
        orgUnitId: 'c',
        password: 'First-pass-1',
      }),
    );
    expect(created.status).toBe(201);
    const here = await loginCookie(t.base, 'center-insp2', 'First-pass-1');
    const elsewhere = await loginCookie(t.base, 'center-insp2', 'First-pass-1');
    const change = (oldPassword: string, newPassword: string) =>
      json(t.send('POST', '/api/auth/password', here, { oldPassword, newPassword }));
    const wrongOld = await change('not-it', 'Second-pass-2');
    expect(wrongOld.status).toBe(400);
    expect(wrongOld.body.error.details[0]?.path).toBe('oldPassword');
    expect((await change('First-pass-1', 'short')).status).toBe(400);
    expect((await change('First-pass-1', 'center-insp2-pass')).status).toBe(400);
    expect((await change('First-pass-1', 'Second-pass-2')).status).toBe(204);
    expect((await t.get('/api/auth/me', here)).status).toBe(200);
    expect((await t.get('/api/auth/me', elsewhere)).status).toBe(401);
    expect((await login('center-insp2', 'First-pass-1')).status).toBe(401);
    expect((await login('center-insp2', 'Second-pass-2')).status).toBe(200);
    const row = auditRows('audit.password.changed').at(-1);
    expect(row).toMatchObject({ user_id: created.body.id, org_unit_id: 'c', ip: expect.stringContaining('127.0.0.1') });
  });

  it('locks a user name after 5 failures, says when to try again, and audits without the password', async () => {
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 5; attempt += 1)
      statuses.push((await login('east-insp', `Wrong-guess-${attempt}`)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 429]);
    const locked = await login('east-insp', TEST_PASSWORD);
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(14 * 60);
    const body = (await locked.json()) as {
      error: { code: string; message: string; details: { lockedUntil: string } };
    };
    expect(body.error.code).toBe('VIGIL_TOO_MANY_ATTEMPTS');
    expect(body.error.message).toMatch(/try again in 15 minute\(s\), after /);
    const failures = auditRows('audit.login.failed').map((row) => JSON.parse(row.data ?? '{}').reason as string);
    expect(failures).toEqual(expect.arrayContaining(['bad_password', 'locked']));
    const events = JSON.stringify(auditRows('audit.login.failed'));
    expect(events).not.toContain('Wrong-guess');
    expect(events).not.toContain(TEST_PASSWORD);

    const users = (await json(t.get('/api/admin/users', centerAdmin))).body.users;
    const target = users.find((u: { username: string }) => u.username === 'east-insp');
    expect(target?.lockedUntil).toBe(body.error.details.lockedUntil);
    expect((await t.send('POST', `/api/admin/users/${target?.id}/unlock`, centerAdmin)).status).toBe(200);
    expect((await login('east-insp', TEST_PASSWORD)).status).toBe(200);
    expect(auditRows('audit.login.succeeded').some((row) => row.org_unit_id === 'east')).toBe(true);
    await login('nobody-here', 'whatever-1');
    expect(auditRows('audit.login.failed').some((row) => row.data?.includes('unknown_user'))).toBe(true);
  });

  it('locks a client address that tries many user names', async () => {
    let last: Response | undefined;
    for (let attempt = 0; attempt < 14 && last?.status !== 429; attempt += 1) {
      last = await login(`guess-${attempt}`, 'Wrong-guess-x');
    }
    expect(last?.status).toBe(429);
    const body = (await last?.json()) as { error: { message: string; details: { by: string } } };
    expect(body.error.details.by).toBe('ip');
    expect(body.error.message).toMatch(/from this address/);
  });
});
