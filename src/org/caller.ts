// Who is calling: a session token resolved to the user, its unit and its scope, for the API and realtime alike.
import { readCookie } from '../shared/cookies.js';
import type { OrgStore } from './org-store.js';
import { scopeOf, type Scope } from './scope.js';
import type { SessionStore } from './session-store.js';
import type { Role, UserStore } from './user-store.js';

export interface Caller {
  userId: string;
  username: string;
  displayName: string;
  role: Role;
  orgUnitId: string;
  orgUnitName: string;
  scope: Scope;
  /** An enterprise account's enterprise (its name is shown instead of the unit's); null for agency users. */
  enterprise: { id: string; name: string } | null;
}

export interface CallerDeps {
  users: UserStore;
  org: OrgStore;
  sessions: SessionStore;
}

export function resolveCaller({ users, org, sessions }: CallerDeps, token: string | undefined): Caller | undefined {
  const userId = token ? sessions.resolve(token) : undefined;
  const user = userId ? users.get(userId) : undefined;
  if (!user || user.disabled) return undefined;
  const enterprise = user.enterpriseId ? org.getEnterprise(user.enterpriseId) : undefined;
  if (user.role === 'enterprise' && !enterprise) return undefined;
  // An enterprise account's branch is its enterprise's, read now: it follows the enterprise when it moves.
  const unit = org.getUnit(enterprise?.orgUnitId ?? user.orgUnitId);
  if (!unit) return undefined;
  const scope: Scope = enterprise
    ? {
        kind: 'enterprise',
        orgUnitId: unit.id,
        enterpriseId: enterprise.id,
        recordings: org.recordingsOpenTo(enterprise.id),
      }
    : scopeOf(unit);
  return {
    userId: user.id,
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    orgUnitId: unit.id,
    orgUnitName: unit.name,
    scope,
    enterprise: enterprise ? { id: enterprise.id, name: enterprise.name } : null,
  };
}

export const SESSION_COOKIE = 'vigil_session';

/** The session token of a Cookie header (undefined when absent or malformed). */
export const sessionTokenOf = (cookieHeader: string | undefined): string | undefined =>
  readCookie(cookieHeader, SESSION_COOKIE);
