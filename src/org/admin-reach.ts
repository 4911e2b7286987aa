// What an administrator may manage: a center admin the whole province, a branch admin only its own branch.
import { VigilError } from '../shared/errors.js';
import type { Caller } from './caller.js';
import { inScope } from './scope.js';

/** Administration is for admins only: others are refused outright (403), whatever they ask for. */
export function requireAdmin(caller: Caller): Caller {
  if (caller.role !== 'admin')
    throw new VigilError('VIGIL_FORBIDDEN', 'Only administrators can manage the organisation', {
      details: { reason: 'admin_only' },
    });
  return caller;
}

/** True when the admin may manage things owned by `orgUnitId`. */
export function manages(caller: Caller, orgUnitId: string | null | undefined): boolean {
  return caller.role === 'admin' && inScope(caller.scope, orgUnitId);
}

export function isCenterAdmin(caller: Caller): boolean {
  return caller.role === 'admin' && caller.scope.kind === 'province';
}

/** Only the center's administrators shape the tree itself (branches) and move enterprises between branches. */
export function requireCenterAdmin(caller: Caller, what: string): void {
  if (!isCenterAdmin(caller))
    throw new VigilError('VIGIL_FORBIDDEN', `Only a monitoring-center administrator can ${what}`, {
      details: { reason: 'center_admin_only' },
    });
}
