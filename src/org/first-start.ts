// First start: a monitoring center and an administrator exist, and the demo province when the demo is on.
import type { Db } from '../db/index.js';
import type { Logger } from '../shared/logger.js';
import type { CameraStore } from './camera-store.js';
import { seedDemoProvince, type DemoScope } from './demo-province.js';
import type { OrgStore } from './org-store.js';
import { randomPassword } from './passwords.js';
import type { UserStore } from './user-store.js';

export interface FirstStartOptions {
  db: Db;
  org: OrgStore;
  cameras: CameraStore;
  users: UserStore;
  logger: Logger;
  admin: { username: string; password?: string | undefined };
  /** Present when the demo is on: what it seeds on a first start. */
  demo: { cameras: number; rtspBase: string; scope: DemoScope; domeOnvifUrl?: string | undefined } | undefined;
}

export interface FirstStartResult {
  seededDemo: boolean;
  /** Set only when the administrator was created now with a generated password: printed once, never stored. */
  generatedAdminPassword: string | undefined;
}

export async function ensureFirstStart(options: FirstStartOptions): Promise<FirstStartResult> {
  const { org, users, logger } = options;
  let seededDemo = false;
  if (org.isEmpty()) {
    if (options.demo) {
      await seedDemoProvince(options, options.demo);
      seededDemo = true;
      logger.info('seeded the demo province');
    } else {
      org.createUnit({
        id: 'org-center',
        parentId: null,
        kind: 'center',
        name: '省级监控中心',
        nameEn: 'Monitoring Center',
      });
    }
  }
  let generatedAdminPassword: string | undefined;
  if (!users.findByUsername(options.admin.username)) {
    const center = org.listUnits().find((unit) => unit.kind === 'center');
    if (!center) throw new Error('the database has org units but no monitoring center');
    const password = options.admin.password ?? randomPassword();
    if (!options.admin.password) generatedAdminPassword = password;
    await users.create({
      orgUnitId: center.id,
      username: options.admin.username,
      displayName: 'Administrator',
      role: 'admin',
      password,
    });
    logger.info({ username: options.admin.username }, 'created the first administrator');
  }
  return { seededDemo, generatedAdminPassword };
}
