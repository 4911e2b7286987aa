// Demo accounts and the listen address: loopback while one keeps the published password, deleted with the demo off.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NewPassword } from '../../src/contracts/index.js';
import { openDatabase } from '../../src/db/index.js';
import { DEMO_PASSWORD, OrgStore, settleDemoExposure, UserStore } from '../../src/org/index.js';
import { tempDir } from '../support/temp-dir.js';

/** A center with two demo accounts (one still on the published password) and another account on it too. */
async function users(): Promise<UserStore> {
  const db = openDatabase(join(tempDir(), 'vigil.db'));
  new OrgStore(db).createUnit({ id: 'org-center', parentId: null, kind: 'center', name: '中心' });
  const store = new UserStore(db);
  const add = (username: string, password: string) =>
    store.create({ orgUnitId: 'org-center', username, displayName: username, role: 'operator', password });
  await add('center-operator', DEMO_PASSWORD);
  await add('center-inspector', 'Changed-pass-1');
  // Not a demo account: it can only have been set before the password rule refused the published password.
  await add('alice', DEMO_PASSWORD);
  return store;
}

describe('demo exposure', () => {
  it('listens on loopback while a demo account keeps the published password, unless a host is named', async () => {
    const store = await users();
    const unnamed = await settleDemoExposure(store, { demoEnabled: true, configuredHost: undefined });
    expect(unnamed).toMatchObject({ host: '127.0.0.1', loopbackForDemo: true, deleted: [] });
    expect(unnamed.open.map((user) => user.username)).toEqual(['center-operator']);
    const named = await settleDemoExposure(store, { demoEnabled: true, configuredHost: '10.0.0.5' });
    expect(named).toMatchObject({ host: '10.0.0.5', loopbackForDemo: false });
    expect(store.findByUsername('center-operator')).toBeDefined();
  });

  it('deletes the demo accounts that keep the published password when the demo is off, and then listens on all', async () => {
    const store = await users();
    const off = await settleDemoExposure(store, { demoEnabled: false, configuredHost: undefined });
    expect(off.deleted.map((user) => user.username)).toEqual(['center-operator']);
    expect(off).toMatchObject({ host: '0.0.0.0', loopbackForDemo: false, open: [] });
    expect(store.findByUsername('center-operator')).toBeUndefined();
    expect(store.findByUsername('center-inspector')).toBeDefined();
  });

  it('refuses the published demo password as anyone’s new password', () => {
    expect(NewPassword.safeParse(DEMO_PASSWORD).error?.issues[0]?.message).toBe(
      'must not be the published demo password',
    );
    expect(NewPassword.safeParse('Another-pass-1').success).toBe(true);
  });
});
