// Access scope: a center user sees the whole province; a branch user only its branch's enterprises and cameras; an
// enterprise account only its own enterprise.
import type { OrgUnit } from '../contracts/index.js';

export type Scope =
  | { kind: 'province' }
  | { kind: 'branch'; orgUnitId: string }
  /** `recordings`: whether the agency lets this enterprise read its own recorded footage. */
  | { kind: 'enterprise'; orgUnitId: string; enterpriseId: string; recordings: boolean };

export function scopeOf(unit: Pick<OrgUnit, 'id' | 'kind'>): Scope {
  return unit.kind === 'center' ? { kind: 'province' } : { kind: 'branch', orgUnitId: unit.id };
}

/**
 * True when something owned by `orgUnitId` (an enterprise, its cameras, their events) is inside the scope. An
 * enterprise scope also needs the owning enterprise: what names none (a branch, a link) is outside it.
 */
export function inScope(
  scope: Scope,
  orgUnitId: string | null | undefined,
  enterpriseId?: string | null | undefined,
): boolean {
  if (scope.kind === 'province') return true;
  if (orgUnitId === null || orgUnitId === undefined || orgUnitId !== scope.orgUnitId) return false;
  return scope.kind === 'branch' || (enterpriseId !== null && enterpriseId === scope.enterpriseId);
}
