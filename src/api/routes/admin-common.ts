// What every admin route shares: its dependencies, the admin check, and reach checks on records and target units.
import type { Request } from 'express';
import {
  manages,
  requireAdmin,
  type Caller,
  type CameraStore,
  type LoginThrottle,
  type OrgStore,
  type SessionStore,
  type UserStore,
} from '../../org/index.js';
import { VigilError } from '../../shared/errors.js';
import type { AuditBus } from '../audit.js';
import { requireCaller } from '../auth.js';

export interface AdminRoutesDeps {
  org: OrgStore;
  cameras: CameraStore;
  users: UserStore;
  sessions: SessionStore;
  throttle: LoginThrottle;
  bus: AuditBus;
  /** Called after a user's unit, role, state or sessions changed, so live connections are re-checked. */
  onUserChanged?: ((userId: string) => void) | undefined;
}

export const adminOf = (req: Request): Caller => requireAdmin(requireCaller(req));

/**
 * The record when the admin manages its unit; otherwise the same 404 as an unknown id, so the ids of other
 * branches cannot be probed.
 */
export function managed<T extends { orgUnitId: string }>(caller: Caller, record: T | undefined, what: string): T {
  if (!record || !manages(caller, record.orgUnitId)) throw new VigilError('VIGIL_NOT_FOUND', `No such ${what}`);
  return record;
}

/** The target unit of a create or a move: managed by the admin (else 403) and existing (else 400). */
export function targetUnit(deps: Pick<AdminRoutesDeps, 'org'>, caller: Caller, orgUnitId: string, what: string) {
  if (!manages(caller, orgUnitId)) {
    throw new VigilError('VIGIL_FORBIDDEN', `A branch administrator can only ${what} in its own branch`, {
      details: { reason: 'own_branch_only' },
    });
  }
  const unit = deps.org.getUnit(orgUnitId);
  if (!unit) {
    throw new VigilError('VIGIL_VALIDATION', `orgUnitId: no org unit "${orgUnitId}"`, {
      details: [{ path: 'orgUnitId', message: 'no such org unit' }],
    });
  }
  return unit;
}
