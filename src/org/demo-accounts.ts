// Demo accounts that still have the published password: the hub stays on loopback while any exist, and deletes them
// when the demo is turned off.
import type { AuditEvent } from '../events/index.js';
import type { Logger } from '../shared/logger.js';
import { DEMO_PASSWORD, demoAccounts } from './demo-province.js';
import { verifyPassword } from './passwords.js';
import type { UserRecord, UserStore } from './user-store.js';

/** The address the servers listen on when the config names none. */
export const ALL_INTERFACES = '0.0.0.0';
export const LOOPBACK = '127.0.0.1';

export interface DemoExposure {
  /** Where to listen: the configured host, else loopback while published-password accounts exist, else all. */
  host: string;
  /** True when the hub listens on loopback only because of those accounts. */
  loopbackForDemo: boolean;
  /** The demo accounts that keep the published password (after any deletion). */
  open: UserRecord[];
  /** The accounts deleted now because the demo is off. */
  deleted: UserRecord[];
}

/** The demo accounts whose stored hash still matches the published password (disabled ones too: they can be enabled). */
export async function publishedPasswordAccounts(users: Pick<UserStore, 'findByUsername'>): Promise<UserRecord[]> {
  const checked = await Promise.all(
    demoAccounts().map(async ({ username }) => {
      const user = users.findByUsername(username);
      if (!user || !(await verifyPassword(DEMO_PASSWORD, user.passwordHash))) return undefined;
      const { passwordHash: _hash, ...record } = user;
      return record;
    }),
  );
  return checked.filter((user): user is UserRecord => user !== undefined);
}

/**
 * Decides where the hub may listen given its demo accounts. With the demo off, the accounts that keep the published
 * password are deleted (their sessions with them); changed ones stay, as someone chose their password.
 */
export async function settleDemoExposure(
  users: Pick<UserStore, 'findByUsername' | 'delete'>,
  options: { demoEnabled: boolean; configuredHost: string | undefined },
): Promise<DemoExposure> {
  let open = await publishedPasswordAccounts(users);
  const deleted = options.demoEnabled ? [] : open;
  for (const user of deleted) users.delete(user.id);
  if (deleted.length > 0) open = [];
  const loopbackForDemo = options.configuredHost === undefined && open.length > 0;
  const host = options.configuredHost ?? (loopbackForDemo ? LOOPBACK : ALL_INTERFACES);
  return { host, loopbackForDemo, open, deleted };
}

/** Says at start what the demo accounts mean for the listen address, and audits each deletion. */
export function reportDemoExposure(exposure: DemoExposure, logger: Logger, publish: (event: AuditEvent) => void): void {
  const names = (list: UserRecord[]): string[] => list.map((user) => user.username);
  for (const user of exposure.deleted) {
    publish({
      type: 'audit.admin.user.deleted',
      severity: 'warning',
      message: `Deleted the demo account ${user.username}: the demo is off and it still had the published password`,
      orgUnitId: user.orgUnitId,
      data: { username: user.username, reason: 'demo-off' },
    });
  }
  if (exposure.deleted.length > 0) {
    logger.warn(
      { accounts: names(exposure.deleted) },
      'the demo is off: deleted the demo accounts with the published password',
    );
  }
  if (exposure.loopbackForDemo) {
    logger.warn(
      { host: exposure.host, accounts: names(exposure.open) },
      `listening on ${exposure.host} only while demo accounts have the published password "${DEMO_PASSWORD}": ` +
        'change their passwords, turn the demo off, or set server.host to listen elsewhere',
    );
  } else if (exposure.open.length > 0) {
    logger.warn(
      { host: exposure.host, accounts: names(exposure.open) },
      `demo accounts with the published password "${DEMO_PASSWORD}" can log in from every address server.host reaches`,
    );
  }
}
