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
}

export interface CallerDeps {
  users: UserStore;
  org: OrgStore;
  sessions: SessionStore;
}

export function resolveCaller({ users, org, sessions }: CallerDeps, token: string | undefined): Caller | undefined {
  const userId = token ? sessions.resolve(token) : undefined;
  const user = userId ? users.get(userId) : undefined;
  const unit = user ? org.getUnit(user.orgUnitId) : undefined;
  if (!user || !unit || user.disabled) return undefined;
  return {
    userId: user.id,
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    orgUnitId: unit.id,
    orgUnitName: unit.name,
    scope: scopeOf(unit),
  };
}

export const SESSION_COOKIE = 'vigil_session';

/** The session token of a Cookie header (undefined when absent or malformed). */
export const sessionTokenOf = (cookieHeader: string | undefined): string | undefined =>
  readCookie(cookieHeader, SESSION_COOKIE);
