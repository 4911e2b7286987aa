// Access scope: a center user sees the whole province; a branch user sees only its branch's enterprises and cameras.
import type { OrgUnit } from '../contracts/index.js';

export type Scope = { kind: 'province' } | { kind: 'branch'; orgUnitId: string };

export function scopeOf(unit: Pick<OrgUnit, 'id' | 'kind'>): Scope {
  return unit.kind === 'center' ? { kind: 'province' } : { kind: 'branch', orgUnitId: unit.id };
}

/** True when something owned by `orgUnitId` (an enterprise, its cameras, their events) is inside the scope. */
export function inScope(scope: Scope, orgUnitId: string | null | undefined): boolean {
  return scope.kind === 'province' || (orgUnitId !== null && orgUnitId !== undefined && orgUnitId === scope.orgUnitId);
}
